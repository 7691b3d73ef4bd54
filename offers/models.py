"""The conditional offer and the pre-employment checks: one record each, per application.

- ``Offer``: made when HR makes the conditional offer (a move listener); the
  candidate accepts or declines it from its page before ``respond_by``.
- ``MedicalQuestionnaire``: sent once the offer is accepted (health questions
  before an offer are unlawful: Equality Act 2010 s.60). Its answers are read
  by occupational health only; HR sees the status.
- ``RightToWorkCheck``: HR's record of the document they checked.
- ``VettingCase``: one per vetting level the advert requires, decided by the
  host force's vetting unit (or UK Security Vetting); we record status and dates,
  never the vetting form. Its details need ``offers.record_vetting``.

Every write goes through ``offers.services``.
"""

from django.conf import settings
from django.db import models

from applications.models import Application


class OfferDecision(models.TextChoices):
    PENDING = "", "Waiting for the candidate"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Offer(models.Model):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="offer")
    made_at = models.DateTimeField()
    respond_by = models.DateTimeField(help_text="After this the candidate's link says so.")
    decision = models.CharField(
        max_length=10, choices=OfferDecision.choices, default=OfferDecision.PENDING, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The candidate's optional words when declining (HR only; never emailed).
    decline_reason = models.TextField(blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision="") | models.Q(decided_at__isnull=False),
                name="offer_decision_has_a_time",
            ),
        ]

    def __str__(self):
        return f"Offer for application {self.application_id}"


class MedicalStatus(models.TextChoices):
    SENT = "sent", "Sent"
    RETURNED = "returned", "Returned"
    CLEARED = "cleared", "Cleared"
    NOT_CLEARED = "not_cleared", "Not cleared"


class MedicalQuestionnaire(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="medical_questionnaire"
    )
    status = models.CharField(
        max_length=12, choices=MedicalStatus.choices, default=MedicalStatus.SENT
    )
    sent_at = models.DateTimeField()
    returned_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The candidate's answers (offers.questionnaire.QUESTIONS): occupational health only.
    answers = models.JSONField(default=dict, blank=True)
    # Occupational health's note on its decision: occupational health only.
    decision_note = models.TextField(blank=True)

    class Meta:
        verbose_name = "medical questionnaire"
        permissions = [
            ("decide_medical", "Can read medical answers and clear or not clear them"),
        ]

    def __str__(self):
        return f"Medical questionnaire for application {self.application_id}"


class RightToWorkDocument(models.TextChoices):
    UK_PASSPORT = "uk_passport", "UK or Irish passport"
    BIRTH_CERTIFICATE = "birth_certificate", "UK birth certificate with National Insurance proof"
    SHARE_CODE = "share_code", "Home Office online check (share code)"
    BRP = "brp", "Biometric residence permit or card"
    OTHER = "other", "Another document on the Home Office list"


class RightToWorkCheck(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="right_to_work_check"
    )
    checked_on = models.DateField()
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    document_type = models.CharField(max_length=20, choices=RightToWorkDocument.choices)
    # A time-limited right to work: HR must check again before this date.
    expires_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "right to work check"

    def __str__(self):
        return f"Right to work for application {self.application_id}"


class VettingStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    FORMS_SENT = "forms_sent", "Forms sent"
    SUBMITTED = "submitted", "Forms submitted"
    CLEARED = "cleared", "Cleared"
    REFUSED = "refused", "Refused"


class AppealOutcome(models.TextChoices):
    NONE = "", "No decision"
    UPHELD = "upheld", "Upheld: clearance granted"
    DISMISSED = "dismissed", "Dismissed: refusal stands"


class VettingCase(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="vetting_cases"
    )
    level = models.ForeignKey("vetting.VettingLevel", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=12, choices=VettingStatus.choices, default=VettingStatus.NOT_STARTED
    )
    forms_sent_on = models.DateField(null=True, blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(
        null=True, blank=True, help_text="When the vetting unit cleared or refused."
    )
    renewal_due_on = models.DateField(null=True, blank=True)
    # Why it was refused: vetting officers only, never emailed or logged.
    refusal_detail = models.TextField(blank=True)
    appeal_lodged_on = models.DateField(null=True, blank=True)
    appeal_decided_on = models.DateField(null=True, blank=True)
    appeal_outcome = models.CharField(
        max_length=10, choices=AppealOutcome.choices, default=AppealOutcome.NONE, blank=True
    )
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "level"], name="one_vetting_case_per_level"
            ),
        ]
        permissions = [
            ("record_vetting", "Can read and record vetting cases (vetting officer)"),
        ]

    def __str__(self):
        return f"{self.level.code} vetting for application {self.application_id}"
