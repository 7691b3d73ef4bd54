"""The candidate's pages: answer the conditional offer, fill in the medical questionnaire.

Thin: each loads the signed-in candidate's own application (another candidate's
link is a 404 page that says so), validates and calls ``offers.services``.
Never cached: a shared computer's back button must not show health answers.
"""

from __future__ import annotations

import contextlib
from functools import wraps

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from applicants.session import candidate_required
from applications.selectors import application_get_for_candidate
from applications.workflow import Stage

from . import selectors, services
from .forms import QUESTIONS, DeclineForm, MedicalQuestionnaireForm
from .models import MedicalStatus, OfferDecision


def _own_application(view):
    @wraps(view)
    @never_cache
    @require_http_methods(["GET", "POST"])
    @candidate_required
    def wrapper(request, *, candidate, pk):
        application = application_get_for_candidate(candidate=candidate, pk=pk)
        if application is None:
            # Someone else's link (or a mistyped one): say so, with no detail of it.
            return render(request, "offers/not_yours.html", {"candidate": candidate}, status=404)
        return view(request, application=application)

    return wrapper


def _context(application, **extra) -> dict:
    return {"application": application, "vacancy": application.vacancy, **extra}


@_own_application
def offer(request, *, application):
    summary = selectors.checks_summary(application)
    if summary.offer is None:
        return render(request, "offers/not_yours.html", {"no_offer": True}, status=404)
    refusal = ""
    if request.method == "POST":
        try:
            services.offer_accept(application=application)
        except services.OfferRefused as refused:
            refusal = refused.code
        else:
            return redirect("offers:offer", pk=application.pk)
    application.refresh_from_db(fields=["stage"])
    offer = summary.offer
    offer.refresh_from_db()
    open_ = (
        offer.decision == OfferDecision.PENDING
        and application.stage == Stage.CONDITIONAL_OFFER
        and timezone.now() < offer.respond_by
    )
    return render(
        request,
        "offers/offer.html",
        _context(
            application,
            offer=offer,
            open=open_,
            expired=offer.decision == OfferDecision.PENDING and not open_,
            refusal=refusal,
            medical_to_do=bool(summary.medical and summary.medical.status == MedicalStatus.SENT),
        ),
        status=409 if refusal else 200,
    )


@_own_application
def decline(request, *, application):
    summary = selectors.checks_summary(application)
    if summary.offer is None:
        return render(request, "offers/not_yours.html", {"no_offer": True}, status=404)
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # Refused (answered already, or the deadline passed): the offer page says why.
        with contextlib.suppress(services.OfferRefused):
            services.offer_decline(application=application, reason=form.cleaned_data["reason"])
        return redirect("offers:offer", pk=application.pk)
    return render(request, "offers/decline.html", _context(application, form=form))


@_own_application
def medical(request, *, application):
    summary = selectors.checks_summary(application)
    if summary.medical is None:
        # Health questions come only after an accepted offer (Equality Act 2010 s.60).
        return render(request, "offers/medical_not_yet.html", _context(application), status=404)
    if summary.medical.status != MedicalStatus.SENT:
        return render(request, "offers/medical_sent.html", _context(application))
    form = MedicalQuestionnaireForm(request.POST if request.method == "POST" else None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            services.medical_questionnaire_return(application=application, answers=form.answers())
        except services.CheckRefused as refused:
            errors = list(refused.problems.values())
        else:
            return redirect("offers:medical", pk=application.pk)
    return render(
        request,
        "offers/medical.html",
        _context(application, form=form, questions=_questions(form), extra_errors=errors),
    )


def _questions(form):
    return [
        (form[name], question, form.items[name], form[detail], label)
        for name, question, detail, label in QUESTIONS
    ]
