"""The public self-check: can I meet the vetting residence rule?

A GOV.UK question-page journey: choose an advert or a vetting level, add the
places lived in the window one by one ("add another" pattern), say whether you
already hold clearance, then see the result. An advert that needs two levels is
checked against the stricter window, and both are named (vetting/wording.py).
Answers live only in an encrypted cookie in the visitor's browser
(vetting/self_check.py): no page here reads or writes a server-side session, and
the cookie is deleted when the result is shown or the candidate starts again.
Nothing here logs what a candidate entered. Every page is never_cache, so a shared
computer's back button does not show someone's history from the browser cache.
"""

from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.forms import date_part_values
from core.govuk_dates import govuk_date
from core.rendered_once import hole, render_framed, render_once

from . import clock, rules, selectors, self_check, wording
from .countries import country_name, country_options_html
from .forms import (
    AddAnotherForm,
    ChooseForm,
    HeldClearanceForm,
    HoldsClearanceForm,
    PeriodForm,
    RemoveForm,
)
from .requirements import requirements_for
from .result import build_result
from .self_check import REASON_LABELS

GET_AND_POST = require_http_methods(["GET", "HEAD", "POST"])
# Far more moves than ten years hold; it bounds what the answers' cookie must hold.
MAX_PERIODS = 100
# More open adverts than this and the choose page asks for the ROCU first; more than
# this in one ROCU and its adverts are a select. 28 radios were hard to scan, and 500
# took 690 ms a request to render (docs/performance.md).
MOST_RADIOS = 10


def _url(name: str) -> str:
    """``reverse(name)`` for a URL without arguments, worked out once per process.

    A ``reverse`` costs ~0.04 ms in a request, a tenth of a question page's own work
    (docs/performance.md, "Seventh round"); these paths change only with the script
    prefix, the URLconf or (once Welsh has URLs of its own) the language, which are
    all part of the key."""
    return _url_for(name, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF, get_language())


@lru_cache(maxsize=64)
def _url_for(name, script_prefix, urlconf, root_urlconf, language):
    return reverse(name, urlconf=urlconf)


@require_safe
@never_cache
def start(request):
    # Advert pages link here with ?level=<code>&vacancy=<reference>; pass them on
    # to the question that uses them, as they came (that page checks them).
    preselect = {key: request.GET[key] for key in ("level", "vacancy") if request.GET.get(key)}
    choose_url = _url("vetting:choose")
    if preselect:
        choose_url += "?" + urlencode(preselect)
    # How long the answers' cookie lasts after the last answer (vetting/self_check.py).
    context = {
        "choose_url": choose_url,
        "answers_hours": settings.ANONYMOUS_SESSION_IDLE_SECONDS // 3600,
    }
    if preselect:
        return render(request, "vetting/start.html", context)
    return render_once(request, "vetting/start.html", context)


@GET_AND_POST
@never_cache
def choose(request):
    answers = self_check.load(request)
    # Taken before the reads: a copy read again meanwhile is newer, never older.
    generation = selectors.self_check_kept_generation()
    levels = selectors.self_check_levels_active()
    rocus = selectors.self_check_rocus_with_open_adverts()
    rocu = None
    if sum(each.open_vacancy_count for each in rocus) <= MOST_RADIOS:
        vacancies, rocu_choices = selectors.self_check_open_adverts(), []
    else:
        rocu = _rocu_to_list(request, answers, rocus)
        if rocu is None:
            vacancies, rocu_choices = [], rocus
        else:
            vacancies = selectors.self_check_open_adverts(rocu_id=rocu.pk)
            rocu_choices = []
    posted = request.POST if request.method == "POST" else None
    initial_choice = _preselected_choice(request, answers, form_vacancies=vacancies)
    kind, _, code = initial_choice.partition(":")
    if kind == "level" and code not in {level.code for level in levels}:
        # Selects nothing, as "" does: one frame for every unknown ?level= typed.
        initial_choice = ""

    def choose_form():
        return ChooseForm(
            posted,
            vacancies=vacancies,
            levels=levels,
            rocus=rocu_choices,
            also_valid=_posted_vacancy(posted),
            initial={"choice": initial_choice},
        )

    if posted is not None:
        form = choose_form()
        if form.is_valid():
            chosen_rocu = form.chosen_rocu()
            if chosen_rocu is not None:
                query = urlencode({"rocu": chosen_rocu.slug})
                return redirect(reverse("vetting:choose") + "?" + query)
            levels, vacancy = form.chosen()
            answers.level_codes = [level.code for level in levels]
            answers.vacancy_reference = vacancy.reference if vacancy else None
            # A level and a reference at most: with MAX_PERIODS places they still fit.
            response = redirect("vetting:periods" if answers.periods else "vetting:period_add")
            self_check.save(response, answers)
            return response
    context = {
        "rocu": rocu,
        "as_select": len(vacancies) > MOST_RADIOS,
        "back_url": (_url("vetting:choose") + "?rocu=" if rocu else _url("vetting:start")),
    }
    if posted is not None:
        return render(request, "vetting/choose.html", {**context, "form": form})
    if generation is not None:
        # The levels, ROCUs and adverts listed are this process's kept copies: while
        # none has been read again they are the ones the frame was made from.
        shape = ("kept", generation, rocu.pk if rocu else None, bool(rocu_choices))
        form = None
    else:
        # Nothing kept (no Redis): the items as read now are the shape.
        form = choose_form()
        shape = (
            tuple(form.choice_items),
            form.advert_count,
            (rocu.name, rocu.short_name) if rocu else None,
            bool(rocu_choices),
        )
    return render_framed(
        request,
        "vetting/choose.html",
        shape=(*shape, initial_choice, context["as_select"]),
        frame_context=lambda: {**context, "form": form or choose_form()},
        holes={},
        plain_context=lambda: {**context, "form": choose_form()},
    )


def _rocu_to_list(request, answers, rocus):
    """The ROCU whose adverts to list: the one chosen (``?rocu=``; empty means "show the
    ROCUs"), else the one of the advert the candidate came from or chose before."""
    by_slug = {rocu.slug: rocu for rocu in rocus}
    if "rocu" in request.GET:
        return by_slug.get(request.GET["rocu"])
    reference = request.GET.get("vacancy") or answers.vacancy_reference
    if reference:
        vacancy = selectors.self_check_open_advert(reference=reference)
        if vacancy is not None:
            return by_slug.get(vacancy.rocu.slug)
    return None


def _posted_vacancy(posted):
    """The open advert a posted choice names, if any: valid whichever page it came from."""
    kind, _, reference = (posted.get("choice", "") if posted is not None else "").partition(":")
    if kind != "vacancy" or not reference:
        return None
    return selectors.self_check_open_advert(reference=reference[:30])


def _preselected_choice(request, answers, *, form_vacancies) -> str:
    reference = request.GET.get("vacancy") or answers.vacancy_reference
    if reference and any(vacancy.reference == reference for vacancy in form_vacancies):
        return f"vacancy:{reference}"
    code = request.GET.get("level") or (answers.level_codes[0] if answers.level_codes else "")
    return f"level:{code}" if code else ""


def _journey(request):
    """(answers, requirements, vacancy) for a candidate who has chosen, else None.

    `requirements` are the chosen levels taken together (vetting/requirements.py):
    an advert's force and national-security levels, or the one level chosen.
    """
    answers = self_check.load(request)
    if not answers.level_codes:
        return None
    levels = selectors.self_check_levels_get(codes=answers.level_codes)
    if levels is None:
        return None
    vacancy = None
    if answers.vacancy_reference:
        # May have closed since it was chosen: then the levels still stand.
        vacancy = selectors.self_check_open_advert(reference=answers.vacancy_reference)
    return answers, requirements_for(level.as_facts() for level in levels), vacancy


def _window_context(requirements):
    return dict(_window_texts(requirements, clock.today(), get_language()))


@lru_cache(maxsize=256)
def _window_texts(requirements, today, language):
    # The same for everyone checking these levels today: worded once per process.
    window_start = rules.window_start_for(today, requirements.required_years)
    return {
        "requirements": requirements,
        "level_names": wording.level_names(requirements),
        "requirements_summary": wording.requirements_summary(requirements),
        "today": today,
        "window_start": window_start,
        "today_text": govuk_date(today),
        "window_start_text": govuk_date(window_start),
    }


def _render_question(
    request, template, context, *, shape=(), frame=dict, holes=None, unbound_form=None
):
    """A self-check page with an unbound form, from a frame rendered once per shape
    (core/rendered_once.py); the caption, dates and back link are holes.

    ``frame()`` and ``holes``: the page's own stand-ins and values besides those.
    ``shape`` is whatever else the template branches on. ``context`` is the page's
    ordinary context; ``unbound_form()``, if given, makes its form (only needed
    to render the page the ordinary way, which the test settings compare).
    """

    def plain_context():
        return {**context, "form": unbound_form()} if unbound_form else context

    vacancy = context.get("vacancy")

    def frame_context():
        return {
            "level_names": hole("level_names"),
            "vacancy": {"title": hole("vacancy_title")} if vacancy else None,
            "back_url": hole("back_url"),
            "requirements_summary": hole("requirements_summary"),
            "window_start_text": hole("window_start_text"),
            "today_text": hole("today_text"),
            **frame(),
        }

    values = {
        "level_names": context["level_names"],
        "vacancy_title": vacancy.title if vacancy else "",
        "back_url": context["back_url"],
        "requirements_summary": context["requirements_summary"],
        "window_start_text": context["window_start_text"],
        "today_text": context["today_text"],
        **(holes or {}),
    }
    return render_framed(
        request,
        template,
        shape=(vacancy is not None, bool(context["back_url"]), *shape),
        frame_context=frame_context,
        holes=values,
        plain_context=plain_context,
    )


def _date_part_holes(name, value) -> dict:
    """Each part of a date input's value (``name``_0 to _2), as the form would show it."""
    return {f"{name}_{part}": text for part, text in enumerate(date_part_values(value))}


@GET_AND_POST
@never_cache
def period_add(request):
    return _period_form(request, index=None)


@GET_AND_POST
@never_cache
def period_change(request, index):
    return _period_form(request, index=index)


def _period_form(request, *, index):
    journey = _journey(request)
    if journey is None:
        return redirect("vetting:choose")
    answers, requirements, vacancy = journey
    if index is not None and not 0 <= index < len(answers.periods):
        raise Http404("No such period")
    if index is None and len(answers.periods) >= MAX_PERIODS:
        return _render_periods(
            request,
            AddAnotherForm(),
            answers,
            requirements,
            vacancy,
            history_errors=[
                ngettext(
                    "You have added %(count)s place, the most this check can take. "
                    "Combine places in the same country to add another",
                    "You have added %(count)s places, the most this check can take. "
                    "Combine places in the same country to add another",
                    MAX_PERIODS,
                )
                % {"count": MAX_PERIODS}
            ],
        )
    window = _window_context(requirements)
    initial = PeriodForm.initial_for(answers.periods[index]) if index is not None else {}

    def period_form(data=None):
        return PeriodForm(
            data,
            initial=initial,
            today=window["today"],
            other_periods=[period for i, period in enumerate(answers.periods) if i != index],
            # Two countries at once for longer than a move would hide time abroad.
            overlap_allowance_days=settings.VETTING_GAP_TOLERANCE_DAYS,
        )

    form = period_form(request.POST) if request.method == "POST" else None
    if form is not None and form.is_valid():
        if index is None:
            answers.periods.append(form.period())
        else:
            answers.periods[index] = form.period()
        _sort_periods(answers)
        response = redirect("vetting:periods")
        try:
            self_check.save(response, answers)
            return response
        except self_check.AnswersTooLarge:
            form.add_error("country", _TOO_LARGE_FOR_PLACES)
    back_url = _url("vetting:periods" if answers.periods else "vetting:choose")
    context = {
        "is_change": index is not None,
        "is_first": not answers.periods,
        "back_url": back_url,
        "vacancy": vacancy,
        **window,
    }
    if form is not None:
        return render(request, "vetting/period_form.html", {**context, "form": form})
    # The empty or filled-in form without building it: its values are the holes.
    reason = initial.get("reason")
    # Markup escaped in countries.py from the fixed ISO list (as PeriodForm marks it).
    values = {"country_options": mark_safe(country_options_html(initial.get("country")))}  # noqa: S308
    for name in ("start", "end"):
        values.update(_date_part_holes(name, initial.get(name)))
    return _render_question(
        request,
        "vetting/period_form.html",
        context,
        shape=(context["is_change"], context["is_first"], reason),
        frame=lambda: {
            "form": _period_frame_form(reason=reason),
            "is_change": context["is_change"],
            "is_first": context["is_first"],
        },
        holes=values,
        unbound_form=period_form,
    )


# Not reached with MAX_PERIODS places of any countries and dates (the worst case is
# about half the limit: tests/integration/vetting/test_self_check_cookie.py); kept
# so that answers a browser would drop are never dropped without a word.
_TOO_LARGE_FOR_PLACES = gettext_lazy(
    "Your answers are too long for this check to keep. "
    "Combine places in the same country to add this one"
)
_TOO_LARGE_FOR_CLEARANCE = gettext_lazy(
    "Your answers are too long for this check to keep. Enter a shorter name"
)


def _period_frame_form(*, reason):
    form = PeriodForm(
        initial={
            **{name: [hole(f"{name}_{part}") for part in range(3)] for name in ("start", "end")},
            "reason": reason,
        },
        today=None,
        other_periods=[],
        overlap_allowance_days=0,
    )
    # The options with the visitor's country selected are a hole of their own.
    form.country_options_html = lambda: mark_safe(hole("country_options"))  # noqa: S308
    return form


def _sort_periods(answers):
    # The summary lists the most recent place first; indexes in Change/Remove
    # links are positions in this order.
    answers.periods.sort(key=lambda period: period.start, reverse=True)


def _period_rows(periods):
    return [
        {
            "index": index,
            "country": country_name(period.country),
            "dates": (
                gettext("%(start)s to %(end)s")
                % {"start": govuk_date(period.start), "end": govuk_date(period.end)}
                if period.end
                else gettext("%(start)s to now (you still live there)")
                % {"start": govuk_date(period.start)}
            ),
            "reason": (
                "" if period.country == rules.UK_COUNTRY_CODE else REASON_LABELS[period.reason]
            ),
        }
        for index, period in enumerate(periods)
    ]


@GET_AND_POST
@never_cache
def periods(request):
    journey = _journey(request)
    if journey is None:
        return redirect("vetting:choose")
    answers, requirements, vacancy = journey
    if not answers.periods:
        return redirect("vetting:period_add")
    form = None  # a GET served from its frame needs no form (docs/performance.md)
    if request.method == "POST":
        form = AddAnotherForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["add_another"] == "yes":
                return redirect("vetting:period_add")
            return redirect("vetting:clearance")
    return _render_periods(request, form, answers, requirements, vacancy)


def _render_periods(request, form, answers, requirements, vacancy, *, history_errors=()):
    """``form`` None: the unbound form, made only if the page is rendered."""
    rows = _period_rows(answers.periods)
    context = {
        "form": form,
        "rows": rows,
        "vacancy": vacancy,
        "history_errors": history_errors,
        "back_url": _url("vetting:choose"),
        **_window_context(requirements),
    }
    if form is not None:
        return render(request, "vetting/periods.html", context)
    frame_rows, values = [], {}
    for row in rows:
        name = f"row{row['index']}"
        frame_rows.append(
            {
                "index": row["index"],
                "country": hole(f"{name}_country"),
                "dates": hole(f"{name}_dates"),
                "reason": hole(f"{name}_reason") if row["reason"] else "",
            }
        )
        values[f"{name}_country"] = row["country"]
        values[f"{name}_dates"] = row["dates"]
        values[f"{name}_reason"] = row["reason"]
    return _render_question(
        request,
        "vetting/periods.html",
        context,
        # The number of places, and which have a reason, are the page's shape.
        shape=tuple(bool(row["reason"]) for row in rows),
        frame=lambda: {"form": AddAnotherForm(), "rows": frame_rows, "history_errors": ()},
        holes=values,
        unbound_form=AddAnotherForm,
    )


@GET_AND_POST
@never_cache
def period_remove(request, index):
    journey = _journey(request)
    if journey is None:
        return redirect("vetting:choose")
    answers, requirements, vacancy = journey
    if not 0 <= index < len(answers.periods):
        raise Http404("No such period")
    form = None  # a GET served from its frame needs no form
    if request.method == "POST":
        form = RemoveForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["remove"] == "yes":
                del answers.periods[index]
                response = redirect("vetting:periods")
                self_check.save(response, answers)  # one place fewer: it fits
                return response
            return redirect("vetting:periods")
    row = _period_rows(answers.periods)[index]
    context = {"form": form, "row": row, "back_url": _url("vetting:periods")}
    if form is not None:
        return render(request, "vetting/period_remove.html", context)
    return render_framed(
        request,
        "vetting/period_remove.html",
        shape=(),
        frame_context=lambda: {
            "form": RemoveForm(),
            "row": {"country": hole("country"), "dates": hole("dates")},
            "back_url": hole("back_url"),
        },
        holes={"country": row["country"], "dates": row["dates"], "back_url": context["back_url"]},
        plain_context=lambda: {**context, "form": RemoveForm()},
    )


def _journey_with_places(request):
    """(journey, None) once places are entered; else (None, where to send the candidate)."""
    journey = _journey(request)
    if journey is None:
        return None, redirect("vetting:choose")
    if not journey[0].periods:
        return None, redirect("vetting:period_add")
    return journey, None


def _clearance_answered(answers, held):
    """The redirect to the result, with the answers; AnswersTooLarge if they do not fit."""
    answers.clearance_answered = True
    answers.held_clearance = held
    response = redirect("vetting:result")
    self_check.save(response, answers)
    return response


def _render_clearance_page(
    request,
    template,
    *,
    form,
    requirements,
    vacancy,
    back,
    shape=(),
    frame_form=None,
    holes=None,
    unbound_form=None,
):
    """``frame_form()``: the form with holes for the visitor's values (else the form).

    ``form`` None: a GET whose form is made only if the page is rendered
    (``unbound_form()``): a page served from its frame needs none.
    """
    context = {
        "form": form,
        "vacancy": vacancy,
        "back_url": _url(back),
        **_window_context(requirements),
    }
    if form is not None and form.is_bound:
        return render(request, template, context)

    def frame():
        if frame_form:
            return {"form": frame_form()}
        return {"form": form if form is not None else unbound_form()}

    return _render_question(
        request,
        template,
        context,
        shape=shape,
        frame=frame,
        holes=holes,
        unbound_form=unbound_form if form is None else None,
    )


@GET_AND_POST
@never_cache
def clearance(request):
    """Do you already hold vetting clearance? (transferees, secondees from a force)."""
    journey, elsewhere = _journey_with_places(request)
    if journey is None:
        return elsewhere
    answers, requirements, vacancy = journey
    initial = {}
    if answers.clearance_answered:
        initial = {"holds": "yes" if answers.held_clearance else "no"}
    form = None  # a GET served from its frame needs no form (~a fifth of the view's CPU)
    if request.method == "POST":
        form = HoldsClearanceForm(request.POST, initial=initial)
        if form.is_valid():
            if form.cleaned_data["holds"] == "yes":
                return redirect("vetting:clearance_details")
            # "No" drops any clearance declared before: the answers do not grow.
            return _clearance_answered(answers, None)
    return _render_clearance_page(
        request,
        "vetting/clearance.html",
        form=form,
        requirements=requirements,
        vacancy=vacancy,
        back="vetting:periods",
        # What an unbound form's "holds" would show: its initial answer, if any.
        shape=(initial.get("holds"),),
        unbound_form=lambda: HoldsClearanceForm(initial=initial),
    )


@GET_AND_POST
@never_cache
def clearance_details(request):
    """Which clearance, granted by which force or organisation, and when."""
    journey, elsewhere = _journey_with_places(request)
    if journey is None:
        return elsewhere
    answers, requirements, vacancy = journey
    levels = selectors.self_check_levels_active()
    initial = HeldClearanceForm.initial_for(answers.held_clearance)

    def held_clearance_form(data=None):
        return HeldClearanceForm(data, levels=levels, today=clock.today(), initial=initial)

    if request.method == "POST":
        form = held_clearance_form(request.POST)
        if form.is_valid():
            try:
                return _clearance_answered(answers, form.held_clearance())
            except self_check.AnswersTooLarge:
                form.add_error("granted_by", _TOO_LARGE_FOR_CLEARANCE)
        return _render_clearance_page(
            request,
            "vetting/clearance_details.html",
            form=form,
            requirements=requirements,
            vacancy=vacancy,
            back="vetting:clearance",
        )
    # A GET served from its frame builds no form (about a third of the page's CPU):
    # what the unbound form would show comes from the same sources the form uses,
    # its initial values and HeldClearanceForm.level_choices.
    chosen = initial.get("level")
    holes = {"granted_by": initial.get("granted_by") or ""}
    holes.update(_date_part_holes("granted_on", initial.get("granted_on")))

    def frame_form():
        return HeldClearanceForm(
            levels=levels,
            today=None,
            initial={
                "granted_on": [hole(f"granted_on_{part}") for part in range(3)],
                "level": chosen,
                "granted_by": hole("granted_by"),
            },
        )

    return _render_clearance_page(
        request,
        "vetting/clearance_details.html",
        form=None,
        requirements=requirements,
        vacancy=vacancy,
        back="vetting:clearance",
        # The levels offered (as read now) and the one chosen are the page's shape.
        shape=(HeldClearanceForm.level_choices(levels), chosen),
        frame_form=frame_form,
        holes=holes,
        unbound_form=held_clearance_form,
    )


@require_safe
@never_cache
def result(request):
    journey = _journey(request)
    if journey is None:
        return redirect("vetting:start")
    answers, requirements, vacancy = journey
    if not answers.periods:
        return redirect("vetting:period_add")
    today = clock.today()
    held = None
    if answers.held_clearance is not None:
        held = selectors.held_clearance_assess(
            held=answers.held_clearance, requirements=requirements, as_of=today
        )
    # Levels a clearance may cover are for the vetting unit; the rest are assessed
    # on residence, with the stricter window of what remains.
    assessed = held.remaining if held is not None and held.remaining else requirements
    try:
        assessment = selectors.residence_assess(
            level=assessed.as_rule(), as_of=today, periods=answers.as_rule_periods()
        )
    except rules.RuleInputError as error:
        # The question pages check each period, so this means the answers went
        # stale (say, a session from before midnight): show what to change.
        return _render_periods(
            request,
            AddAnotherForm(),
            answers,
            requirements,
            vacancy,
            history_errors=[field_error.message for field_error in error.errors],
        )
    view = build_result(
        assessment=assessment, level_name=wording.level_names(assessed), periods=answers.periods
    )
    outcome = held.outcome_with(assessment.outcome) if held else assessment.outcome
    context = {
        "result": view,
        "outcome": str(outcome),
        "held": held,
        "held_summary": wording.clearance_summary(held) if held else "",
        "granted_by": answers.held_clearance.granted_by if held else "",
        "assessed": assessed,
        "assessed_names": wording.level_names(assessed),
        "vacancy": vacancy,
        "rocu": vacancy.rocu if vacancy else None,
        "today": today,
        **_window_context(requirements),
    }
    shape, values = _result_holes(context)
    response = render_framed(
        request,
        "vetting/result.html",
        shape=shape,
        frame_context=lambda: _result_frame(context),
        holes=values,
        plain_context=lambda: context,
    )
    # The end of the journey: the answers have done their job and are deleted.
    self_check.clear(response)
    return response


# A timeline stretch's values: holes in the result page's frame.
_STRETCH_HOLES = (
    *("label", "dates", "days", "start_text", "end_text", "start_iso", "end_iso"),
    *("x", "width", "explanation"),
)
# The result page's other words that come from the answers: holes too.
_TEXT_HOLES = ("level_names", "requirements_summary", "held_summary", "granted_by")


def _result_holes(context) -> tuple[tuple, dict]:
    """(shape, holes) of the result page (core/rendered_once.py), for every request.

    The shape is what the template branches on: the outcomes, whether a clearance
    was declared, an advert chosen (and whether its ROCU names a vetting unit),
    and per stretch of the timeline its class, whether it is a problem or
    counted abroad, one day or more, with places or not; the number of year
    ticks. Every date, country, name, number and position is a hole, so no
    visitor's answers are in a key or kept in a frame. The frame itself is built
    only when a shape is new (``_result_frame``).
    """
    view, held, vacancy, rocu = (
        context["result"],
        context["held"],
        context["vacancy"],
        context["rocu"],
    )
    values = {name: context[name] for name in _TEXT_HOLES}
    values |= {
        "names": context["assessed_names"],
        "years": context["assessed"].required_years,
        "window_start_text": view.window_start_text,
        "window_end_text": view.window_end_text,
        "could_meet_from_text": view.could_meet_from_text,
        "text_alternative": view.text_alternative,
    }
    problems, counted = set(view.problems), set(view.counted_abroad)
    stretch_shapes = []
    for index, stretch in enumerate(view.stretches):
        name = f"stretch{index}"
        for attribute in _STRETCH_HOLES:
            values[f"{name}_{attribute}"] = getattr(stretch, attribute)
        values[f"{name}_places"] = ", ".join(stretch.places)
        stretch_shapes.append(
            (
                stretch.day_class,
                stretch in problems,
                stretch in counted,
                stretch.days == 1,
                bool(stretch.places),
            )  # fmt: skip
        )
    for index, item in enumerate(view.legend):
        values[f"legend{index}"] = item.label
    for index, tick in enumerate(view.year_ticks):
        values[f"tick{index}_x"], values[f"tick{index}_year"] = tick.x, tick.year
    if held is not None:
        values["held_level"] = held.held_level.name
    if vacancy is not None:
        values |= {
            "vacancy_title": vacancy.title,
            "vacancy_url": vacancy.get_absolute_url(),
            "rocu_name": rocu.name,
            "rocu_email": rocu.contact_email,
            "rocu_unit": rocu.vetting_unit_name,
            "rocu_unit_email": rocu.vetting_contact_email,
        }
    shape = (
        context["outcome"],
        view.outcome,
        str(held.outcome) if held else None,
        bool(view.could_meet_from),
        context["requirements"].is_combined,
        vacancy is not None,
        bool(rocu and rocu.vetting_unit_name),
        tuple(stretch_shapes),
        tuple(item.day_class for item in view.legend),
        len(view.year_ticks),
    )
    return shape, values


def _result_frame(context) -> dict:
    """The result page's context with a hole for each of ``_result_holes``' values."""
    view, held, vacancy, rocu = (
        context["result"],
        context["held"],
        context["vacancy"],
        context["rocu"],
    )
    problems, counted = set(view.problems), set(view.counted_abroad)
    stretches, frame_problems, frame_counted = [], [], []
    for index, stretch in enumerate(view.stretches):
        name = f"stretch{index}"
        frame_stretch = {attribute: hole(f"{name}_{attribute}") for attribute in _STRETCH_HOLES}
        frame_stretch["day_class"] = stretch.day_class
        frame_stretch["places"] = [hole(f"{name}_places")] if stretch.places else ()
        stretches.append(frame_stretch)
        if stretch in problems:
            frame_problems.append(frame_stretch)
        if stretch in counted:
            frame_counted.append(frame_stretch)
    legend = [
        {"day_class": item.day_class, "label": hole(f"legend{index}")}
        for index, item in enumerate(view.legend)
    ]
    ticks = [
        {"x": hole(f"tick{index}_x"), "year": hole(f"tick{index}_year")}
        for index in range(len(view.year_ticks))
    ]
    frame = {
        "result": {
            "outcome": view.outcome,
            "window_start_text": hole("window_start_text"),
            "window_end_text": hole("window_end_text"),
            "could_meet_from": bool(view.could_meet_from),
            "could_meet_from_text": hole("could_meet_from_text"),
            "text_alternative": hole("text_alternative"),
            "stretches": stretches,
            "problems": frame_problems,
            "counted_abroad": frame_counted,
            "legend": legend,
            "year_ticks": ticks,
        },
        "outcome": context["outcome"],
        "held": None,
        "assessed": {"required_years": hole("years")},
        "assessed_names": hole("names"),
        "requirements": {"is_combined": context["requirements"].is_combined},
        "vacancy": None,
        "rocu": None,
        **{name: hole(name) for name in _TEXT_HOLES},
    }
    if held is not None:
        frame["held"] = {"outcome": str(held.outcome), "held_level": {"name": hole("held_level")}}
    if vacancy is not None:
        frame["rocu"] = {
            "name": hole("rocu_name"),
            "contact_email": hole("rocu_email"),
            "vetting_unit_name": hole("rocu_unit") if rocu.vetting_unit_name else "",
            "vetting_contact_email": hole("rocu_unit_email"),
        }
        frame["vacancy"] = {
            "title": hole("vacancy_title"),
            "get_absolute_url": hole("vacancy_url"),
            "rocu": frame["rocu"],
        }
    return frame


@require_POST
@never_cache
def start_again(request):
    response = redirect("vetting:start")
    self_check.clear(response)
    return response
