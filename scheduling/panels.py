"""What the application pages show of bookings (registered in SchedulingConfig.ready).

The HR change page lists every booking of the application (live and
cancelled, with why); the candidate's page shows their live booking with
links to change or cancel it, or a button to book when they are invited.
Each runs one query.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from . import selectors, services, wording
from .models import Booking
from .rounds import STAGES, round_for_stage


def admin_panel(request, application) -> str:
    bookings = selectors.bookings_of(application)
    if not bookings and round_for_stage(application.stage) is None:
        return ""
    return render_to_string(
        "admin/scheduling/booking_panel.html",
        {
            "bookings": [
                {
                    "booking": booking,
                    "when": wording.slot_when(booking.slot),
                    "where": wording.slot_where(booking.slot),
                }
                for booking in bookings
            ],
            # Staff recorded "booked" by hand (a phone booking): no slot holds a place.
            "booked_without_slot": application.stage in {s.booked for s in STAGES.values()}
            and not any(booking.is_live for booking in bookings),
            "slots_url": reverse("admin:scheduling_slot_changelist")
            + f"?vacancy__id__exact={application.vacancy_id}",
        },
        request=request,
    )


def candidate_panel(application) -> str:
    round_ = round_for_stage(application.stage)
    if round_ is None:
        return ""
    round_name = wording.ROUND_NAMES[round_]
    book_url = reverse("scheduling:book", args=[application.pk, round_.value])
    live: Booking | None = selectors.live_booking(application=application, round_=round_)
    context: dict = {"bookings": [], "invite": None}
    if live is not None:
        context["bookings"].append(
            {
                "round_name": round_name,
                "when": wording.slot_when(live.slot),
                "where": gettext(wording.slot_where(live.slot)),
                "can_change": timezone.now() <= services.booking_cutoff(live.slot),
                "book_url": book_url,
                "cancel_url": reverse("scheduling:cancel", args=[application.pk, round_.value]),
            }
        )
    elif application.stage == STAGES[round_].invited:
        context["invite"] = {"round_name": round_name, "book_url": book_url}
    return render_to_string("scheduling/candidate_panel.html", context)
