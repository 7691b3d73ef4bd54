"""Reads about staff: which ROCUs a user may act for."""

from django.db.models import QuerySet

from .models import Rocu


def user_sees_all_rocus(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("accounts.access_all_rocus"))


def rocus_for_user(user) -> QuerySet[Rocu]:
    """The ROCUs whose data this staff user may see: all for National HR, else their own."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return Rocu.objects.none()
    if user_sees_all_rocus(user):
        return Rocu.objects.all()
    return Rocu.objects.filter(staff=user)


def scope_to_user_rocus(queryset: QuerySet, user, *, rocu_field: str = "rocu") -> QuerySet:
    """Limit any queryset with a ROCU foreign key to what ``user`` may see.

    Every staff-facing queryset goes through here, so there is one place that
    decides "own ROCU only unless granted all".
    """
    if user_sees_all_rocus(user):
        return queryset
    if not (user.is_authenticated and user.is_staff):
        return queryset.none()
    return queryset.filter(**{f"{rocu_field}__in": Rocu.objects.filter(staff=user)})


def user_may_act_for_rocu(user, rocu_id: int) -> bool:
    """Whether staff ``user`` may act on data of the ROCU ``rocu_id`` (National HR: any).

    The user's ROCU ids are read once and kept on the user object: an admin page
    asks this for an advert and for each inline many times. The user object
    lives for one request (or one service call's caller), so a change of
    someone's ROCUs applies from their next request.
    """
    if user_sees_all_rocus(user):
        return True
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    rocu_ids = getattr(user, "_rocu_ids", None)
    if rocu_ids is None:
        rocu_ids = frozenset(user.rocus.values_list("pk", flat=True))
        user._rocu_ids = rocu_ids
    return rocu_id in rocu_ids
