"""A reference request: one per referee asked, with the referee's answer and HR's mark.

A request is opened for each referee the candidate named when the conditional
offer is accepted (services.reference_requests_open); a request that bounced or
that the referee turned down is replaced by a new one for a referee the
candidate names then (``replaces``), so the rows of an application are its
reference history. The referee's answers are staff-only: the candidate sees
"requested" or "received", never the content.
"""

from django.conf import settings
from django.db import models


class ReferenceStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    RECEIVED = "received", "Received"
    DECLINED = "declined", "Referee cannot give a reference"
    BOUNCED = "bounced", "Request email bounced"


class Capacity(models.TextChoices):
    EMPLOYER = "employer", "Their employer or line manager"
    COLLEAGUE = "colleague", "A colleague"
    ACADEMIC = "academic", "Their teacher, tutor or lecturer"
    PERSONAL = "personal", "Personally (a character reference)"


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class Reemploy(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class ReferenceRequest(models.Model):
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="reference_requests"
    )
    # The referee row the candidate gave on the form (null for a replacement referee,
    # whose details are only here).
    referee = models.ForeignKey(
        "applications.Referee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reference_requests",
    )
    replaces = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by"
    )
    # The referee as asked (copied, so the history stays true if the form row changes).
    referee_name = models.CharField(max_length=200)
    referee_email = models.EmailField(max_length=254)
    referee_organisation = models.CharField(max_length=200, blank=True)
    referee_relationship = models.CharField(max_length=200, blank=True)

    status = models.CharField(
        max_length=10, choices=ReferenceStatus.choices, default=ReferenceStatus.REQUESTED
    )
    # Random and unique; the emailed link carries it signed (references/tokens.py).
    token_key = models.CharField(max_length=64, unique=True, editable=False)
    requested_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    first_chaser_at = models.DateTimeField(null=True, blank=True)
    second_chaser_at = models.DateTimeField(null=True, blank=True)
    # When the bounce or refusal was noticed and the candidate asked for someone else.
    replacement_asked_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    # The referee's answers (docs/references.md).
    referee_position = models.CharField(max_length=200, blank=True)
    capacity = models.CharField(max_length=10, choices=Capacity.choices, blank=True)
    known_from = models.DateField(null=True, blank=True)
    known_to = models.DateField(null=True, blank=True)
    candidate_role = models.CharField(max_length=200, blank=True)
    disciplinary = models.CharField(max_length=3, choices=Answer.choices, blank=True)
    disciplinary_detail = models.TextField(max_length=2000, blank=True)
    integrity_concerns = models.CharField(max_length=3, choices=Answer.choices, blank=True)
    integrity_detail = models.TextField(max_length=2000, blank=True)
    would_reemploy = models.CharField(max_length=14, choices=Reemploy.choices, blank=True)
    comments = models.TextField(max_length=3000, blank=True)
    cannot_give_reason = models.TextField(max_length=2000, blank=True)

    # HR's mark (services.reference_assess); null: not marked yet.
    satisfactory = models.BooleanField(null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assessed_at = models.DateTimeField(null=True, blank=True)
    assessment_note = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["application", "requested_at", "id"]
        permissions = [("assess_reference", "Can mark a reference satisfactory or not")]
        constraints = [
            # One request per referee the candidate gave: a replayed "checks started" opens none.
            models.UniqueConstraint(
                fields=["application", "referee"],
                condition=models.Q(referee__isnull=False),
                name="reference_request_once_per_referee",
            ),
            models.CheckConstraint(
                condition=models.Q(satisfactory__isnull=True) | models.Q(status="received"),
                name="reference_marked_only_when_received",
            ),
        ]
        indexes = [
            # The chase task's scan: unanswered requests by age.
            models.Index(
                fields=["requested_at"],
                name="reference_unanswered_idx",
                condition=models.Q(status="requested"),
            ),
        ]

    def __str__(self):
        return f"Reference request {self.pk}"
