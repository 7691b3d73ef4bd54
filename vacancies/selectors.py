"""Reads about adverts: the public pages' open adverts, and what staff may see and do.

Public: "Open" is decided at read time by ``Vacancy.objects.open()`` (status
published AND closing time still in the future). The task that closes adverts
at their closing time only tidies the status; no page waits for it. Every
selector runs a fixed number of queries, whatever the number of adverts.

Staff: every staff-facing query goes through ``vacancies_for_user`` (which
defers to ``accounts.selectors.scope_to_user_rocus``), and every per-advert
check through ``accounts.selectors.user_may_act_for_rocu``, so "own ROCUs only
unless National HR" is decided in one place.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Rocu
from accounts.selectors import rocus_for_user, scope_to_user_rocus, user_may_act_for_rocu
from vetting.models import VettingLevel

from .models import Vacancy, VacancyLocation, VacancyStatus


class VacancySort:
    CLOSING_SOONEST = "closing"
    NEWEST = "newest"
    CHOICES = ((CLOSING_SOONEST, _("Closing date (soonest first)")), (NEWEST, _("Newest first")))


# Adverts the public may read: open ones, and closed ones so old links keep working.
PUBLIC_STATUSES = (VacancyStatus.PUBLISHED, VacancyStatus.CLOSED)


@dataclass(frozen=True)
class VacancyFilters:
    rocu_slugs: tuple[str, ...] = ()
    vetting_level_code: str = ""
    sort: str = VacancySort.CLOSING_SOONEST


@dataclass
class OpenVacancyPage:
    vacancies: list[Vacancy]
    total: int
    page_number: int
    page_count: int
    per_page: int
    # The earliest closing time among all the adverts counted: when this page
    # (its rows or its count) stops being true.
    next_closing_at: datetime.datetime | None
    first_index: int = field(init=False)
    last_index: int = field(init=False)

    def __post_init__(self):
        self.first_index = (self.page_number - 1) * self.per_page + 1 if self.total else 0
        self.last_index = self.first_index + len(self.vacancies) - 1 if self.total else 0


def _with_page_relations(queryset: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    return queryset.select_related(
        "rocu", "vetting_level", "national_security_level"
    ).prefetch_related(Prefetch("locations", queryset=VacancyLocation.objects.order_by("pk")))


def _filtered_open(*, filters: VacancyFilters, now: datetime.datetime) -> QuerySet[Vacancy]:
    queryset = Vacancy.objects.open(now=now)
    if filters.rocu_slugs:
        queryset = queryset.filter(rocu__slug__in=filters.rocu_slugs)
    if filters.vetting_level_code:
        # A level filter finds the adverts that need it, alone or with another level.
        queryset = queryset.filter(
            Q(vetting_level__code=filters.vetting_level_code)
            | Q(national_security_level__code=filters.vetting_level_code)
        )
    return queryset


def vacancy_list_open(
    *,
    filters: VacancyFilters,
    page_number: int = 1,
    per_page: int = 20,
    now: datetime.datetime | None = None,
) -> OpenVacancyPage:
    """One page of open adverts matching ``filters``: three queries, whatever the rows.

    A page number past the last page gives the last page.
    """
    now = now or timezone.now()
    queryset = _filtered_open(filters=filters, now=now)
    summary = queryset.aggregate(total=Count("pk"), next_closing_at=Min("closing_at"))
    total = summary["total"]
    page_count = max(1, -(-total // per_page))
    page_number = min(max(1, page_number), page_count)
    if filters.sort == VacancySort.NEWEST:
        ordering = ("-published_at", "-pk")
    else:
        ordering = ("closing_at", "-published_at", "-pk")
    offset = (page_number - 1) * per_page
    vacancies = (
        list(_with_page_relations(queryset.order_by(*ordering))[offset : offset + per_page])
        if total
        else []
    )
    return OpenVacancyPage(
        vacancies=vacancies,
        total=total,
        page_number=page_number,
        page_count=page_count,
        per_page=per_page,
        next_closing_at=summary["next_closing_at"],
    )


def vacancy_get_public(*, reference: str) -> Vacancy | None:
    """The advert with this reference if the public may read it (open or closed), else None.

    Drafts and archived adverts are not public. An expired advert is returned:
    the page shows it closed.
    """
    return (
        _with_page_relations(Vacancy.objects.filter(status__in=PUBLIC_STATUSES))
        .filter(reference=reference)
        .first()
    )


def vacancy_list_open_for_feed(
    *, limit: int = 100, now: datetime.datetime | None = None
) -> list[Vacancy]:
    """The newest open adverts, for the Atom feed and the sitemap."""
    now = now or timezone.now()
    return list(
        _with_page_relations(Vacancy.objects.open(now=now)).order_by("-published_at", "-pk")[:limit]
    )


def next_open_closing_at(*, now: datetime.datetime | None = None) -> datetime.datetime | None:
    now = now or timezone.now()
    return (
        Vacancy.objects.open(now=now)
        .aggregate(next_closing_at=Min("closing_at"))
        .get("next_closing_at")
    )


def _open_for_self_check() -> QuerySet[Vacancy]:
    return (
        Vacancy.objects.open()
        .filter(vetting_level__isnull=False)
        .select_related("rocu", "vetting_level", "national_security_level")
        .order_by("closing_at", "reference")
    )


def vacancy_list_open_for_self_check(*, rocu_id: int | None = None) -> list[Vacancy]:
    """Open adverts that name a vetting level, soonest closing first, with ROCU and level;
    one ROCU's only when ``rocu_id`` is given.

    The eligibility self-check's advert choice (registered in ``VacanciesConfig.ready``).
    """
    vacancies = _open_for_self_check()
    if rocu_id is not None:
        vacancies = vacancies.filter(rocu_id=rocu_id)
    return list(vacancies)


def rocu_list_with_open_vacancy_counts_for_self_check() -> list[Rocu]:
    """ROCUs with at least one open advert that names a level, each with
    ``open_vacancy_count``, by name: one query, whatever the number of adverts."""
    open_here = (
        Vacancy.objects.open()
        .filter(vetting_level__isnull=False, rocu=OuterRef("pk"))
        .order_by()
        .values("rocu")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return list(
        Rocu.objects.annotate(open_vacancy_count=Subquery(open_here))
        .filter(open_vacancy_count__gt=0)
        .order_by("name")
    )


def vacancy_get_open_for_self_check(*, reference: str) -> Vacancy | None:
    return _open_for_self_check().filter(reference=reference).first()


def _naming_level(level):
    return Vacancy.objects.filter(Q(vetting_level=level) | Q(national_security_level=level))


def vacancy_references_naming_level(*, level) -> tuple[list[str], list[str]]:
    """(published, other) references of adverts naming ``level`` in either place.

    Registered for vetting (deleting a level, changing a live level's years).
    """
    published, others = [], []
    for reference, status in (
        _naming_level(level).order_by("reference").values_list("reference", "status")
    ):
        (published if status == VacancyStatus.PUBLISHED else others).append(reference)
    return published, others


def vacancy_levels_by_reference(references) -> dict[str, list[VettingLevel]]:
    """Each named advert's levels, force level first, any status (the command line)."""
    vacancies = Vacancy.objects.filter(reference__in=list(references)).select_related(
        "vetting_level", "national_security_level"
    )
    return {vacancy.reference: vacancy.vetting_levels() for vacancy in vacancies}


def rocu_filter_options() -> list[Rocu]:
    return list(Rocu.objects.order_by("name"))


def vetting_level_filter_options() -> list[VettingLevel]:
    return list(VettingLevel.objects.order_by("required_residence_years", "code"))


# --- staff ------------------------------------------------------------------------

EDITABLE_STATUSES = (VacancyStatus.DRAFT, VacancyStatus.PUBLISHED)


def vacancies_for_user(user) -> QuerySet[Vacancy]:
    return scope_to_user_rocus(Vacancy.objects.all(), user)


def rocus_user_may_draft_for(user):
    """ROCUs for which ``user`` may create adverts (the ROCU choice in the admin form)."""
    if not user.has_perm("vacancies.add_vacancy"):
        return rocus_for_user(user).none()
    return rocus_for_user(user)


def user_may_see_vacancy(user, *, vacancy: Vacancy) -> bool:
    return user_may_act_for_rocu(user, vacancy.rocu_id)


def user_may_create_vacancy(user, *, rocu_id: int) -> bool:
    return user.has_perm("vacancies.add_vacancy") and user_may_act_for_rocu(user, rocu_id)


def user_may_edit_vacancy(user, *, vacancy: Vacancy) -> bool:
    return user.has_perm("vacancies.change_vacancy") and user_may_act_for_rocu(
        user, vacancy.rocu_id
    )


def user_may_publish_vacancy(user, *, vacancy: Vacancy) -> bool:
    """Publish, close and archive: a ROCU lead of the advert's ROCU, or National HR."""
    return user.has_perm("vacancies.publish_vacancy") and user_may_act_for_rocu(
        user, vacancy.rocu_id
    )


def vacancy_audit_trail(*, vacancy: Vacancy) -> QuerySet:
    return vacancy.audit_entries.select_related("by").order_by("at", "id")
