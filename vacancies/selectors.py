"""Reads for staff: which adverts a user may see, and what they may do to one.

Every staff-facing query goes through ``vacancies_for_user`` (which defers to
``accounts.selectors.scope_to_user_rocus``), so "own ROCUs only unless
National HR" is decided in one place. The public side has its own reads.
"""

from django.db.models import QuerySet

from accounts.selectors import rocus_for_user, scope_to_user_rocus, user_may_act_for_rocu

from .models import Vacancy, VacancyStatus

EDITABLE_STATUSES = (VacancyStatus.DRAFT, VacancyStatus.PUBLISHED)


def vacancies_for_user(user) -> QuerySet[Vacancy]:
    return scope_to_user_rocus(Vacancy.objects.all(), user)


def rocus_user_may_draft_for(user):
    """ROCUs for which ``user`` may create adverts (the ROCU choice in the admin form)."""
    if not user.has_perm("vacancies.add_vacancy"):
        return rocus_for_user(user).none()
    return rocus_for_user(user)


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
