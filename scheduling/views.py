"""The candidate books, changes or cancels an assessment or interview slot.

Thin: each page loads the signed-in candidate's own application through the
applications pages' decorator (another candidate's application, from a
forwarded invitation link or a typed id, is a 404 for GET and POST alike),
validates and calls ``scheduling.services``. A refusal (the slot filled up,
the cut-off passed, a made-up slot id) is shown in the error summary.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from applications.views import application_page

from . import selectors, services, wording
from .forms import BookingForm, CancelForm
from .rounds import STAGES, Round

GET_AND_POST = require_http_methods(["GET", "POST"])

REFUSALS = {
    services.NO_SUCH_SLOT: gettext_lazy("Choose one of the times shown"),
    services.FULL: gettext_lazy("That time has just been fully booked: choose another time"),
    services.TOO_LATE: gettext_lazy("That time starts too soon to book: choose a later time"),
    services.TOO_LATE_TO_CHANGE: gettext_lazy(
        "Your booking starts too soon to change or cancel it. Contact the recruitment team"
    ),
    services.NOT_INVITED: gettext_lazy("You cannot book a time for this application now"),
    services.NOTHING_BOOKED: gettext_lazy("You do not have a booking to cancel"),
    services.MOVED_MEANWHILE: gettext_lazy(
        "Your application changed while you were choosing: check it and try again"
    ),
}


def _round(round_: str) -> Round:
    try:
        return Round(round_)
    except ValueError:
        raise Http404("No such round") from None


def _context(application, round_: Round, **extra) -> dict:
    return {
        "application": application,
        "vacancy": application.vacancy,
        "round_name": wording.ROUND_NAMES[round_],
        "round": round_.value,
        "cutoff_hours": settings.SCHEDULING_CHANGE_CUTOFF_HOURS,
        "back_url": reverse("applications:overview", args=[application.pk]),
        **extra,
    }


def _booking_facts(booking) -> dict:
    if booking is None:
        return {}
    return {
        "when": wording.slot_when(booking.slot),
        "where": _(wording.slot_where(booking.slot)),
        "can_change": timezone.now() <= services.booking_cutoff(booking.slot),
    }


@application_page(editable=False)
@GET_AND_POST
def book(request, *, application, round_):
    round_ = _round(round_)
    stages = STAGES[round_]
    if application.stage not in (stages.invited, stages.booked):
        return render(
            request, "scheduling/not_bookable.html", _context(application, round_), status=200
        )
    now = timezone.now()
    live = selectors.live_booking(application=application, round_=round_)
    slots = [
        slot
        for slot in selectors.bookable_slots(application=application, round_=round_, now=now)
        if live is None or slot.pk != live.slot_id
    ]
    form = BookingForm(request.POST if request.method == "POST" else None, slots=slots)
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_make(
                application=application, slot_id=form.cleaned_data["slot"], at=now
            )
        except services.BookingRefused as refused:
            form.add_error("slot", REFUSALS[refused.code])
        else:
            return redirect("scheduling:booked", pk=application.pk, round_=round_.value)
    return render(
        request,
        "scheduling/book.html",
        _context(application, round_, form=form, booking=_booking_facts(live)),
        status=400 if form.errors else 200,
    )


@application_page(editable=False)
@require_http_methods(["GET"])
def booked(request, *, application, round_):
    round_ = _round(round_)
    live = selectors.live_booking(application=application, round_=round_)
    if live is None:
        return redirect("scheduling:book", pk=application.pk, round_=round_.value)
    return render(
        request,
        "scheduling/booked.html",
        _context(application, round_, booking=_booking_facts(live)),
    )


@application_page(editable=False)
@GET_AND_POST
def cancel(request, *, application, round_):
    round_ = _round(round_)
    live = selectors.live_booking(application=application, round_=round_)
    if live is None:
        return redirect("scheduling:book", pk=application.pk, round_=round_.value)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_cancel(application=application, at=timezone.now())
        except services.BookingRefused as refused:
            form.add_error(None, REFUSALS[refused.code])
        else:
            return redirect("scheduling:book", pk=application.pk, round_=round_.value)
    return render(
        request,
        "scheduling/cancel.html",
        _context(application, round_, form=form, booking=_booking_facts(live)),
        status=400 if form.errors else 200,
    )
