"""The candidate's application pages: start, task list, eight sections, check, submit.

Thin: each view loads the candidate's own application through
``selectors.application_get_for_candidate`` (another candidate's id is a 404,
for GET and POST alike), validates a form and calls a service. Pages are
never_cache: a shared computer's back button must not show someone's answers.
Nothing here logs what a candidate typed.
"""

from __future__ import annotations

import contextlib
from functools import wraps

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from applicants.session import candidate_required, current_candidate, sign_in_url
from vacancies.presentation import vetting_requirements
from vetting import clock, wording
from vetting import selectors as vetting_selectors
from vetting import self_check as vetting_self_check
from vetting.forms import HeldClearanceForm, HoldsClearanceForm, PeriodForm, RemoveForm
from vetting.result import build_result
from vetting.rules import window_start_for

from . import extensions, presentation, selectors, services, workflow
from .forms import (
    AdjustmentsForm,
    DeclarationForm,
    EmploymentConfirmForm,
    EmploymentEntryForm,
    EqualityForm,
    PersonalDetailsForm,
    QuestionsForm,
    RefereeForm,
    RefereesConfirmForm,
    ResidenceConfirmForm,
    WithdrawForm,
)
from .models import EmploymentEntry, Referee, ResidencePeriod, RightToWork
from .sections import REFEREES_REQUIRED, Section, employment_gaps
from .workflow import Stage

GET_AND_POST = require_http_methods(["GET", "POST"])


def _url(name: str, application, **kwargs) -> str:
    return reverse(f"applications:{name}", kwargs={"pk": application.pk, **kwargs})


def application_page(*, editable: bool):
    """Load the signed-in candidate's application ``pk`` (404 if not theirs).

    An editable page of an application that is no longer a draft, or whose
    advert has closed, sends the candidate to the application's own page.
    """

    def decorator(view):
        @wraps(view)
        @never_cache
        @candidate_required
        def wrapper(request, *args, candidate, pk, **kwargs):
            application = selectors.application_get_for_candidate(candidate=candidate, pk=pk)
            if application is None:
                raise Http404("No such application")
            if editable and (
                application.stage != Stage.DRAFT
                or not application.vacancy.is_open(now=timezone.now())
            ):
                return redirect(_url("overview", application))
            return view(request, *args, application=application, **kwargs)

        return wrapper

    return decorator


def _after_save(request, application, default: str):
    """Back to Check your answers if the candidate came from there, else ``default``."""
    if request.GET.get("return") == "check" or request.POST.get("return") == "check":
        return redirect(_url("check", application))
    return redirect(_url(default, application))


def _context(application, **extra) -> dict:
    return {
        "application": application,
        "vacancy": application.vacancy,
        "task_list_url": _url("overview", application),
        **extra,
    }


# --- Start and lists ------------------------------------------------------------------


@never_cache
@GET_AND_POST
def apply(request, reference: str):
    vacancy = selectors.vacancy_get_for_applying(reference=reference)
    if vacancy is None:
        raise Http404("No such advert")
    candidate = current_candidate(request)
    request.candidate = candidate
    if candidate is not None:
        existing = selectors.application_find(candidate=candidate, vacancy=vacancy)
        if existing is not None:
            return redirect(_url("overview", existing))
    if not vacancy.is_open(now=timezone.now()):
        return render(request, "applications/closed.html", {"vacancy": vacancy}, status=410)
    if candidate is None:
        return render(
            request,
            "applications/apply_start.html",
            {"vacancy": vacancy, "sign_in_url": sign_in_url(request.path)},
        )
    if request.method == "POST":
        try:
            application = services.application_start(
                candidate=candidate, vacancy=vacancy, at=timezone.now()
            )
        except services.ApplicationRefused:
            return render(request, "applications/closed.html", {"vacancy": vacancy}, status=410)
        return redirect(_url("overview", application))
    return render(request, "applications/apply_start.html", {"vacancy": vacancy})


@never_cache
@require_http_methods(["GET"])
@candidate_required
def your_applications(request, *, candidate):
    applications = selectors.application_list_for_candidate(candidate=candidate)
    now = timezone.now()
    rows = [presentation.list_row(application, now=now) for application in applications]
    return render(
        request, "applications/your_applications.html", {"rows": rows, "candidate": candidate}
    )


@application_page(editable=False)
def overview(request, *, application):
    if application.stage != Stage.DRAFT:
        return render(
            request,
            "applications/submitted_view.html",
            _context(
                application,
                summary=presentation.summary(application),
                stage=presentation.stage_words(application),
                can_withdraw=workflow.can_move(
                    application.stage, Stage.WITHDRAWN, workflow.Actor.CANDIDATE
                ),
                # Bookings, the offer and the checks (applications.extensions).
                extension_panels=extensions.candidate_panels(application),
            ),
        )
    view = selectors.application_overview(application)
    is_open = application.vacancy.is_open(now=timezone.now())
    return render(
        request,
        "applications/task_list.html",
        _context(
            application,
            tasks=presentation.tasks(application, view, editable=is_open),
            overview=view,
            is_open=is_open,
        ),
    )


# --- 1. Personal details --------------------------------------------------------------


@application_page(editable=True)
def personal_details(request, *, application):
    today = clock.today()
    initial = {
        name: getattr(application, name) for name in services.SECTION_FIELDS[Section.PERSONAL]
    }
    form = PersonalDetailsForm(
        request.POST if request.method == "POST" else None, initial=initial, today=today
    )
    if request.method == "POST" and form.is_valid():
        services.application_section_save(
            application=application,
            section=Section.PERSONAL,
            **{name: form.cleaned_data[name] for name in services.SECTION_FIELDS[Section.PERSONAL]},
        )
        if form.cleaned_data["right_to_work"] == RightToWork.NO:
            return render(request, "applications/no_right_to_work.html", _context(application))
        return _after_save(request, application, "overview")
    return render(request, "applications/personal_details.html", _context(application, form=form))


# --- 2. Where you have lived ----------------------------------------------------------


def _residence_window(application):
    """The advert's levels named together, today, and the start of the stricter window."""
    requirements = vetting_requirements(application.vacancy)
    today = clock.today()
    return (
        wording.level_names(requirements),
        today,
        window_start_for(today, requirements.required_years),
    )


@application_page(editable=True)
def residence(request, *, application):
    if not application.residence_periods.all():
        # The places the candidate gave the self-check (its cookie), if it is still fresh.
        self_check_answers = vetting_self_check.load(request)
        if self_check_answers.periods:
            services.application_residence_prefill(
                application=application, periods=self_check_answers.periods
            )
            return redirect(_url("residence", application))
        return redirect(_url("residence_add", application))
    level_names, today, window_start = _residence_window(application)
    check = selectors.residence_check(application, as_of=today)
    assessment = check.assessment
    result = (
        build_result(
            assessment=assessment,
            level_name=wording.level_names(check.assessed),
            periods=selectors.periods_of(application),
        )
        if assessment
        else None
    )
    needs_statement = bool(result and result.outcome == "not_eligible")
    form = ResidenceConfirmForm(
        request.POST if request.method == "POST" else None,
        initial={
            "all_added": "yes" if application.residence_all_added else "",
            "exemption_statement": application.residence_exemption_statement,
        },
        needs_statement=needs_statement,
    )
    history_errors = []
    if request.method == "POST" and form.is_valid():
        all_added = form.cleaned_data["all_added"] == "yes"
        if all_added and result and any(s.code == "GAP" for s in result.problems):
            history_errors.append(
                _("Add the places you lived for the dates missing from your history")
            )
        else:
            services.application_section_save(
                application=application,
                section=Section.RESIDENCE,
                residence_all_added=all_added,
                residence_exemption_statement=form.cleaned_data["exemption_statement"],
            )
            if not all_added:
                return redirect(_url("residence_add", application))
            if not application.holds_clearance:
                return redirect(_url("clearance", application))
            return _after_save(request, application, "overview")
    return render(
        request,
        "applications/residence.html",
        _context(
            application,
            form=form,
            rows=presentation.residence_rows(application),
            result=result,
            level_names=level_names,
            assessed_names=wording.level_names(check.assessed),
            requirements_summary=wording.requirements_summary(check.requirements),
            window_start=window_start,
            today=today,
            needs_statement=needs_statement,
            history_errors=history_errors,
        ),
    )


@application_page(editable=True)
def residence_row(request, *, application, row=None):
    periods = list(application.residence_periods.all())
    current = None
    if row is not None:
        current = next((period for period in periods if period.pk == row), None)
        if current is None:
            raise Http404("No such place")
    level_names, today, window_start = _residence_window(application)
    others = [
        vetting_self_check.Period(
            country=period.country, start=period.start, end=period.end, reason=period.reason
        )
        for period in periods
        if period is not current
    ]
    initial = None
    if current is not None:
        initial = PeriodForm.initial_for(
            vetting_self_check.Period(
                country=current.country, start=current.start, end=current.end, reason=current.reason
            )
        )
    form = PeriodForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        today=today,
        other_periods=others,
        overlap_allowance_days=settings.VETTING_GAP_TOLERANCE_DAYS,
    )
    error = None
    if request.method == "POST" and form.is_valid():
        period = form.period()
        try:
            services.application_row_save(
                application=application,
                section=Section.RESIDENCE,
                pk=row,
                country=period.country,
                start=period.start,
                end=period.end,
                reason=period.reason,
            )
        except services.ApplicationRefused:
            error = _("You have added the most places this form can take")
        else:
            return redirect(_url("residence", application))
    return render(
        request,
        "applications/residence_form.html",
        _context(
            application,
            form=form,
            is_change=current is not None,
            level_names=level_names,
            window_start=window_start,
            today=today,
            extra_errors=[error] if error else [],
        ),
    )


@application_page(editable=True)
def clearance(request, *, application):
    """Do you already hold vetting clearance? (the self-check asks the same question)."""
    initial = {"holds": application.holds_clearance} if application.holds_clearance else {}
    form = HoldsClearanceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["holds"] == "yes":
            url = _url("clearance_details", application)
            if request.POST.get("return") == "check":
                url += "?return=check"
            return redirect(url)
        services.application_clearance_save(application=application, held=None)
        return _after_save(request, application, "overview")
    return render(
        request,
        "applications/clearance.html",
        _context(application, form=form, level_names=_residence_window(application)[0]),
    )


@application_page(editable=True)
def clearance_details(request, *, application):
    """Which clearance, granted by which force or organisation, and when."""
    form = HeldClearanceForm(
        request.POST if request.method == "POST" else None,
        levels=vetting_selectors.vetting_level_list_active(),
        today=clock.today(),
        initial=HeldClearanceForm.initial_for(selectors.held_clearance_of(application)),
    )
    if request.method == "POST" and form.is_valid():
        services.application_clearance_save(application=application, held=form.held_clearance())
        return _after_save(request, application, "overview")
    return render(
        request,
        "applications/clearance_details.html",
        _context(application, form=form, level_names=_residence_window(application)[0]),
    )


def _remove_row(request, application, *, section, model, row, back: str, describe):
    item = model.objects.filter(application=application, pk=row).first()
    if item is None:
        raise Http404("No such row")
    form = RemoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["remove"] == "yes":
            services.application_row_remove(application=application, section=section, pk=row)
        return redirect(_url(back, application))
    return render(
        request,
        "applications/remove.html",
        _context(
            application, form=form, description=describe(item), back_url=_url(back, application)
        ),
    )


_REMOVABLE = {
    Section.RESIDENCE: (ResidencePeriod, "residence", presentation.describe_period),
    Section.EMPLOYMENT: (EmploymentEntry, "employment", presentation.describe_entry),
    Section.REFEREES: (Referee, "referees", lambda referee: referee.name),
}


@application_page(editable=True)
def row_remove(request, *, application, section, row):
    section = Section(section)
    model, back, describe = _REMOVABLE[section]
    return _remove_row(
        request, application, section=section, model=model, row=row, back=back, describe=describe
    )


# --- 3. Employment and education ------------------------------------------------------


@application_page(editable=True)
def employment(request, *, application):
    entries = list(application.employment_entries.all())
    if not entries:
        return redirect(_url("employment_add", application))
    today = clock.today()
    gaps = employment_gaps([(entry.start, entry.end) for entry in entries], as_of=today)
    form = EmploymentConfirmForm(
        request.POST if request.method == "POST" else None,
        initial={"all_added": "yes" if application.employment_all_added else ""},
    )
    if request.method == "POST" and form.is_valid():
        all_added = form.cleaned_data["all_added"] == "yes"
        if all_added and gaps:
            form.add_error(
                "all_added",
                _("Explain every gap of more than 3 months: add what you were doing, or a break"),
            )
        else:
            services.application_section_save(
                application=application, section=Section.EMPLOYMENT, employment_all_added=all_added
            )
            if not all_added:
                return redirect(_url("employment_add", application))
            return _after_save(request, application, "overview")
    return render(
        request,
        "applications/employment.html",
        _context(
            application,
            form=form,
            rows=presentation.employment_rows(entries),
            gaps=presentation.gap_rows(application, gaps),
        ),
    )


@application_page(editable=True)
def employment_row(request, *, application, row=None):
    current = None
    if row is not None:
        current = next((e for e in application.employment_entries.all() if e.pk == row), None)
        if current is None:
            raise Http404("No such entry")
    fields = ("kind", "organisation", "role", "start", "end", "description")
    if current is not None:
        initial = {name: getattr(current, name) for name in fields}
    else:
        initial = presentation.gap_prefill(request.GET)
    form = EmploymentEntryForm(
        request.POST if request.method == "POST" else None, initial=initial, today=clock.today()
    )
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.application_row_save(
                application=application,
                section=Section.EMPLOYMENT,
                pk=row,
                **{name: form.cleaned_data[name] for name in fields},
            )
        except services.ApplicationRefused:
            error = _("You have added the most entries this form can take")
        else:
            return redirect(_url("employment", application))
    return render(
        request,
        "applications/employment_form.html",
        _context(
            application,
            form=form,
            is_change=current is not None,
            extra_errors=[error] if error else [],
        ),
    )


# --- 4. Referees ----------------------------------------------------------------------


@application_page(editable=True)
def referees(request, *, application):
    rows = list(application.referees.all())
    form = RefereesConfirmForm(
        request.POST if request.method == "POST" else None,
        initial={"consent": application.referee_consent},
        referees=rows,
    )
    if request.method == "POST" and form.is_valid():
        services.application_section_save(
            application=application, section=Section.REFEREES, referee_consent=True
        )
        return _after_save(request, application, "overview")
    return render(
        request,
        "applications/referees.html",
        _context(
            application,
            form=form,
            rows=rows,
            can_add=len(rows) < REFEREES_REQUIRED,
            required=REFEREES_REQUIRED,
        ),
    )


@application_page(editable=True)
def referee_row(request, *, application, row=None):
    rows = list(application.referees.all())
    current = None
    if row is not None:
        current = next((referee for referee in rows if referee.pk == row), None)
        if current is None:
            raise Http404("No such referee")
    elif len(rows) >= REFEREES_REQUIRED:
        return redirect(_url("referees", application))
    fields = ("name", "email", "phone", "organisation", "relationship")
    initial = {}
    if current is not None:
        initial = {name: getattr(current, name) for name in fields}
        initial["is_most_recent_employer"] = "yes" if current.is_most_recent_employer else "no"
    form = RefereeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with contextlib.suppress(services.ApplicationRefused):
            # A second tab may have added the second referee first: the list page says so.
            services.application_row_save(
                application=application,
                section=Section.REFEREES,
                pk=row,
                is_most_recent_employer=form.cleaned_data["is_most_recent_employer"] == "yes",
                **{name: form.cleaned_data[name] for name in fields},
            )
        return redirect(_url("referees", application))
    return render(
        request,
        "applications/referee_form.html",
        _context(application, form=form, is_change=current is not None),
    )


# --- 5. About the role ----------------------------------------------------------------


@application_page(editable=True)
def questions(request, *, application):
    pairs = selectors.questions_with_answers(application)
    form = QuestionsForm(
        request.POST if request.method == "POST" else None,
        initial={f"answer_{question.pk}": text for question, text in pairs},
        questions=[question for question, _ in pairs],
    )
    if request.method == "POST" and form.is_valid():
        services.application_answers_save(application=application, answers=form.answers())
        return _after_save(request, application, "overview")
    return render(
        request,
        "applications/questions.html",
        _context(application, form=form, items=presentation.question_items(form)),
    )


# --- 6, 7, 8: adjustments, equality, declaration --------------------------------------


@application_page(editable=True)
def adjustments(request, *, application):
    names = services.SECTION_FIELDS[Section.ADJUSTMENTS]
    form = AdjustmentsForm(
        request.POST if request.method == "POST" else None,
        initial={name: getattr(application, name) for name in names},
    )
    if request.method == "POST" and form.is_valid():
        services.application_section_save(
            application=application,
            section=Section.ADJUSTMENTS,
            **{name: form.cleaned_data[name] for name in names},
        )
        return _after_save(request, application, "overview")
    return render(request, "applications/adjustments.html", _context(application, form=form))


@application_page(editable=True)
def equality(request, *, application):
    if request.method == "POST" and request.POST.get("skip") == "yes":
        services.application_equality_save(
            application=application, answers=EqualityForm.all_prefer_not_to_say()
        )
        return _after_save(request, application, "overview")
    # The answers are not read back: a candidate who returns answers afresh, so
    # this page never shows anyone's monitoring answers.
    form = EqualityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.application_equality_save(application=application, answers=form.cleaned_data)
        return _after_save(request, application, "overview")
    return render(request, "applications/equality.html", _context(application, form=form))


@application_page(editable=True)
def declaration(request, *, application):
    names = services.SECTION_FIELDS[Section.DECLARATION]
    form = DeclarationForm(
        request.POST if request.method == "POST" else None,
        initial={name: getattr(application, name) for name in names},
    )
    if request.method == "POST" and form.is_valid():
        services.application_section_save(
            application=application,
            section=Section.DECLARATION,
            **dict.fromkeys(names, True),
        )
        return _after_save(request, application, "check")
    return render(request, "applications/declaration.html", _context(application, form=form))


# --- Check your answers and submit ----------------------------------------------------


def _render_check(request, application, *, errors=(), status=200):
    view = selectors.application_overview(application)
    return render(
        request,
        "applications/check_answers.html",
        _context(
            application,
            summary=presentation.summary(application, editable=True),
            overview=view,
            incomplete=presentation.incomplete_sections(application, view),
            submit_errors=errors,
        ),
        status=status,
    )


@application_page(editable=True)
def check_answers(request, *, application):
    return _render_check(request, application)


@never_cache
@require_POST
@candidate_required
def submit(request, *, candidate, pk):
    application = selectors.application_get_for_candidate(candidate=candidate, pk=pk)
    if application is None:
        raise Http404("No such application")
    try:
        services.application_submit(application=application, at=timezone.now())
    except services.ApplicationRefused as refused:
        if refused.code in (services.ALREADY_SUBMITTED, services.NOT_EDITABLE):
            return redirect(_url("submitted", application) + "?again=1")
        if refused.code == services.CLOSED:
            return render(
                request,
                "applications/closed.html",
                {"vacancy": application.vacancy, "draft": application},
                status=410,
            )
        return _render_check(
            request,
            application,
            errors=[_("Complete every section before you send your application")],
            status=400,
        )
    return redirect(_url("submitted", application))


@application_page(editable=False)
def submitted(request, *, application):
    if application.stage == Stage.DRAFT:
        return redirect(_url("overview", application))
    return render(
        request,
        "applications/confirmation.html",
        _context(application, again=request.GET.get("again") == "1"),
    )


# --- Withdraw -------------------------------------------------------------------------


@application_page(editable=False)
def withdraw(request, *, application):
    if not workflow.can_move(application.stage, Stage.WITHDRAWN, workflow.Actor.CANDIDATE):
        return redirect(_url("overview", application))
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # Withdrawn in another tab a moment ago: the next page shows it all the same.
        with contextlib.suppress(services.ApplicationRefused):
            services.application_withdraw(
                application=application, at=timezone.now(), reason=form.cleaned_data["reason"]
            )
        return redirect(_url("withdrawn", application))
    return render(request, "applications/withdraw.html", _context(application, form=form))


@application_page(editable=False)
def withdrawn(request, *, application):
    if application.stage != Stage.WITHDRAWN:
        return redirect(_url("overview", application))
    return render(request, "applications/withdrawn.html", _context(application))
