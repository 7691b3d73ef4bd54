"""The residence rule for vetting eligibility, as a pure function of its inputs.

Implements the specification in docs/vetting-rule.md ("The specification"), which
is also the maintainer's guide.
Given a vetting level, an assessment date and a candidate's residence periods, it
classes every day of the look-back window (uk, exempt, family, abroad, missing)
and returns an outcome (eligible, review, not_eligible) with the reasons behind it.

The module is deliberately free of Django, the clock and the database: the date
is passed in and the settings arrive as arguments, so the same call gives the same
answer in a view, a Celery task, a management command or a hypothesis test.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import MINYEAR, date, datetime
from itertools import pairwise

import pycountry

from core.govuk_dates import govuk_date

__all__ = [
    "ALL_RESIDENCE_REASONS",
    "CROWN_DEPENDENCY_CODES",
    "DEFAULT_ABROAD_TOLERANCE_DAYS",
    "DEFAULT_GAP_TOLERANCE_DAYS",
    "FAMILY_OF_EXEMPT_POLICIES",
    "ISO_COUNTRY_CODES",
    "REASONS_ABROAD",
    "UK_COUNTRY_CODE",
    "Assessment",
    "DayClass",
    "FieldError",
    "LevelRule",
    "Outcome",
    "Reason",
    "ReasonCode",
    "ResidencePeriod",
    "RuleInputError",
    "Stretch",
    "assess",
    "assessment_as_json",
    "errors_as_json",
    "parse_request",
    "window_start_for",
]

DEFAULT_GAP_TOLERANCE_DAYS = 31
DEFAULT_ABROAD_TOLERANCE_DAYS = 0

UK_COUNTRY_CODE = "GB"
# Jersey, Guernsey and the Isle of Man are Crown Dependencies, not part of the UK.
# They need no special handling (any code other than GB is abroad); the constant
# exists so tests and docs can name them.
CROWN_DEPENDENCY_CODES = ("JE", "GG", "IM")
ISO_COUNTRY_CODES: frozenset[str] = frozenset(country.alpha_2 for country in pycountry.countries)

RESIDENT = "resident"
BRITISH_FORCES = "british_forces"
HMG_OFFICIAL_DUTY = "hmg_official_duty"
FAMILY_OF_FORCES = "family_of_forces"
FAMILY_OF_HMG = "family_of_hmg"
REASONS_ABROAD = (
    BRITISH_FORCES,
    HMG_OFFICIAL_DUTY,
    FAMILY_OF_FORCES,
    FAMILY_OF_HMG,
    "study",
    "work",
    "travel",
    "other",
)
ALL_RESIDENCE_REASONS: tuple[str, ...] = (RESIDENT, *REASONS_ABROAD)

FAMILY_EXEMPT = "exempt"
FAMILY_REVIEW = "review"
FAMILY_OF_EXEMPT_POLICIES = (FAMILY_EXEMPT, FAMILY_REVIEW)

# JSON dates are exactly YYYY-MM-DD. date.fromisoformat alone is too lenient on
# Python 3.11 (it takes "20220401" and week dates such as "2022-W13-5"), and \d
# would let non-ASCII digits through.
_ISO_DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Checked before upper-casing: "ß".upper() is "SS", which is South Sudan.
_COUNTRY_CODE_PATTERN = re.compile(r"[A-Za-z]{2}")


class Outcome(enum.StrEnum):
    """The answer for one candidate and level.

    Compare outcomes by ``severity`` (or take ``Outcome.worst``), never with ``<``:
    as strings "not_eligible" sorts before "review".
    """

    ELIGIBLE = "eligible"
    REVIEW = "review"
    NOT_ELIGIBLE = "not_eligible"

    @property
    def severity(self) -> int:
        return _OUTCOME_SEVERITY[self]

    @classmethod
    def worst(cls, outcomes: Iterable[Outcome]) -> Outcome:
        """The most severe of `outcomes`; ELIGIBLE when there are none."""
        return max(outcomes, key=_severity_of, default=cls.ELIGIBLE)


_OUTCOME_SEVERITY = {Outcome.ELIGIBLE: 0, Outcome.REVIEW: 1, Outcome.NOT_ELIGIBLE: 2}


def _severity_of(outcome: Outcome) -> int:
    return outcome.severity


class DayClass(enum.StrEnum):
    """How one day of the window counts, from most to least favourable."""

    UK = "uk"
    EXEMPT = "exempt"
    FAMILY = "family"
    ABROAD = "abroad"
    MISSING = "missing"


class ReasonCode(enum.StrEnum):
    """The codes of the spec's reason table, docs/vetting-rule.md (a str: equals its value)."""

    EXEMPT_BRITISH_FORCES = "EXEMPT_BRITISH_FORCES"
    EXEMPT_HMG_DUTY = "EXEMPT_HMG_DUTY"
    FAMILY_OF_EXEMPT = "FAMILY_OF_EXEMPT"
    ABROAD = "ABROAD"
    GAP = "GAP"
    GAP_SHORT = "GAP_SHORT"


class _DayKind(enum.IntEnum):
    """A day's class refined by exemption kind; a higher value wins an overlap.

    British Forces ranks above HM Government duty only so that a day covered by
    both gets one deterministic label (the order the job profile names them in);
    both are exempt, so the choice never changes an outcome.
    """

    MISSING = 0
    ABROAD = 1
    FAMILY = 2
    EXEMPT_HMG_DUTY = 3
    EXEMPT_BRITISH_FORCES = 4
    UK = 5


_DAY_CLASS_OF_KIND = {
    _DayKind.MISSING: DayClass.MISSING,
    _DayKind.ABROAD: DayClass.ABROAD,
    _DayKind.FAMILY: DayClass.FAMILY,
    _DayKind.EXEMPT_HMG_DUTY: DayClass.EXEMPT,
    _DayKind.EXEMPT_BRITISH_FORCES: DayClass.EXEMPT,
    _DayKind.UK: DayClass.UK,
}
# MISSING is absent: GAP or GAP_SHORT depends on the stretch's length. UK has no code.
_REASON_CODE_OF_KIND = {
    _DayKind.ABROAD: ReasonCode.ABROAD,
    _DayKind.FAMILY: ReasonCode.FAMILY_OF_EXEMPT,
    _DayKind.EXEMPT_HMG_DUTY: ReasonCode.EXEMPT_HMG_DUTY,
    _DayKind.EXEMPT_BRITISH_FORCES: ReasonCode.EXEMPT_BRITISH_FORCES,
}
_DAY_KIND_OF_REASON_ABROAD = {
    BRITISH_FORCES: _DayKind.EXEMPT_BRITISH_FORCES,
    HMG_OFFICIAL_DUTY: _DayKind.EXEMPT_HMG_DUTY,
    FAMILY_OF_FORCES: _DayKind.FAMILY,
    FAMILY_OF_HMG: _DayKind.FAMILY,
}


@dataclass(frozen=True)
class LevelRule:
    """A vetting level as the rule sees it: look-back years and family policy."""

    code: str
    required_years: int
    family_of_exempt: str = FAMILY_REVIEW

    def __post_init__(self) -> None:
        # Levels are configuration, not candidate input: a bad one is a bug, so it
        # fails loudly here rather than as a RuleInputError shown to a candidate.
        if not isinstance(self.required_years, int) or self.required_years < 0:
            raise ValueError(
                f"required_years must be a whole number >= 0, not {self.required_years!r}"
            )
        if self.family_of_exempt not in FAMILY_OF_EXEMPT_POLICIES:
            raise ValueError(
                f"family_of_exempt must be one of {FAMILY_OF_EXEMPT_POLICIES}, "
                f"not {self.family_of_exempt!r}"
            )


@dataclass(frozen=True)
class ResidencePeriod:
    """Where a candidate lived, from `start` to `end` inclusive (None: still there).

    Not validated on construction so that `assess` can report every problem in a
    list of periods at once. `country` is an upper-case ISO 3166-1 alpha-2 code.
    """

    start: date
    end: date | None
    country: str
    reason: str = RESIDENT


@dataclass(frozen=True)
class Reason:
    """One non-UK stretch of the window, explaining the outcome.

    `effect` is the outcome this stretch alone leads to (ELIGIBLE: it does not
    count against the candidate); the assessment's outcome is the worst of them.
    Pages explain a reason by its code and effect, never by re-deriving the rule.
    """

    code: str
    start: date
    end: date
    day_class: DayClass
    effect: Outcome

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Stretch:
    """A maximal run of days of one class (and one exemption kind), for a timeline."""

    day_class: DayClass
    start: date
    end: date


@dataclass(frozen=True)
class Assessment:
    """The result of `assess`.

    `stretches` cover window_start..window_end in date order, UK included; each
    non-UK stretch has exactly one reason with the same dates. A level with
    required_years 0 has no window: window_start == window_end == as_of, and
    stretches and reasons are empty.
    """

    outcome: Outcome
    level: LevelRule
    as_of: date
    window_start: date
    window_end: date
    reasons: tuple[Reason, ...]
    stretches: tuple[Stretch, ...]


@dataclass(frozen=True)
class FieldError:
    """One problem with the input, named by its JSON path, e.g. `periods[2].end`."""

    field: str
    message: str


class RuleInputError(ValueError):
    """The input cannot be assessed; `errors` lists every problem found."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        if not self.errors:
            raise ValueError("RuleInputError needs at least one FieldError")
        # args holds the errors so the exception survives pickling and copying.
        super().__init__(self.errors)

    def __str__(self) -> str:
        return "; ".join(f"{error.field}: {error.message}" for error in self.errors)


def window_start_for(as_of: date, required_years: int) -> date:
    """as_of minus `required_years` calendar years; 29 February becomes 28 February."""
    if required_years < 0:
        raise ValueError(f"required_years must be >= 0, not {required_years}")
    start_year = as_of.year - required_years
    if start_year < MINYEAR:
        raise ValueError(f"{required_years} years before {as_of} is before year {MINYEAR}")
    try:
        return as_of.replace(year=start_year)
    except ValueError:
        # Only 29 February can fail to exist in the earlier year.
        return as_of.replace(year=start_year, day=28)


def assess(
    *,
    level: LevelRule,
    as_of: date,
    periods: Sequence[ResidencePeriod],
    gap_tolerance_days: int = DEFAULT_GAP_TOLERANCE_DAYS,
    abroad_tolerance_days: int = DEFAULT_ABROAD_TOLERANCE_DAYS,
) -> Assessment:
    """Apply the residence rule; raise RuleInputError listing every invalid period."""
    if not _is_calendar_date(as_of):
        raise TypeError(f"as_of must be a date, not {as_of!r}")
    if gap_tolerance_days < 0 or abroad_tolerance_days < 0:
        raise ValueError("tolerances must be >= 0 days")
    errors: list[FieldError] = []
    drafts: list[_PeriodDraft] = []
    for index, period in enumerate(periods):
        start: date | _Unreadable = period.start
        end: date | None | _Unreadable = period.end
        if not _is_calendar_date(start):
            errors.append(FieldError(f"periods[{index}].start", "Start date must be a date"))
            start = _UNREADABLE
        if end is not None and not _is_calendar_date(end):
            errors.append(FieldError(f"periods[{index}].end", "End date must be a date or empty"))
            end = _UNREADABLE
        drafts.append(
            _PeriodDraft(
                index=index, start=start, end=end, country=period.country, reason=period.reason
            )
        )
    errors.extend(_period_errors(drafts, as_of=as_of))
    if errors:
        errors.sort(key=_error_sort_key)
        raise RuleInputError(errors)

    window_start = window_start_for(as_of, level.required_years)
    if level.required_years == 0:
        return Assessment(
            outcome=Outcome.ELIGIBLE,
            level=level,
            as_of=as_of,
            window_start=as_of,
            window_end=as_of,
            reasons=(),
            stretches=(),
        )

    stretches: list[Stretch] = []
    reasons: list[Reason] = []
    for first_ordinal, last_ordinal, kind in _classify_window(periods, window_start, as_of):
        stretch = Stretch(
            day_class=_DAY_CLASS_OF_KIND[kind],
            start=date.fromordinal(first_ordinal),
            end=date.fromordinal(last_ordinal),
        )
        stretches.append(stretch)
        if kind is _DayKind.UK:
            continue
        day_count = last_ordinal - first_ordinal + 1
        if kind is _DayKind.MISSING:
            over_tolerance = day_count > gap_tolerance_days
            code = ReasonCode.GAP if over_tolerance else ReasonCode.GAP_SHORT
            effect = Outcome.REVIEW if over_tolerance else Outcome.ELIGIBLE
        elif kind is _DayKind.ABROAD:
            code = ReasonCode.ABROAD
            over_tolerance = day_count > abroad_tolerance_days
            effect = Outcome.NOT_ELIGIBLE if over_tolerance else Outcome.REVIEW
        elif kind is _DayKind.FAMILY:
            code = ReasonCode.FAMILY_OF_EXEMPT
            family_is_exempt = level.family_of_exempt == FAMILY_EXEMPT
            effect = Outcome.ELIGIBLE if family_is_exempt else Outcome.REVIEW
        else:
            code = _REASON_CODE_OF_KIND[kind]
            effect = Outcome.ELIGIBLE
        reasons.append(
            Reason(
                code=code,
                start=stretch.start,
                end=stretch.end,
                day_class=stretch.day_class,
                effect=effect,
            )
        )

    return Assessment(
        outcome=Outcome.worst(reason.effect for reason in reasons),
        level=level,
        as_of=as_of,
        window_start=window_start,
        window_end=as_of,
        reasons=tuple(reasons),
        stretches=tuple(stretches),
    )


def _day_kind_of(period: ResidencePeriod) -> _DayKind:
    if period.country == UK_COUNTRY_CODE:
        return _DayKind.UK
    return _DAY_KIND_OF_REASON_ABROAD.get(period.reason, _DayKind.ABROAD)


def _classify_window(
    periods: Sequence[ResidencePeriod], window_start: date, as_of: date
) -> list[tuple[int, int, _DayKind]]:
    """Runs (first ordinal, last ordinal, kind) covering the window, merged by kind.

    A sweep over period boundaries rather than a per-day list: the cost depends on
    the number of periods, not on the length of the window.
    """
    window_first, window_last = window_start.toordinal(), as_of.toordinal()
    coverings: list[tuple[int, int, _DayKind]] = []
    for period in periods:
        first = max(period.start.toordinal(), window_first)
        last = min((period.end or as_of).toordinal(), window_last)
        if first <= last:
            coverings.append((first, last, _day_kind_of(period)))

    # Every place where the set of covering periods can change is a cut, so each
    # segment between two cuts is classed by looking at its first day alone.
    cuts = sorted(
        {window_first, window_last + 1}
        | {first for first, _, _ in coverings}
        | {last + 1 for _, last, _ in coverings}
    )
    runs: list[tuple[int, int, _DayKind]] = []
    for segment_first, next_segment_first in pairwise(cuts):
        kind = max(
            (kind for first, last, kind in coverings if first <= segment_first <= last),
            default=_DayKind.MISSING,
        )
        if runs and runs[-1][2] is kind:
            runs[-1] = (runs[-1][0], next_segment_first - 1, kind)
        else:
            runs.append((segment_first, next_segment_first - 1, kind))
    return runs


# ---------------------------------------------------------------------------
# Validation, shared by the typed entry point (assess) and the JSON one.


class _Unreadable:
    """Marks a value that was missing or malformed and has already been reported."""

    def __repr__(self) -> str:
        return "<unreadable>"


_UNREADABLE = _Unreadable()


@dataclass
class _PeriodDraft:
    index: int
    start: date | _Unreadable
    end: date | None | _Unreadable
    country: object
    reason: object


def _is_calendar_date(value: object) -> bool:
    # datetime is a date subclass, but comparing one with a date raises TypeError.
    return isinstance(value, date) and not isinstance(value, datetime)


def _period_errors(drafts: Sequence[_PeriodDraft], *, as_of: date | None) -> list[FieldError]:
    """Every semantic problem with the periods, in period then field order.

    Values already reported as unreadable are skipped, so each field carries at
    most one message.
    """
    open_ended_count = sum(1 for draft in drafts if draft.end is None)
    errors: list[FieldError] = []
    for draft in drafts:
        prefix = f"periods[{draft.index}]"
        start_is_known = isinstance(draft.start, date)
        if start_is_known and as_of is not None and draft.start > as_of:
            errors.append(
                FieldError(
                    f"{prefix}.start", f"Start date must be on or before {govuk_date(as_of)}"
                )
            )
        if draft.end is _UNREADABLE:
            pass
        elif draft.end is None:
            if open_ended_count > 1:
                errors.append(
                    FieldError(
                        f"{prefix}.end",
                        "Only one place can have no end date (the place you live now)",
                    )
                )
        elif start_is_known and draft.end < draft.start:
            errors.append(
                FieldError(f"{prefix}.end", "End date must be the same as or after the start date")
            )
        if draft.country is not _UNREADABLE and not (
            isinstance(draft.country, str) and draft.country in ISO_COUNTRY_CODES
        ):
            errors.append(
                FieldError(
                    f"{prefix}.country", "Country must be a two-letter country code, like GB or FR"
                )
            )
        if draft.reason is _UNREADABLE:
            pass
        elif not (isinstance(draft.reason, str) and draft.reason in ALL_RESIDENCE_REASONS):
            errors.append(
                FieldError(
                    f"{prefix}.reason",
                    "Reason must be one of: " + ", ".join(ALL_RESIDENCE_REASONS),
                )
            )
        elif draft.country == UK_COUNTRY_CODE and draft.reason != RESIDENT:
            errors.append(
                FieldError(
                    f"{prefix}.reason", "Reason for time in the United Kingdom must be resident"
                )
            )
    return errors


def _parse_iso_date(value: object) -> date | None:
    if not isinstance(value, str) or not _ISO_DATE_PATTERN.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_request(
    raw: object, *, levels: Mapping[str, LevelRule]
) -> tuple[LevelRule, date, list[ResidencePeriod]]:
    """Turn decoded JSON into typed arguments for `assess`, or raise RuleInputError.

    Every problem is collected before raising, including the checks `assess` makes.
    Unknown keys are ignored. `end` must be present (null means still there) so
    that a forgotten end date is never read as "up to today"; `reason` may be
    absent or null, meaning resident.
    """
    if not isinstance(raw, Mapping):
        raise RuleInputError(
            [
                FieldError(
                    "request", "The request must be a JSON object with level, as_of and periods"
                )
            ]
        )
    errors: list[FieldError] = []

    level = None
    if raw.get("level") is None:
        errors.append(FieldError("level", "Select a vetting level"))
    else:
        level_code = raw["level"]
        level = levels.get(level_code) if isinstance(level_code, str) else None
        if level is None:
            errors.append(FieldError("level", "Vetting level must be one of: " + ", ".join(levels)))

    as_of = None
    if raw.get("as_of") is None:
        errors.append(FieldError("as_of", "Enter the assessment date"))
    else:
        as_of = _parse_iso_date(raw["as_of"])
        if as_of is None:
            errors.append(
                FieldError("as_of", "Assessment date must be a real date in the form YYYY-MM-DD")
            )

    if level is not None and as_of is not None and as_of.year - level.required_years < MINYEAR:
        # Its window would start before year 1, which `date` cannot hold: without
        # this, window_start_for raised a bare ValueError and the CLI crashed.
        as_of = None
        errors.append(
            FieldError(
                "as_of",
                f"Assessment date must be in the year {MINYEAR + level.required_years:04d} "
                "or later for this vetting level",
            )
        )

    drafts: list[_PeriodDraft] = []
    if "periods" not in raw:
        errors.append(
            FieldError("periods", "List the places you have lived (the list can be empty)")
        )
    elif not isinstance(raw["periods"], list):
        errors.append(FieldError("periods", "Periods must be a list"))
    else:
        for index, raw_period in enumerate(raw["periods"]):
            draft, draft_errors = _parse_period(index, raw_period)
            errors.extend(draft_errors)
            if draft is not None:
                drafts.append(draft)
        errors.extend(_period_errors(drafts, as_of=as_of))

    if errors:
        # Parse errors were added period by period before the semantic ones; show
        # them in the order a reader scans the form.
        errors.sort(key=_error_sort_key)
        raise RuleInputError(errors)
    # No errors means level, as_of and every draft field were read successfully.
    periods = [
        ResidencePeriod(
            start=draft.start, end=draft.end, country=draft.country, reason=draft.reason
        )
        for draft in drafts
    ]
    return level, as_of, periods


def _parse_period(index: int, raw_period: object) -> tuple[_PeriodDraft | None, list[FieldError]]:
    prefix = f"periods[{index}]"
    if not isinstance(raw_period, Mapping):
        message = "Each period must be an object with start, end, country and reason"
        return None, [FieldError(prefix, message)]
    errors: list[FieldError] = []

    start: date | _Unreadable = _UNREADABLE
    if raw_period.get("start") is None:
        errors.append(FieldError(f"{prefix}.start", "Enter the start date"))
    else:
        parsed_start = _parse_iso_date(raw_period["start"])
        if parsed_start is not None:
            start = parsed_start
        else:
            errors.append(
                FieldError(
                    f"{prefix}.start", "Start date must be a real date in the form YYYY-MM-DD"
                )
            )

    end: date | None | _Unreadable = _UNREADABLE
    if "end" not in raw_period:
        errors.append(
            FieldError(f"{prefix}.end", "Enter the end date, or null if you still live there")
        )
    elif raw_period["end"] is None:
        end = None
    else:
        parsed_end = _parse_iso_date(raw_period["end"])
        if parsed_end is not None:
            end = parsed_end
        else:
            errors.append(
                FieldError(
                    f"{prefix}.end",
                    "End date must be a real date in the form YYYY-MM-DD, "
                    "or null if you still live there",
                )
            )

    country: object = _UNREADABLE
    raw_country = raw_period.get("country")
    if raw_country is None:
        errors.append(FieldError(f"{prefix}.country", "Enter the country"))
    elif isinstance(raw_country, str) and _COUNTRY_CODE_PATTERN.fullmatch(raw_country):
        # Upper-cased here; _period_errors reports it if it is still not a code.
        country = raw_country.upper()
    else:
        country = raw_country  # reported as unknown by _period_errors

    reason = raw_period.get("reason")
    if reason is None:
        reason = RESIDENT

    return _PeriodDraft(index=index, start=start, end=end, country=country, reason=reason), errors


_FIELD_ORDER = {"": 0, "start": 1, "end": 2, "country": 3, "reason": 4}
_TOP_LEVEL_ORDER = {"request": 0, "level": 1, "as_of": 2, "periods": 3}
_PERIOD_FIELD_PATTERN = re.compile(r"periods\[([0-9]+)\](?:\.(\w+))?")


def _error_sort_key(error: FieldError) -> tuple[int, int, int]:
    period_match = _PERIOD_FIELD_PATTERN.fullmatch(error.field)
    if period_match is None:
        return (_TOP_LEVEL_ORDER.get(error.field, 0), -1, 0)
    field_rank = _FIELD_ORDER.get(period_match.group(2) or "", len(_FIELD_ORDER))
    return (_TOP_LEVEL_ORDER["periods"], int(period_match.group(1)), field_rank)


# ---------------------------------------------------------------------------
# The JSON contract (see docs/vetting-rule.md).


def assessment_as_json(assessment: Assessment) -> dict:
    """The assessment in the public JSON shape; keys in this order, no others."""
    return {
        "outcome": assessment.outcome.value,
        "level": assessment.level.code,
        "required_years": assessment.level.required_years,
        "window": {
            "start": assessment.window_start.isoformat(),
            "end": assessment.window_end.isoformat(),
        },
        "reasons": [
            {
                "code": str(reason.code),
                "start": reason.start.isoformat(),
                "end": reason.end.isoformat(),
            }
            for reason in assessment.reasons
        ],
    }


def errors_as_json(error: RuleInputError) -> dict:
    """{"errors": [{"field": ..., "message": ...}]}, in the error's own order."""
    return {
        "errors": [
            {"field": field_error.field, "message": field_error.message}
            for field_error in error.errors
        ]
    }
