"""Reads for the vetting app: levels as rules, and assessments.

Assessing a residence history is a read: it applies vetting/rules.py with the
service's tolerance settings and stores nothing. The command line
(assess_eligibility) and the public self-check both come through here, so they
can never disagree about the thresholds.
"""

import datetime
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date

from django.conf import settings
from django.core.signals import request_finished, request_started, setting_changed
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from core.held import HeldValue

from . import adverts, clearance, rules
from .models import VettingLevel
from .requirements import Requirements, requirements_for


def level_rules_by_code() -> dict[str, rules.LevelRule]:
    """Every vetting level, active or not, keyed by code (one query).

    Inactive levels are kept: a batch check of old applications may name one.
    """
    return {level.code: level.as_rule() for level in VettingLevel.objects.all()}


def vetting_level_list_active() -> list[VettingLevel]:
    return list(VettingLevel.objects.filter(is_active=True))


# The self-check's pages read the levels on every request. They are a few rows that
# change only through vetting_level_save/delete, which move the public pages'
# version on after commit; so each process keeps them until that version moves
# (one Redis GET a request instead of a query). A save in this process forgets
# them at once too (and tests, whose rollbacks move no version, forget them).
_self_check_levels: tuple[int, dict[str, VettingLevel]] | None = None
_self_check_levels_lock = threading.Lock()
# Moves on whenever a kept copy below is read again or forgotten: a page built from
# the kept copies can be reused while it stands still (the choose page's frame).
_generation = 0
# Within one request the version is read once (a page asks for the levels, the ROCUs
# and the adverts); outside a request (commands, tasks) every call reads it.
_this_request = threading.local()
# Across requests a process holds the version it read for up to
# VETTING_SELF_CHECK_VERSION_SECONDS (1 s), so a stream of question pages costs one
# Redis round trip a second rather than one a page: that round trip was the largest
# cost left on those pages (docs/performance.md, "Sixth round"). What it costs: a
# change committed in *another* process shows on the self-check up to that long
# later (the job board holds its own read as long: vacancies/cache.py). A save in
# this process forgets the held version at once (the forget functions below), and
# an advert still leaves at its closing time, which the kept lists check against
# the clock, not the version. None (Redis unreachable) is not held: the next
# request tries again.
_held_version = HeldValue(
    lambda: adverts.public_pages_version(),
    seconds=lambda: settings.VETTING_SELF_CHECK_VERSION_SECONDS,
    keep=lambda version: version is not None,
)


def _request_started(**kwargs) -> None:
    _this_request.active, _this_request.version = True, None


def _request_finished(**kwargs) -> None:
    _this_request.active, _this_request.version = False, None


request_started.connect(_request_started, dispatch_uid="self-check-version")
request_finished.connect(_request_finished, dispatch_uid="self-check-version")


def _public_pages_version() -> int | None:
    if not getattr(_this_request, "active", False):
        return adverts.public_pages_version()
    if _this_request.version is None:
        _this_request.version = _held_version.get()
    return _this_request.version


def _self_check_levels_by_code() -> dict[str, VettingLevel]:
    global _self_check_levels
    version = _public_pages_version()
    held = _self_check_levels
    if version is not None and held is not None and held[0] == version:
        return held[1]
    # The version is read before the rows: rows read after a change committed are
    # kept under the old version at worst, which the next request no longer matches.
    by_code = {level.code: level for level in VettingLevel.objects.all()}
    if version is not None:
        with _self_check_levels_lock:
            _self_check_levels = (version, by_code)
            _next_generation()
    return by_code


def _next_generation() -> None:
    global _generation
    _generation += 1


def self_check_kept_generation() -> int | None:
    """Where the kept copies stand (None: nothing is kept, every call reads afresh)."""
    return _generation if _public_pages_version() is not None else None


def self_check_levels_forget(**kwargs) -> None:
    global _self_check_levels
    with _self_check_levels_lock:
        _self_check_levels = None
        _next_generation()
    _held_version.forget()


post_save.connect(self_check_levels_forget, sender=VettingLevel, dispatch_uid="self-check-levels")
post_delete.connect(self_check_levels_forget, sender=VettingLevel, dispatch_uid="self-check-levels")
setting_changed.connect(self_check_levels_forget, dispatch_uid="self-check-levels")


def self_check_levels_get(*, codes: Sequence[str]) -> list[VettingLevel] | None:
    """``vetting_levels_get`` for the self-check's pages, from this process's copy.

    The rows are shared between requests: read them, never change them.
    """
    by_code = _self_check_levels_by_code()
    if not codes or any(code not in by_code for code in codes):
        return None
    return [by_code[code] for code in codes]


def self_check_levels_active() -> list[VettingLevel]:
    """``vetting_level_list_active`` (in the model's order), from this process's copy."""
    return [level for level in _self_check_levels_by_code().values() if level.is_active]


# The open adverts and their ROCUs, for the choose page and the advert a visitor
# chose: kept per process like the levels, and each list only until the first of
# its adverts closes (an advert leaves at its closing time, as on the job board).
# Every publish, edit, close and ROCU save moves the version on after commit.
_KEEP_OPEN_LISTS_SECONDS = 300
_MOST_KEPT_ADVERTS = 1000  # references come from query strings: keep the memo small
_open_lists: tuple[int, dict] | None = None


def _kept_while_true(key, read: Callable[[], tuple[object, datetime.datetime | None]]):
    global _open_lists
    version = _public_pages_version()
    if version is None:
        return read()[0]
    now = timezone.now()
    held = _open_lists
    if held is None or held[0] != version or len(held[1]) > _MOST_KEPT_ADVERTS:
        held = _open_lists = (version, {})
    entry = held[1].get(key)
    if entry is not None and now < entry[0]:
        return entry[1]
    value, closes_at = read()
    latest = now + datetime.timedelta(seconds=_KEEP_OPEN_LISTS_SECONDS)
    held[1][key] = (min(closes_at, latest) if closes_at else latest, value)
    _next_generation()
    return value


def _first_closing(vacancies) -> datetime.datetime | None:
    return min((vacancy.closing_at for vacancy in vacancies), default=None)


def self_check_open_adverts(*, rocu_id: int | None = None) -> list:
    """``adverts.open_adverts``, kept per process (read them, never change them)."""

    def read():
        vacancies = adverts.open_adverts(rocu_id=rocu_id)
        return vacancies, _first_closing(vacancies)

    return _kept_while_true(("adverts", rocu_id), read)


def self_check_rocus_with_open_adverts() -> list:
    """``adverts.rocus_with_open_adverts``, kept per process until an advert closes."""

    def read():
        return adverts.rocus_with_open_adverts(), _first_closing(
            self_check_open_adverts(rocu_id=None)
        )

    return _kept_while_true(("rocus",), read)


def self_check_open_advert(*, reference: str):
    """``adverts.open_advert``, kept per process until it closes."""

    def read():
        vacancy = adverts.open_advert(reference=reference)
        return vacancy, vacancy.closing_at if vacancy is not None else None

    return _kept_while_true(("advert", reference), read)


def self_check_adverts_forget(**kwargs) -> None:
    """An advert or ROCU saved in this process: forget the kept lists at once."""
    global _open_lists
    _open_lists = None
    _next_generation()
    _held_version.forget()


setting_changed.connect(self_check_adverts_forget, dispatch_uid="self-check-adverts")


def vetting_level_get(*, code: str) -> VettingLevel | None:
    """A level by code, active or not (an open advert may name a retired level)."""
    return VettingLevel.objects.filter(code=code).first()


def vetting_levels_get(*, codes: Sequence[str]) -> list[VettingLevel] | None:
    """The levels with these codes in the given order (one query); None if any is unknown."""
    by_code = {level.code: level for level in VettingLevel.objects.filter(code__in=codes)}
    if not codes or any(code not in by_code for code in codes):
        return None
    return [by_code[code] for code in codes]


def held_clearance_assess(
    *, held: clearance.HeldClearance, requirements: Requirements, as_of: date
) -> clearance.ClearanceAssessment | None:
    """A declared clearance against the requirements, with this service's "recent" setting.

    None if the declared level no longer exists (it was deleted since). The level
    comes from the self-check's kept copy (no query).
    """
    held_levels = self_check_levels_get(codes=[held.level_code])
    if held_levels is None:
        return None
    held_level = held_levels[0]
    return clearance.assess_held_clearance(
        held=held,
        held_level=held_level.as_facts(),
        requirements=requirements,
        as_of=as_of,
        recent_months=settings.VETTING_HELD_CLEARANCE_RECENT_MONTHS,
    )


def vetting_level_is_live(*, level: VettingLevel) -> bool:
    """Whether a published advert names the level (so candidates were told its years)."""
    published, _others = adverts.references_naming(level=level)
    return bool(published)


def vetting_level_published_references(*, level: VettingLevel) -> list[str]:
    return adverts.references_naming(level=level)[0]


def vetting_level_other_references(*, level: VettingLevel) -> list[str]:
    """Adverts that are not published (drafts, closed, archived) but name the level."""
    return adverts.references_naming(level=level)[1]


def residence_assess(
    *, level: rules.LevelRule, as_of: date, periods: Sequence[rules.ResidencePeriod]
) -> rules.Assessment:
    """The residence rule with this service's tolerances (settings VETTING_*_TOLERANCE_DAYS)."""
    return rules.assess(
        level=level,
        as_of=as_of,
        periods=periods,
        gap_tolerance_days=settings.VETTING_GAP_TOLERANCE_DAYS,
        abroad_tolerance_days=settings.VETTING_ABROAD_TOLERANCE_DAYS,
    )


def eligibility_request_assess(
    raw: object,
    *,
    levels: Mapping[str, rules.LevelRule],
    adverts: Mapping[str, Requirements] | None = None,
) -> dict:
    """One decoded JSON request in, its JSON answer out (the assess_eligibility contract).

    A request names a "level" code, or an "advert" reference instead: then the
    advert's levels are applied together (the stricter window, vetting/requirements.py)
    and the answer adds "advert" and "levels" after the usual keys. Raises
    rules.RuleInputError naming every invalid field.
    """
    if isinstance(raw, Mapping) and "advert" in raw:
        return _advert_request_assess(raw, adverts=adverts or {})
    level, as_of, periods = rules.parse_request(raw, levels=levels)
    return rules.assessment_as_json(residence_assess(level=level, as_of=as_of, periods=periods))


def _advert_request_assess(raw: Mapping, *, adverts: Mapping[str, Requirements]) -> dict:
    reference = raw["advert"]
    if "level" in raw:
        raise rules.RuleInputError(
            [rules.FieldError("advert", "Give either a level or an advert, not both")]
        )
    requirements = adverts.get(reference) if isinstance(reference, str) else None
    if requirements is None:
        # Still parse the rest, so every problem is reported at once.
        errors = [rules.FieldError("advert", f"No advert has the reference {reference}")]
        try:
            rules.parse_request({**raw, "level": "-"}, levels={"-": rules.LevelRule("-", 0)})
        except rules.RuleInputError as error:
            errors.extend(error.errors)
        raise rules.RuleInputError(errors)
    rule = requirements.as_rule()
    level, as_of, periods = rules.parse_request(
        {**raw, "level": rule.code}, levels={rule.code: rule}
    )
    answer = rules.assessment_as_json(residence_assess(level=level, as_of=as_of, periods=periods))
    answer["advert"] = reference
    answer["levels"] = list(requirements.codes)
    return answer


def advert_requirements_by_reference(references: Iterable[str]) -> dict[str, Requirements]:
    """The combined requirements of the named adverts, any status, in one query."""
    wanted = {reference for reference in references if isinstance(reference, str)}
    if not wanted:
        return {}
    return {
        reference: requirements_for(level.as_facts() for level in levels)
        for reference, levels in adverts.levels_by_reference(wanted).items()
        if levels
    }


def eligibility_batch_assess(raw: object) -> tuple[dict | list, bool]:
    """Assess one request or a list of them; return (JSON answer, whether any was invalid).

    A list gives a list of answers in the same order; an invalid item's answer is
    its {"errors": [...]}, so one bad row never hides the others' results.
    """
    levels = level_rules_by_code()
    requests = raw if isinstance(raw, list) else [raw]
    adverts = advert_requirements_by_reference(
        request.get("advert") for request in requests if isinstance(request, Mapping)
    )

    def answer(request: object) -> tuple[dict, bool]:
        try:
            return eligibility_request_assess(request, levels=levels, adverts=adverts), False
        except rules.RuleInputError as error:
            return rules.errors_as_json(error), True

    if isinstance(raw, list):
        answers = [answer(request) for request in raw]
        return [body for body, _ in answers], any(invalid for _, invalid in answers)
    return answer(raw)
