"""What vetting needs to know about adverts, supplied by the app above.

The open adverts the self-check can check against; the adverts that name a
level (the admin refuses to delete a level in use, and asks a reason to change a
live level's years); the levels of adverts by reference (the command line given
an advert); and a way to tell the public advert pages that a level changed.

The self-check lets a candidate pick an open advert instead of a vetting level.
Adverts belong to the vacancies app, which sits above vetting in the layers
(docs/architecture.md, "App layers"), so vetting must not import it. Instead
vacancies registers its two readers here when Django starts
(``VacanciesConfig.ready``), and the self-check asks through this module.
Without a registered source (vacancies not installed) there are no adverts and
the self-check offers vetting levels only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from accounts.models import Rocu

from .models import VettingLevel


class AdvertToCheck(Protocol):
    """What the self-check's pages read from an advert (a vacancies.Vacancy fits)."""

    reference: str
    title: str
    rocu: Rocu
    vetting_level: VettingLevel
    national_security_level: VettingLevel | None

    def vetting_levels(self) -> list[VettingLevel]: ...

    def get_absolute_url(self) -> str: ...


def _no_advert(*, reference: str) -> None:
    return None


def _no_adverts(*, rocu_id: int | None = None) -> list:
    return []


def _no_references(*, level: VettingLevel) -> tuple[list[str], list[str]]:
    return [], []


def _no_levels(references: Iterable[str]) -> dict[str, list[VettingLevel]]:
    return {}


def _nothing_to_refresh() -> None:
    return None


def _no_version() -> None:
    return None


_list_open: Callable[..., Sequence[AdvertToCheck]] = _no_adverts
_get_open: Callable[..., AdvertToCheck | None] = _no_advert
_rocus_with_open: Callable[[], Sequence[Rocu]] = list
_references_naming: Callable[..., tuple[list[str], list[str]]] = _no_references
_levels_by_reference: Callable[[Iterable[str]], dict[str, list[VettingLevel]]] = _no_levels
_pages_changed: Callable[[], None] = _nothing_to_refresh
_pages_version: Callable[[], int | None] = _no_version


def register_source(
    *,
    list_open: Callable[..., Sequence[AdvertToCheck]],
    get_open: Callable[..., AdvertToCheck | None],
    references_naming: Callable[..., tuple[list[str], list[str]]] = _no_references,
    levels_by_reference: Callable[[Iterable[str]], dict[str, list[VettingLevel]]] = _no_levels,
    pages_changed: Callable[[], None] = _nothing_to_refresh,
    rocus_with_open: Callable[[], Sequence[Rocu]] = list,
    pages_version: Callable[[], int | None] = _no_version,
) -> None:
    """Called once at start-up by the app that owns adverts.

    ``list_open(rocu_id=None)``: open adverts that name a vetting level, soonest
    closing first, with ROCU and levels loaded (one ROCU's if ``rocu_id``).
    ``get_open(reference=...)``: one of them, or None if there is no such open
    advert (it may have closed). ``references_naming(level=...)``: (published,
    other) references of adverts naming the level in either place.
    ``levels_by_reference(references)``: each advert's levels, force level first,
    any status, in one query. ``pages_changed()``: call after commit when a
    level's wording changed. ``rocus_with_open()``: the ROCUs that have open
    adverts, each with ``open_vacancy_count``, in one query. ``pages_version()``:
    the public pages' version, which ``pages_changed()`` moves on (one Redis GET), or
    None when there is none to read (Redis unreachable: nothing is kept then).
    """
    global _list_open, _get_open, _references_naming, _levels_by_reference, _pages_changed
    global _rocus_with_open, _pages_version
    _list_open, _get_open = list_open, get_open  # set once, at start-up
    _references_naming, _levels_by_reference = references_naming, levels_by_reference
    _pages_changed, _rocus_with_open = pages_changed, rocus_with_open
    _pages_version = pages_version


def open_adverts(*, rocu_id: int | None = None) -> list[AdvertToCheck]:
    return list(_list_open(rocu_id=rocu_id))


def rocus_with_open_adverts() -> list[Rocu]:
    return list(_rocus_with_open())


def open_advert(*, reference: str) -> AdvertToCheck | None:
    return _get_open(reference=reference)


def references_naming(*, level: VettingLevel) -> tuple[list[str], list[str]]:
    return _references_naming(level=level)


def levels_by_reference(references: Iterable[str]) -> dict[str, list[VettingLevel]]:
    return _levels_by_reference(references)


def public_pages_changed() -> None:
    _pages_changed()


def public_pages_version() -> int | None:
    """The version ``public_pages_changed`` moves on; None without a registered source."""
    return _pages_version()
