"""Reads for slots and bookings: the candidate's choice of times, the panels, the checks."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import F, QuerySet

from accounts.selectors import scope_to_user_rocus
from applications import workflow

from .models import Booking, Slot
from .rounds import Round


def slots_for_staff(user) -> QuerySet[Slot]:
    """The slots of the adverts of ``user``'s ROCUs, with their live booking counts."""
    return scope_to_user_rocus(
        Slot.objects.with_booked_count().select_related("vacancy__rocu"),
        user,
        rocu_field="vacancy__rocu",
    )


def bookable_slots(*, application, round_: Round, now: datetime.datetime) -> list[Slot]:
    """The slots the candidate may choose now: this advert and round, before the
    cut-off, with a place left (the one they hold counts as theirs)."""
    cutoff = datetime.timedelta(hours=settings.SCHEDULING_CHANGE_CUTOFF_HOURS)
    return list(
        Slot.objects.with_booked_count()
        .filter(vacancy_id=application.vacancy_id, round=round_, starts_at__gt=now + cutoff)
        .filter(booked_count__lt=F("capacity"))
        .order_by("starts_at", "pk")
    )


def live_booking(*, application, round_: Round) -> Booking | None:
    return (
        Booking.objects.select_related("slot")
        .filter(application=application, round=round_, cancelled_at__isnull=True)
        .first()
    )


def bookings_of(application) -> list[Booking]:
    """Every booking of an application, newest first (the admin panel's history)."""
    return list(
        Booking.objects.filter(application=application)
        .select_related("slot")
        .order_by("-booked_at", "-pk")
    )


def live_bookings_of_ended_applications():
    """Application ids holding a place after they ended (withdrawn, unsuccessful…)."""
    return (
        Booking.objects.filter(
            cancelled_at__isnull=True, application__stage__in=list(workflow.TERMINAL_STAGES)
        )
        .order_by("application_id")
        .values_list("application_id", flat=True)
        .distinct()
    )
