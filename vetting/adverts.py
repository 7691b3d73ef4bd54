"""The open adverts the self-check can check against, supplied by the app above.

The self-check lets a candidate pick an open advert instead of a vetting level.
Adverts belong to the vacancies app, which sits above vetting in the layers
(docs/architecture.md, "App layers"), so vetting must not import it. Instead
vacancies registers its two readers here when Django starts
(``VacanciesConfig.ready``), and the self-check asks through this module.
Without a registered source (vacancies not installed) there are no adverts and
the self-check offers vetting levels only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from accounts.models import Rocu

from .models import VettingLevel


class AdvertToCheck(Protocol):
    """What the self-check's pages read from an advert (a vacancies.Vacancy fits)."""

    reference: str
    title: str
    rocu: Rocu
    vetting_level: VettingLevel

    def get_absolute_url(self) -> str: ...


def _no_advert(*, reference: str) -> None:
    return None


_list_open: Callable[[], Sequence[AdvertToCheck]] = list
_get_open: Callable[..., AdvertToCheck | None] = _no_advert


def register_source(
    *,
    list_open: Callable[[], Sequence[AdvertToCheck]],
    get_open: Callable[..., AdvertToCheck | None],
) -> None:
    """Called once at start-up by the app that owns adverts.

    ``list_open()``: open adverts that name a vetting level, soonest closing
    first, with ROCU and level loaded. ``get_open(reference=...)``: one of
    them, or None if there is no such open advert (it may have closed).
    """
    global _list_open, _get_open  # set once, at start-up
    _list_open, _get_open = list_open, get_open


def open_adverts() -> list[AdvertToCheck]:
    return list(_list_open())


def open_advert(*, reference: str) -> AdvertToCheck | None:
    return _get_open(reference=reference)
