"""Public referee pages (no sign-in) and the candidate's "give another referee" page.

A referee reaches the form only through the emailed link: an altered link is a
404 page, an expired one or one for an application that has moved on (offer
declined or withdrawn) a 410 page, a used one the thank-you page; none is a
500. Posts are rate-limited per client address and per link
(core/ratelimits.py). Pages are never cached: the link is a credential, and a
shared computer's back button must not show someone's answers.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from applicants.session import candidate_required
from core.ratelimits import over_email_form_limits

from . import selectors, services, tokens
from .forms import CannotGiveForm, NewRefereeForm, ReferenceForm
from .services import ReferenceClosed

GET_AND_POST = require_http_methods(["GET", "HEAD", "POST"])

_CLOSED_PAGES = {
    ReferenceClosed.ANSWERED: ("references/answered.html", 200),
    ReferenceClosed.EXPIRED: ("references/expired.html", 410),
    ReferenceClosed.NOT_NEEDED: ("references/not_needed.html", 410),
}


def _invalid(request):
    return render(request, "references/invalid.html", status=404)


def _closed(request, reference, code: str):
    template, status = _CLOSED_PAGES[code]
    return render(request, template, _context(reference), status=status)


def _context(reference, **extra) -> dict:
    vacancy = reference.application.vacancy
    return {
        "reference": reference,
        "rocu_name": vacancy.rocu.name,
        "job_title": vacancy.title,
        "candidate_name": reference.application.full_name,
        **extra,
    }


def _open_reference(request, token: str):
    """(reference, None) if the link may be used now, else (None, the page to show)."""
    try:
        token_key = tokens.read_token(token)
    except tokens.InvalidLink:
        return None, _invalid(request)
    reference = selectors.reference_request_by_token_key(token_key)
    if reference is None:
        return None, _invalid(request)
    try:
        services.reference_closed_problem(reference, now=timezone.now())
    except ReferenceClosed as closed:
        return None, _closed(request, reference, closed.code)
    return reference, None


def _over_rate_limit(request, token: str) -> bool:
    return over_email_form_limits(
        request,
        group="references.referee_form",
        per_ip=settings.REFERENCES_RATE_PER_IP,
        per_address=settings.REFERENCES_RATE_PER_LINK,
        # Counted by the link, hashed so the cache never holds a working one.
        address_key=hashlib.sha256(token.encode()).hexdigest(),
    )


def _write(request, token, reference, service, **arguments):
    """Call a referee service; the page for a link that closed meanwhile, or None."""
    try:
        service(token_key=reference.token_key, **arguments)
    except tokens.InvalidLink:
        return _invalid(request)
    except ReferenceClosed as closed:
        return _closed(request, reference, closed.code)
    return None


@never_cache
@GET_AND_POST
def give(request, token: str):
    reference, page = _open_reference(request, token)
    if page is not None:
        return page
    form = ReferenceForm(
        request.POST if request.method == "POST" else None, today=timezone.localdate()
    )
    if request.method == "POST":
        if _over_rate_limit(request, token):
            return render(request, "references/rate_limited.html", status=429)
        if form.is_valid():
            closed = _write(
                request, token, reference, services.reference_submit, answers=form.answers()
            )
            return closed or redirect("references:thanks", token)
    return render(request, "references/give.html", _context(reference, form=form, token=token))


@never_cache
@GET_AND_POST
def cannot_give(request, token: str):
    reference, page = _open_reference(request, token)
    if page is not None:
        return page
    form = CannotGiveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if _over_rate_limit(request, token):
            return render(request, "references/rate_limited.html", status=429)
        if form.is_valid():
            closed = _write(
                request,
                token,
                reference,
                services.reference_decline,
                reason=form.cleaned_data["reason"],
            )
            return closed or redirect("references:thanks", token)
    return render(
        request, "references/cannot_give.html", _context(reference, form=form, token=token)
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def thanks(request, token: str):
    try:
        reference = selectors.reference_request_by_token_key(tokens.read_token(token))
    except tokens.InvalidLink:
        reference = None
    if reference is None:
        return _invalid(request)
    if reference.responded_at is None:
        return redirect("references:give", token)
    return render(request, "references/thanks.html", _context(reference))


@never_cache
@GET_AND_POST
@candidate_required
def new_referee(request, *, candidate, pk: int, request_pk: int):
    reference = selectors.reference_request_for_candidate(
        candidate=candidate, application_pk=pk, pk=request_pk
    )
    if reference is None:
        raise Http404("No such reference request")
    overview_url = reverse("applications:overview", args=[pk])
    problems = services.reference_replace_problems(reference)
    if problems:
        return render(
            request,
            "references/new_referee_closed.html",
            {"problems": problems, "overview_url": overview_url, "reference": reference},
        )
    form = NewRefereeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reference_replace(
                reference=reference,
                candidate=candidate,
                **{
                    name: form.cleaned_data[name]
                    for name in ("name", "email", "organisation", "relationship")
                },
            )
        except services.ReferenceRefused as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
        else:
            return redirect(overview_url)
    return render(
        request,
        "references/new_referee.html",
        {
            "form": form,
            "reference": reference,
            "application": reference.application,
            "overview_url": overview_url,
            "back_url": overview_url,
        },
    )
