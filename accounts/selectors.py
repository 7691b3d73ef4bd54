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


def user_role(user) -> str | None:
    """The staff role (accounts.roles) a user holds: one group among STAFF_ROLES."""
    from .roles import STAFF_ROLES

    # Iterate (not filter) so a prefetched ``groups`` costs no query.
    names = [group.name for group in user.groups.all() if group.name in STAFF_ROLES]
    return names[0] if names else None


def staff_users_for(user) -> QuerySet:
    """The staff accounts ``user`` may see in the admin: all for National HR, else
    those who work for one of their ROCUs (never National HR or superusers)."""
    from django.db.models import Exists, OuterRef
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import User
    from .roles import NATIONAL_HR

    queryset = User.objects.annotate(
        has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    ).prefetch_related("groups", "rocus")
    if user_sees_all_rocus(user):
        return queryset
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return queryset.none()
    return queryset.filter(
        pk__in=User.objects.filter(rocus__in=Rocu.objects.filter(staff=user))
        .exclude(is_superuser=True)
        .exclude(groups__name=NATIONAL_HR)
        .values("pk")
    )


def staff_scope_description(user) -> str:
    """One sentence for the admin: whose data this person sees."""
    if user_sees_all_rocus(user):
        return "every ROCU"
    names = [rocu.short_name for rocu in user.rocus.all()]
    return ", ".join(names) if names else "no ROCU yet (ask National HR to add you to one)"


def staff_audit_for(user) -> QuerySet:
    from .models import StaffAuditEntry

    return StaffAuditEntry.objects.filter(subject=user).select_related("by")


def totp_code_for(device) -> tuple[str, int]:
    """The code ``device`` accepts now, and seconds until it changes.

    For ``manage.py demo_totp`` (DEBUG only) and tests: a real person reads their
    code from their phone. Each code works once, so when the current one has
    been used this gives the next step's, which the device's tolerance of one
    step also accepts.
    """
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = time.time()
    totp.time = now
    if device.last_t is not None and totp.t() <= device.last_t:
        totp.time = now + device.step
    seconds_left = device.step - (int(now) - device.t0) % device.step
    return f"{totp.token():0{device.digits}d}", seconds_left
