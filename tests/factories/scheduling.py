"""Slots, and applications invited to book one, for the scheduling tests."""

import datetime

from django.utils import timezone

from scheduling import services
from scheduling.models import Slot
from tests.factories.applications import move, submitted_application


def make_slot(
    vacancy, *, by, round: str = "assessment", days: float = 7, hours: float = 2, capacity=1
) -> Slot:
    """A slot ``days`` from now, through the HR service (so the rules apply)."""
    starts_at = (timezone.now() + datetime.timedelta(days=days)).replace(microsecond=0)
    return services.slot_create(
        by=by,
        vacancy=vacancy,
        round=round,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        online=False,
        place="ROCU headquarters, 1 Example Street, Leeds LS1 1AA",
        capacity=capacity,
    )


def invited_to_assessment(hr, email: str = "sam@example.com", vacancy=None):
    application = submitted_application(email=email, vacancy=vacancy)
    for stage in ("sift", "assessment_invited"):
        application = move(application, stage, hr)
    return application
