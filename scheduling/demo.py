"""Demo slots and bookings: on the two demo adverts, assessment and interview slots
next week, and a booking for each demo application at a booked stage.

Runs after applications' demo (INSTALLED_APPS order). Everything goes through
``scheduling.services``; idempotent (an advert that has slots, an application
that has a live booking, is left alone). Applications at an invited stage stay
unbooked, so a newcomer can book one from the candidate's side.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from accounts.selectors import user_may_act_for_rocu
from applications.demo import demo_adverts
from applications.models import Application

from . import services
from .models import Booking, Slot
from .rounds import STAGES, Round

# (round, days from today, start hour, online, capacity)
DEMO_SLOTS = [
    (Round.ASSESSMENT, 7, 10, False, 4),
    (Round.ASSESSMENT, 8, 14, True, 4),
    (Round.INTERVIEW, 14, 10, False, 2),
    (Round.INTERVIEW, 15, 11, True, 2),
]
PLACE = "Regional headquarters, 1 Example Street (demo address)"


def _slot_maker(vacancy) -> User | None:
    for user in User.objects.filter(is_active=True, is_staff=True).order_by("username"):
        if user.has_perm("scheduling.add_slot") and user_may_act_for_rocu(user, vacancy.rocu_id):
            return user
    return None


def _slots(vacancy, by, today) -> None:
    for round_, days, hour, online, capacity in DEMO_SLOTS:
        starts_at = datetime.datetime.combine(
            today + datetime.timedelta(days=days),
            datetime.time(hour),
            tzinfo=timezone.get_current_timezone(),
        )
        services.slot_create(
            by=by,
            vacancy=vacancy,
            round=round_,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            online=online,
            place="" if online else PLACE,
            capacity=capacity,
        )


def seed(*, write) -> None:
    now = timezone.now()
    adverts = demo_adverts(now)
    slots_made = booked = 0
    for vacancy in adverts:
        by = _slot_maker(vacancy)
        if by is None:
            write(f"Demo slots: skipped {vacancy.reference} (no HR user for its ROCU).")
            continue
        if not Slot.objects.filter(vacancy=vacancy).exists():
            _slots(vacancy, by, timezone.localdate())
            slots_made += len(DEMO_SLOTS)
        for round_, stages in STAGES.items():
            waiting = Application.objects.filter(vacancy=vacancy, stage=stages.booked).exclude(
                bookings__round=round_, bookings__cancelled_at__isnull=True
            )
            first_slot = Slot.objects.filter(vacancy=vacancy, round=round_).first()
            for application in waiting:
                services.booking_make(application=application, slot_id=first_slot.pk, at=now)
                booked += 1
    write(
        f"Demo slots: {slots_made} slot(s) and {booked} booking(s) added "
        f"({Booking.objects.filter(cancelled_at__isnull=True).count()} live bookings)."
    )
