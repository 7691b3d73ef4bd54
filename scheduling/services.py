"""Writes for slots and bookings.

HR create and change slots (``slot_create``, ``slot_update``: ROCU and
permission checked, every problem listed). A signed-in candidate books,
changes or cancels their own slot (``booking_make``, ``booking_cancel``)
until the cut-off, ``SCHEDULING_CHANGE_CUTOFF_HOURS`` before the slot starts.

Over-booking cannot happen: the booking service locks the application row,
then the slot row (``SELECT … FOR UPDATE``; always in that order, so two
bookings cannot deadlock), and only then counts the slot's live bookings, so
two candidates racing for the last place are served one after the other and
the second is told the slot is full. Booking and cancelling move the
application through ``applications.services.application_move_by_candidate``
(its stage email carries the slot and the calendar file); a change swaps the
slot without a stage move and sends its own email. When an application ends
(withdrawn, unsuccessful) or staff cancel a booking, the move listener frees
the place in the move's own transaction.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import user_may_act_for_rocu
from applications import workflow
from applications.models import Application
from applications.services import ApplicationRefused, application_move_by_candidate
from core.site import absolute_url
from notifications.services import NotificationDraft, notification_enqueue_many

from . import calendar, emails, wording
from .models import Booking, CancelledBecause, Slot
from .rounds import STAGES, Round, round_for_event, round_for_stage

logger = logging.getLogger(__name__)


# --- Slots (HR) -----------------------------------------------------------------------


class SlotRefused(Exception):
    """``problems``: field name ("" for the whole slot) -> plain-English sentences."""

    def __init__(self, problems: dict[str, list[str]]):
        self.problems = problems
        super().__init__("; ".join(p for ps in problems.values() for p in ps))


def slot_problems(
    *,
    starts_at: datetime.datetime | None,
    ends_at: datetime.datetime | None,
    capacity: int | None,
    online: bool,
    place: str,
    now: datetime.datetime,
    booked: int = 0,
) -> dict[str, list[str]]:
    """Every reason these slot details cannot be saved, by field (empty: they can)."""
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if starts_at is not None and starts_at <= now:
        add("date", "The slot must be in the future")
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        add("end_time", "The end time must be after the start time")
    if capacity is not None and capacity < 1:
        add("capacity", "Capacity must be at least 1")
    elif capacity is not None and capacity < booked:
        add("capacity", f"{booked} candidates have booked this slot: capacity cannot be lower")
    if not online and not place.strip():
        add("place", "Enter the address, or choose online")
    return problems


def _refuse_unless_allowed(by, vacancy) -> None:
    if not user_may_act_for_rocu(by, vacancy.rocu_id):
        raise SlotRefused({"": [f"You cannot add slots for {vacancy.rocu}"]})
    if not by.has_perm("scheduling.add_slot"):
        raise SlotRefused({"": ["You do not have permission to manage slots"]})


@transaction.atomic
def slot_create(*, by, vacancy, round: str, starts_at, ends_at, online, place, capacity) -> Slot:
    _refuse_unless_allowed(by, vacancy)
    problems = slot_problems(
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        online=online,
        place=place,
        now=timezone.now(),
    )
    if problems:
        raise SlotRefused(problems)
    slot = Slot.objects.create(
        vacancy=vacancy,
        round=Round(round),
        starts_at=starts_at,
        ends_at=ends_at,
        online=online,
        place="" if online else place.strip(),
        capacity=capacity,
        created_by=by,
    )
    logger.info("scheduling: slot %s created for vacancy %s", slot.pk, vacancy.pk)
    return slot


@transaction.atomic
def slot_update(*, slot: Slot, by, starts_at, ends_at, online, place, capacity) -> Slot:
    """Change a slot's time, place or capacity (never below the live bookings).

    When the time or place changes, each candidate booked on it is emailed the
    new details with an updated calendar event (a higher SEQUENCE), and will be
    reminded again before the new time.
    """
    locked = Slot.objects.select_for_update().select_related("vacancy").get(pk=slot.pk)
    _refuse_unless_allowed(by, locked.vacancy)
    live = list(
        Booking.objects.select_for_update(of=("self",))
        .filter(slot=locked, cancelled_at__isnull=True)
        .select_related("application__candidate", "application__vacancy")
    )
    problems = slot_problems(
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        online=online,
        place=place,
        now=timezone.now(),
        booked=len(live),
    )
    if problems:
        raise SlotRefused(problems)
    place = "" if online else place.strip()
    moved = (locked.starts_at, locked.ends_at, locked.online, locked.place) != (
        starts_at,
        ends_at,
        online,
        place,
    )
    locked.starts_at, locked.ends_at, locked.capacity = starts_at, ends_at, capacity
    locked.online, locked.place = online, place
    locked.save(update_fields=["starts_at", "ends_at", "capacity", "online", "place"])
    if moved and live:
        for booking in live:
            booking.slot = locked
            booking.sequence += 2
            booking.reminded_at = None
        Booking.objects.bulk_update(live, ["sequence", "reminded_at"])
        notification_enqueue_many(
            drafts=[_booking_email(booking, emails.BOOKING_CONFIRMED) for booking in live]
        )
        logger.info("scheduling: slot %s changed; %d candidate(s) told", locked.pk, len(live))
    return locked


# --- Bookings (the candidate) -----------------------------------------------------------

NOT_INVITED = "not_invited"
NO_SUCH_SLOT = "no_such_slot"
FULL = "full"
TOO_LATE = "too_late"
TOO_LATE_TO_CHANGE = "too_late_to_change"
NOTHING_BOOKED = "nothing_booked"
MOVED_MEANWHILE = "moved_meanwhile"


class BookingRefused(Exception):
    """A booking the candidate cannot make; ``code`` names why (the page words it)."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def booking_cutoff(slot: Slot) -> datetime.datetime:
    """The last moment a candidate may book, change or cancel this slot."""
    return slot.starts_at - datetime.timedelta(hours=settings.SCHEDULING_CHANGE_CUTOFF_HOURS)


def _lock_application(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("vacancy").get(pk=application.pk)


def _live_booking(application: Application, round_: Round) -> Booking | None:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot")
        .filter(application=application, round=round_, cancelled_at__isnull=True)
        .first()
    )


def _cancel(booking: Booking, *, at, because: str) -> None:
    booking.cancelled_at, booking.cancelled_because = at, because
    booking.save(update_fields=["cancelled_at", "cancelled_because"])


def _move(application: Application, *, to_stage: str, expected_stage: str, at) -> None:
    try:
        application_move_by_candidate(
            application=application, to_stage=to_stage, expected_stage=expected_stage, at=at
        )
    except ApplicationRefused as refused:
        raise BookingRefused(MOVED_MEANWHILE) from refused


@transaction.atomic
def booking_make(*, application: Application, slot_id, at: datetime.datetime) -> Booking:
    """Book the candidate into ``slot_id``, or change their booking to it.

    ``application`` must already be the signed-in candidate's own (the view
    loads it through the candidate's selector). A first booking moves the
    application from invited to booked; a change cancels the old booking and
    makes the new one, with no stage move, and emails the new time.
    """
    locked = _lock_application(application)
    round_ = round_for_stage(locked.stage)
    if round_ is None:
        raise BookingRefused(NOT_INVITED)
    stages = STAGES[round_]
    slot = (
        Slot.objects.select_for_update()
        .filter(pk=slot_id, vacancy_id=locked.vacancy_id, round=round_)
        .first()
        if str(slot_id).isdigit()
        else None
    )
    if slot is None:
        raise BookingRefused(NO_SUCH_SLOT)
    live = _live_booking(locked, round_)
    if live is not None and live.slot_id == slot.pk:
        return live  # a replay (double click, back button): already booked
    if live is not None and at > booking_cutoff(live.slot):
        raise BookingRefused(TOO_LATE_TO_CHANGE)
    if at > booking_cutoff(slot):
        raise BookingRefused(TOO_LATE)
    if slot.bookings.filter(cancelled_at__isnull=True).count() >= slot.capacity:
        raise BookingRefused(FULL)
    # Each booking's calendar event outranks every earlier one for this round.
    earlier = Booking.objects.filter(application=locked, round=round_).aggregate(
        highest=Max("sequence")
    )["highest"]
    if live is not None:
        _cancel(live, at=at, because=CancelledBecause.CHANGED)
    booking = Booking.objects.create(
        slot=slot,
        application=locked,
        round=round_,
        booked_at=at,
        sequence=0 if earlier is None else earlier + 2,
    )
    if locked.stage == stages.invited:
        # The stage email is the confirmation: booking_email_context adds the slot.
        _move(locked, to_stage=stages.booked, expected_stage=stages.invited, at=at)
    else:
        # A change (or a first slot for an application staff marked booked): no stage
        # move, so the booking sends its own email, keyed by the new booking.
        notification_enqueue_many(drafts=[_booking_email(booking, emails.BOOKING_CONFIRMED)])
    logger.info("scheduling: application %s booked slot %s", locked.pk, slot.pk)
    return booking


@transaction.atomic
def booking_cancel(*, application: Application, at: datetime.datetime) -> Booking:
    """The candidate cancels their booking (before the cut-off): back to invited."""
    locked = _lock_application(application)
    round_ = round_for_stage(locked.stage)
    if round_ is None or locked.stage != STAGES[round_].booked:
        raise BookingRefused(NOTHING_BOOKED)
    live = _live_booking(locked, round_)
    if live is None:
        raise BookingRefused(NOTHING_BOOKED)
    if at > booking_cutoff(live.slot):
        raise BookingRefused(TOO_LATE_TO_CHANGE)
    _cancel(live, at=at, because=CancelledBecause.CANDIDATE)
    stages = STAGES[round_]
    _move(locked, to_stage=stages.invited, expected_stage=stages.booked, at=at)
    logger.info("scheduling: application %s cancelled booking %s", locked.pk, live.pk)
    return live


# --- Hooks into the application's moves (registered in SchedulingConfig.ready) ----------


def bookings_release_on_move(application, event) -> None:
    """Free the place when the application ends, or when staff cancel the booking."""
    if event.to_stage in workflow.TERMINAL_STAGES:
        live = Booking.objects.filter(application=application, cancelled_at__isnull=True)
        because = CancelledBecause.APPLICATION_ENDED
    else:
        found = round_for_event(event.event)
        if found is None or found[1] != "cancelled":
            return
        live = Booking.objects.filter(
            application=application, round=found[0], cancelled_at__isnull=True
        )
        because = CancelledBecause.STAFF
    released = live.update(cancelled_at=event.at, cancelled_because=because)
    if released:
        logger.info(
            "scheduling: released %d booking(s) of application %s", released, application.pk
        )


def booking_page_url(application, round_: str) -> str:
    return absolute_url(reverse("scheduling:book", args=[application.pk, round_]))


def _appointment(booking: Booking, *, cancelled: bool = False) -> dict:
    slot = booking.slot
    return {
        "appointment_when": wording.slot_when(slot),
        "appointment_where": wording.slot_where(slot),
        calendar.CONTEXT_KEY: calendar.calendar_event_context(
            booking=booking,
            slot=slot,
            job_title=booking.application.vacancy.title,
            cancelled=cancelled,
        ),
    }


def booking_email_context(application, event) -> dict:
    """The stage emails' link to the booking page, and the slot once one is booked."""
    found = round_for_event(event.event)
    if found is None:
        return {}
    round_, what = found
    context = {"link_url": booking_page_url(application, round_)}
    bookings = Booking.objects.filter(application=application, round=round_).select_related(
        "slot", "application__vacancy"
    )
    if what == "booked":
        booking = bookings.filter(cancelled_at__isnull=True).first()
        if booking is not None:
            context.update(_appointment(booking))
    elif what == "cancelled":
        booking = bookings.filter(cancelled_at__isnull=False).order_by("-cancelled_at").first()
        if booking is not None:
            # The calendar file removes the event; the email says nothing of the old time.
            context[calendar.CONTEXT_KEY] = _appointment(booking, cancelled=True)[
                calendar.CONTEXT_KEY
            ]
    return context


# --- Emails of our own: a changed booking, and the reminder ------------------------------


def _booking_email(booking: Booking, kind: str) -> NotificationDraft:
    """The key names the booking and the calendar SEQUENCE: once per booking and
    version of its slot (a slot HR move later is told, and reminded, again)."""
    application = booking.application
    vacancy = application.vacancy
    return NotificationDraft(
        kind=kind,
        to_email=application.candidate.email,
        idempotency_key=f"booking:{booking.pk}:{kind}:{booking.sequence}",
        context={
            "job_title": vacancy.title,
            "application_reference": application.reference,
            "link_url": booking_page_url(application, booking.round),
            **_appointment(booking),
        },
    )


REMINDER_BATCH_SIZE = 200


def booking_reminders_send(
    *, now: datetime.datetime | None = None, batch_size: int = REMINDER_BATCH_SIZE
) -> int:
    """One reminder per live booking whose slot starts within the reminder window.

    Exactly once: each batch claims its bookings with SKIP LOCKED, queues the
    emails (the key is the booking) and stamps ``reminded_at`` in one
    transaction, so an overlapping or repeated run finds nothing left to send.
    """
    now = now or timezone.now()
    window = datetime.timedelta(hours=settings.SCHEDULING_REMINDER_HOURS_BEFORE)
    sent = 0
    while True:
        with transaction.atomic():
            batch = list(
                Booking.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(
                    Q(cancelled_at__isnull=True, reminded_at__isnull=True),
                    slot__starts_at__gt=now,
                    slot__starts_at__lte=now + window,
                )
                .select_related("slot", "application__candidate", "application__vacancy")
                .order_by("pk")[:batch_size]
            )
            if not batch:
                break
            notification_enqueue_many(
                drafts=[_booking_email(booking, emails.BOOKING_REMINDER) for booking in batch]
            )
            Booking.objects.filter(pk__in=[booking.pk for booking in batch]).update(reminded_at=now)
            sent += len(batch)
        if len(batch) < batch_size:
            break
    logger.info("scheduling: %d booking reminder(s) queued", sent)
    return sent
