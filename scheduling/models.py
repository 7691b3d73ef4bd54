"""Assessment and interview slots for an advert, and the candidates' bookings.

A slot belongs to one advert and one round; a booking ties one application to
one slot. Bookings are never deleted: a cancelled (or released) booking keeps
its row with ``cancelled_at`` and why, so the admin and the calendar file can
say what changed. At most one live booking per application and round is a
database constraint; "no more live bookings than places" is kept by the
booking service, which locks the slot row before it counts
(``scheduling.services``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .rounds import Round


class SlotRound(models.TextChoices):
    # The candidate's calendar file names the round (scheduling.calendar).
    ASSESSMENT = Round.ASSESSMENT.value, _("Assessment exercise")
    INTERVIEW = Round.INTERVIEW.value, _("Interview")


class SlotQuerySet(models.QuerySet):
    def with_booked_count(self):
        return self.annotate(
            booked_count=models.Count("bookings", filter=Q(bookings__cancelled_at__isnull=True))
        )


class Slot(models.Model):
    vacancy = models.ForeignKey(
        "vacancies.Vacancy", on_delete=models.PROTECT, related_name="slots", verbose_name="advert"
    )
    round = models.CharField(max_length=20, choices=SlotRound.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    online = models.BooleanField(
        default=False, help_text="The candidate joins by video; we email the link."
    )
    place = models.CharField(
        max_length=300, blank=True, help_text="The address, when the slot is in person."
    )
    capacity = models.PositiveSmallIntegerField(
        default=1, help_text="How many candidates can book this slot."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SlotQuerySet.as_manager()

    class Meta:
        ordering = ("starts_at", "pk")
        indexes = [models.Index(fields=("vacancy", "round", "starts_at"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="scheduling_slot_capacity_at_least_one"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="scheduling_slot_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(online=True) | ~Q(place=""), name="scheduling_slot_has_a_place"
            ),
        ]

    def __str__(self):
        from .wording import slot_when

        return f"{self.get_round_display()}, {slot_when(self)}"


class CancelledBecause(models.TextChoices):
    CANDIDATE = "candidate", "Cancelled by the candidate"
    CHANGED = "changed", "Changed to another slot by the candidate"
    STAFF = "staff", "Cancelled by staff"
    APPLICATION_ENDED = "application_ended", "The application ended (withdrawn or unsuccessful)"


class Booking(models.Model):
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="bookings"
    )
    # The slot's round, copied so that the database can hold "one live booking per round".
    round = models.CharField(max_length=20, choices=SlotRound.choices)
    booked_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_because = models.CharField(
        max_length=20, choices=CancelledBecause.choices, blank=True
    )
    # The calendar event's SEQUENCE (scheduling/calendar.py): 2 more than the last
    # booking of this application and round, and 2 more each time HR move the slot,
    # so each change outranks the last (a cancellation is SEQUENCE + 1).
    sequence = models.PositiveSmallIntegerField(default=0)
    # Set in the transaction that queues the reminder (scheduling.services).
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("booked_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("application", "round"),
                condition=Q(cancelled_at__isnull=True),
                name="scheduling_one_live_booking_per_round",
            ),
        ]
        indexes = [
            models.Index(
                fields=("reminded_at",),
                condition=Q(cancelled_at__isnull=True, reminded_at__isnull=True),
                name="scheduling_booking_to_remind",
            ),
        ]

    def __str__(self):
        return f"Booking {self.pk} ({self.round})"

    @property
    def is_live(self) -> bool:
        return self.cancelled_at is None
