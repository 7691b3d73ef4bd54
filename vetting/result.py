"""An assessment explained to a candidate: sentences, next steps and a timeline.

Turns a rules.Assessment into what the result page shows: the headline, each
stretch of the window with the places that made it and what it means, the
geometry of the SVG timeline, and the date a candidate could meet the rule if
they keep living in the UK. Only Django's gettext here (the words are marked for
translation), so the wording can be unit-tested without a request or a database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache

from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from core.govuk_dates import govuk_date, govuk_date_range

from . import rules
from .countries import country_name
from .self_check import REASON_LABELS, Period

# Timeline geometry, in SVG user units (the picture scales to its container).
TIMELINE_WIDTH = 960
TIMELINE_LEFT = 10
TIMELINE_RIGHT = 950
BAR_TOP = 10
BAR_HEIGHT = 50
# A one-day gap in a ten-year window would be a hairline; draw it visibly.
MIN_STRETCH_WIDTH = 4

EFFECT_NONE = "none"
EFFECT_REVIEW = "review"
EFFECT_NOT_ELIGIBLE = "not_eligible"


def day_count(days: int) -> str:
    return _day_count(days, get_language())


@lru_cache(maxsize=4096)
def _day_count(days: int, language: str | None) -> str:
    # Kept per language (the key; the words come from the active language it names):
    # ngettext walks Django's empty English fallback catalogues, ~4.5 us a call.
    return ngettext("%(count)s day", "%(count)s days", days) % {"count": f"{days:,}"}


@dataclass(frozen=True)
class StretchView:
    day_class: str
    code: str | None
    label: str
    start: date
    end: date
    days: int
    effect: str
    explanation: str
    places: tuple[str, ...]
    x: float
    width: float

    @property
    def is_problem(self) -> bool:
        return self.effect != EFFECT_NONE

    @property
    def dates(self) -> str:
        return govuk_date_range(self.start, self.end)

    @property
    def start_text(self) -> str:
        return govuk_date(self.start)

    @property
    def end_text(self) -> str:
        return govuk_date(self.end)

    @property
    def start_iso(self) -> str:
        return self.start.isoformat()

    @property
    def end_iso(self) -> str:
        return self.end.isoformat()


@dataclass(frozen=True)
class LegendItem:
    day_class: str
    label: str


@dataclass(frozen=True)
class YearTick:
    year: int
    x: float


@dataclass(frozen=True)
class ResultView:
    assessment: rules.Assessment
    level_name: str
    stretches: tuple[StretchView, ...]
    legend: tuple[LegendItem, ...]
    year_ticks: tuple[YearTick, ...]
    could_meet_from: date | None

    @property
    def outcome(self) -> str:
        return self.assessment.outcome.value

    @property
    def window_start(self) -> date:
        return self.assessment.window_start

    @property
    def window_end(self) -> date:
        return self.assessment.window_end

    @property
    def window_start_text(self) -> str:
        return govuk_date(self.window_start)

    @property
    def window_end_text(self) -> str:
        return govuk_date(self.window_end)

    @property
    def could_meet_from_text(self) -> str:
        return govuk_date(self.could_meet_from)

    @property
    def problems(self) -> tuple[StretchView, ...]:
        return tuple(stretch for stretch in self.stretches if stretch.is_problem)

    @property
    def counted_abroad(self) -> tuple[StretchView, ...]:
        """Non-UK stretches that do not count against the candidate, to explain them."""
        return tuple(
            stretch
            for stretch in self.stretches
            if stretch.day_class != rules.DayClass.UK and not stretch.is_problem
        )

    @property
    def text_alternative(self) -> str:
        return " ".join(
            f"{stretch.label}: {stretch.dates} ({day_count(stretch.days)})."
            for stretch in self.stretches
        )


@dataclass(frozen=True)
class _Words:
    # Keyed by whether time abroad with family in the Forces counts as UK.
    class_labels: dict[bool, dict[str, str]]
    gap_short_label: str
    uk_explanation: str
    explanations: dict[tuple, str]


@cache
def _words(language: str | None) -> _Words:
    """The result page's fixed words, translated once per process and language.

    Every word our English catalogue lacks (all of ours) walks Django's chain of
    empty English fallback catalogues at each gettext, 3-4 us a call: the result
    page looked up seven a request, ~25 us of its ~300. ``language`` is the key;
    the words come from the active language, which it names.
    """
    common = {
        rules.DayClass.UK: _("In the UK"),
        rules.DayClass.EXEMPT: _("Abroad, counts as UK"),
        rules.DayClass.ABROAD: _("Abroad, does not count"),
        rules.DayClass.MISSING: _("No information"),
    }
    family = {
        True: _("Abroad with family in the Forces or HM Government, counts as UK"),
        False: _("Abroad with family in the Forces or HM Government, needs a decision"),
    }
    return _Words(
        class_labels={
            counts: {**common, rules.DayClass.FAMILY: family[counts]} for counts in (True, False)
        },
        gap_short_label=_("No information, short enough to be a move"),
        uk_explanation=str(_UK_EXPLANATION),
        explanations={key: str(text) for key, text in _EXPLANATIONS.items()},
    )


def build_result(
    *, assessment: rules.Assessment, level_name: str, periods: Sequence[Period]
) -> ResultView:
    level = assessment.level
    words = _words(get_language())
    labels = words.class_labels[level.family_of_exempt == rules.FAMILY_EXEMPT]
    reasons_by_dates = {(reason.start, reason.end): reason for reason in assessment.reasons}
    window_days = (assessment.window_end - assessment.window_start).days + 1
    scale = (TIMELINE_RIGHT - TIMELINE_LEFT) / window_days

    stretches = []
    for stretch in assessment.stretches:
        days = (stretch.end - stretch.start).days + 1
        reason = reasons_by_dates.get((stretch.start, stretch.end))
        code = str(reason.code) if reason else None
        if reason is None:
            effect, explanation = EFFECT_NONE, words.uk_explanation
        else:
            effect = _EFFECT_OF_OUTCOME[reason.effect]
            explanation = words.explanations[(reason.code, reason.effect)]
        label = labels[stretch.day_class]
        if code == rules.ReasonCode.GAP_SHORT:
            label = words.gap_short_label
        offset = (stretch.start - assessment.window_start).days
        width = max(days * scale, MIN_STRETCH_WIDTH)
        x = min(TIMELINE_LEFT + offset * scale, TIMELINE_RIGHT - width)
        stretches.append(
            StretchView(
                day_class=str(stretch.day_class),
                code=code,
                label=label,
                start=stretch.start,
                end=stretch.end,
                days=days,
                effect=effect,
                explanation=explanation,
                places=_places_during(periods, stretch)
                if stretch.day_class
                not in (
                    rules.DayClass.UK,
                    rules.DayClass.MISSING,
                )
                else (),
                x=round(x, 2),
                width=round(width, 2),
            )
        )

    present = [
        day_class
        for day_class in rules.DayClass
        if any(stretch.day_class == day_class for stretch in stretches)
    ]
    legend = tuple(
        LegendItem(day_class=str(day_class), label=labels[day_class]) for day_class in present
    )
    ticks = []
    year = assessment.window_start.year + 1
    while date(year, 1, 1) <= assessment.window_end:
        offset = (date(year, 1, 1) - assessment.window_start).days
        ticks.append(YearTick(year=year, x=round(TIMELINE_LEFT + offset * scale, 2)))
        year += 1

    return ResultView(
        assessment=assessment,
        level_name=level_name,
        stretches=tuple(stretches),
        legend=legend,
        year_ticks=tuple(ticks),
        could_meet_from=_could_meet_from(assessment, stretches),
    )


# What a stretch means for the candidate, by the effect the rule gave it.
_EFFECT_OF_OUTCOME = {
    rules.Outcome.ELIGIBLE: EFFECT_NONE,
    rules.Outcome.REVIEW: EFFECT_REVIEW,
    rules.Outcome.NOT_ELIGIBLE: EFFECT_NOT_ELIGIBLE,
}
_UK_EXPLANATION = gettext_lazy("You lived in the UK.")
# (reason code, effect the rule gave it) -> what the page says. Only words: the
# rule (rules.assess) has already decided each effect.
_EXPLANATIONS = {
    (rules.ReasonCode.EXEMPT_BRITISH_FORCES, rules.Outcome.ELIGIBLE): gettext_lazy(
        "You were abroad employed by the British Armed Forces. This counts as living in the UK."
    ),
    (rules.ReasonCode.EXEMPT_HMG_DUTY, rules.Outcome.ELIGIBLE): gettext_lazy(
        "You were abroad on official duty for HM Government. This counts as living in the UK."
    ),
    (rules.ReasonCode.FAMILY_OF_EXEMPT, rules.Outcome.ELIGIBLE): gettext_lazy(
        "You were abroad with a family member who was in the British Armed Forces "
        "or on official duty for HM Government. For this vetting level, this counts "
        "as living in the UK."
    ),
    (rules.ReasonCode.FAMILY_OF_EXEMPT, rules.Outcome.REVIEW): gettext_lazy(
        "You were abroad with a family member who was in the British Armed Forces or "
        "on official duty for HM Government. The vetting team would need to decide "
        "whether this time counts as living in the UK."
    ),
    (rules.ReasonCode.ABROAD, rules.Outcome.REVIEW): gettext_lazy(
        "You lived outside the UK for a reason that does not count as living in the "
        "UK. It was short, so the vetting team would need to decide whether it matters."
    ),
    (rules.ReasonCode.ABROAD, rules.Outcome.NOT_ELIGIBLE): gettext_lazy(
        "You lived outside the UK for a reason that does not count as living in the UK. "
        "Only time abroad employed by the British Armed Forces or on official duty for "
        "HM Government counts."
    ),
    (rules.ReasonCode.GAP, rules.Outcome.REVIEW): gettext_lazy(
        "You have not told us where you lived. The vetting team would need to know "
        "where you were, so that your history can be checked."
    ),
    (rules.ReasonCode.GAP_SHORT, rules.Outcome.ELIGIBLE): gettext_lazy(
        "You have not told us where you lived, but a gap this short is treated as a move "
        "between addresses and does not count against you."
    ),
}


def _places_during(periods: Sequence[Period], stretch: rules.Stretch) -> tuple[str, ...]:
    """The places abroad, with why, that cover any day of `stretch`."""
    places = []
    for period in sorted(periods, key=lambda period: period.start):
        if period.country == rules.UK_COUNTRY_CODE:
            continue
        end = period.end or stretch.end
        if period.start <= stretch.end and end >= stretch.start:
            place = f"{country_name(period.country)} ({REASON_LABELS.get(period.reason, '')})"
            if place not in places:
                places.append(place)
    return tuple(places)


def _could_meet_from(assessment: rules.Assessment, stretches: Sequence[StretchView]) -> date | None:
    """The first assessment date whose window no longer holds a problem day.

    Only for a candidate who does not meet the rule and whose latest stretch is
    not itself a problem: the date assumes they keep living in the UK (or
    somewhere that counts) until then.
    """
    if assessment.outcome is not rules.Outcome.NOT_ELIGIBLE or not stretches:
        return None
    if stretches[-1].is_problem:
        return None
    last_problem_end = max(stretch.end for stretch in stretches if stretch.is_problem)
    return first_date_with_window_after(last_problem_end, assessment.level.required_years)


def first_date_with_window_after(day: date, required_years: int) -> date:
    """The earliest as_of whose window (rules.window_start_for) starts after `day`."""
    wanted_start = day + timedelta(days=1)
    try:
        candidate = wanted_start.replace(year=wanted_start.year + required_years)
    except ValueError:  # 29 February in a year that has none
        candidate = date(wanted_start.year + required_years, 3, 1)
    # window_start_for maps 29 February back to 28 February, so step back while
    # an earlier day still qualifies.
    while rules.window_start_for(candidate - timedelta(days=1), required_years) >= wanted_start:
        candidate -= timedelta(days=1)
    return candidate
