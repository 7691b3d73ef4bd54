"""Writes for staff accounts: create, change, deactivate, invite, and two-factor sign-in.

Every write checks permission here (accounts.staff_rules decides), writes a
:class:`~accounts.models.StaffAuditEntry`, and queues its email through the
outbox in the same transaction. The admin only collects input and calls these.

Nobody types a password for someone else: a new account gets an unusable
password and an invitation email with a set-password link that expires
(``STAFF_INVITATION_DAYS``) and stops working once used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.site import absolute_url
from notifications.services import notification_enqueue

from . import emails, sign_in_rules, staff_rules
from .models import Rocu, StaffAuditAction, StaffAuditEntry, User
from .selectors import user_role, user_sees_all_rocus

TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


class StaffChangeRefused(PermissionDenied):
    """A staff-account change the person asking may not make; str() says why."""


class StaffInvitationTokenGenerator(PasswordResetTokenGenerator):
    """Set-password links: Django's reset tokens under their own salt.

    The token covers the password hash and last sign-in, so it stops working
    once used; it expires after PASSWORD_RESET_TIMEOUT (= STAFF_INVITATION_DAYS).
    """

    key_salt = "accounts.services.StaffInvitationTokenGenerator"


invitation_tokens = StaffInvitationTokenGenerator()


# --- Permission --------------------------------------------------------------------


def _actor(user: User) -> staff_rules.Actor:
    return staff_rules.Actor(
        user_id=user.pk,
        may_manage_staff=user.is_active and user.has_perm("accounts.change_user"),
        sees_all_rocus=user_sees_all_rocus(user),
        rocu_ids=frozenset(user.rocus.values_list("pk", flat=True)),
        is_superuser=user.is_superuser,
    )


def _grant(user: User) -> staff_rules.Grant:
    return staff_rules.Grant(
        role=user_role(user),
        rocu_ids=frozenset(user.rocus.values_list("pk", flat=True)),
        is_active=user.is_active,
        is_superuser=user.is_superuser,
    )


def staff_change_refusal(
    *, by: User, user: User | None, role: str | None, rocus: Iterable[Rocu], is_active: bool = True
) -> str | None:
    """Why ``by`` may not give ``user`` (None: a new account) this role and these ROCUs."""
    after = staff_rules.Grant(
        role=role, rocu_ids=frozenset(r.pk for r in rocus), is_active=is_active
    )
    before = _grant(user) if user is not None and user.pk else None
    return staff_rules.refusal(
        _actor(by), target_user_id=user.pk if user else None, before=before, after=after
    )


def _check(**kwargs) -> None:
    reason = staff_change_refusal(**kwargs)
    if reason:
        raise StaffChangeRefused(reason)


def _audit(*, by: User | None, subject: User, action: str, change: dict | None = None) -> None:
    StaffAuditEntry.objects.create(by=by, subject=subject, action=action, change=change or {})


def _rocu_names(rocus: Iterable[Rocu]) -> str:
    return ", ".join(sorted(rocu.short_name for rocu in rocus))


# --- Accounts ----------------------------------------------------------------------


@transaction.atomic
def staff_user_create(
    *,
    by: User,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    rocus: Iterable[Rocu],
) -> User:
    """Create a staff account with no usable password, and invite its owner by email."""
    rocus = list(rocus)
    _check(by=by, user=None, role=role, rocus=rocus)
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=True,
        is_superuser=False,
    )
    user.set_unusable_password()
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    user.rocus.set(rocus)
    _audit(
        by=by,
        subject=user,
        action=StaffAuditAction.CREATED,
        change={"role": role, "ROCUs": _rocu_names(rocus) or "all (National HR)"},
    )
    _invite(by=by, user=user)
    return user


@transaction.atomic
def staff_user_update(
    *,
    by: User,
    user: User,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    rocus: Iterable[Rocu],
    is_active: bool,
) -> User:
    """Change a staff account; each change of role, ROCUs or status is audited."""
    rocus = list(rocus)
    # The admin's form has already written its input onto ``user``: read the truth.
    current = User.objects.select_for_update().get(pk=user.pk)
    _check(by=by, user=current, role=role, rocus=rocus, is_active=is_active)

    old_role = user_role(current)
    old_rocus = list(current.rocus.all())
    details = {
        name: value
        for name, value in (("email", email), ("first_name", first_name), ("last_name", last_name))
        if getattr(current, name) != value
    }
    if details:
        for name, value in details.items():
            setattr(current, name, value)
        _audit(
            by=by,
            subject=current,
            action=StaffAuditAction.DETAILS_CHANGED,
            change={"changed": ", ".join(n.replace("_", " ") for n in details)},
        )
    if current.is_active != is_active:
        current.is_active = is_active
        _audit(
            by=by,
            subject=current,
            action=StaffAuditAction.REACTIVATED if is_active else StaffAuditAction.DEACTIVATED,
        )
    current.save()
    if old_role != role:
        current.groups.set([Group.objects.get(name=role)])
        _audit(
            by=by,
            subject=current,
            action=StaffAuditAction.ROLE_CHANGED,
            change={"from": old_role, "to": role},
        )
    if {r.pk for r in old_rocus} != {r.pk for r in rocus}:
        current.rocus.set(rocus)
        _audit(
            by=by,
            subject=current,
            action=StaffAuditAction.ROCUS_CHANGED,
            change={"from": _rocu_names(old_rocus), "to": _rocu_names(rocus)},
        )
    return current


@transaction.atomic
def staff_user_deactivate(*, by: User, user: User) -> bool:
    """Stop an account signing in (kept for the audit trail). False if already inactive."""
    current = User.objects.select_for_update().get(pk=user.pk)
    if not current.is_active:
        return False
    _check(by=by, user=current, role=user_role(current), rocus=current.rocus.all(), is_active=False)
    current.is_active = False
    current.save(update_fields=["is_active"])
    _audit(by=by, subject=current, action=StaffAuditAction.DEACTIVATED)
    return True


def _invite(*, by: User, user: User) -> None:
    token = invitation_tokens.make_token(user)
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:set_password", kwargs={"uidb64": uidb64, "token": token})
    # The key names this link, not the secret in it: a hash, so the token is not
    # stored twice.
    token_hash = hashlib.sha256(token.encode()).hexdigest()[:24]
    notification_enqueue(
        kind=emails.STAFF_INVITATION,
        to_email=user.email,
        idempotency_key=f"staff-invitation:{user.pk}:{token_hash}",
        context={
            "first_name": user.first_name,
            "account_set_up_url": absolute_url(path),
            "sign_in_url": absolute_url(reverse("admin:index")),
            "expires_in": sign_in_rules.describe_wait(settings.PASSWORD_RESET_TIMEOUT),
            "invited_by": by.get_full_name() or by.get_username(),
            "username": user.get_username(),
        },
    )
    _audit(by=by, subject=user, action=StaffAuditAction.INVITATION_SENT)


@transaction.atomic
def staff_invitation_send(*, by: User, user: User) -> None:
    """Send a new set-password link (a new colleague, or a forgotten password)."""
    current = User.objects.select_for_update().get(pk=user.pk)
    _check(by=by, user=current, role=user_role(current), rocus=current.rocus.all())
    if not current.is_active:
        raise StaffChangeRefused("Reactivate this account before sending a set-password link.")
    _invite(by=by, user=current)


@transaction.atomic
def staff_password_set(*, user: User, password: str) -> None:
    """The account's owner sets their password from an invitation link."""
    user.set_password(password)
    user.save(update_fields=["password"])
    _audit(by=None, subject=user, action=StaffAuditAction.PASSWORD_SET)


# --- Two-factor sign-in ------------------------------------------------------------


def staff_totp_device_for_enrolment(*, user: User) -> TOTPDevice:
    """The not-yet-confirmed authenticator device whose QR code enrolment shows.

    Reused across page loads so the code the person has just scanned stays valid.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.STAFF_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def staff_totp_enrolment_confirm(
    *, user: User, device: TOTPDevice, code: str
) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the device if ``code`` matches; returns it and new recovery codes."""
    if device.user_id != user.pk or device.confirmed:
        return None
    if not device.verify_token(code):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = _replace_recovery_codes(user)
    _audit(by=user, subject=user, action=StaffAuditAction.TWO_FACTOR_ENROLLED)
    return device, codes


def staff_two_factor_verify(*, user: User, code: str):
    """The device that accepts ``code`` (an authenticator code or a recovery code), or None.

    Wrong codes count against django-otp's per-device throttle, so guessing a
    six-digit code gets slower with each miss.
    """
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if verify_token(user, device.persistent_id, code):
            return device
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        verified = verify_token(user, device.persistent_id, code)
        if verified:
            _audit(by=user, subject=user, action=StaffAuditAction.RECOVERY_CODE_USED)
            return verified
    return None


@transaction.atomic
def staff_recovery_codes_replace(*, user: User) -> list[str]:
    """New recovery codes for a signed-in person; the old ones stop working."""
    codes = _replace_recovery_codes(user)
    _audit(by=user, subject=user, action=StaffAuditAction.RECOVERY_CODES_REPLACED)
    return codes


@transaction.atomic
def staff_two_factor_reset(*, by: User, user: User) -> None:
    """Remove a colleague's authenticator and recovery codes: they set up again at sign-in."""
    if not (by.is_active and by.has_perm("accounts.reset_two_factor")):
        raise StaffChangeRefused("Only National HR can reset a colleague's two-factor sign-in.")
    current = User.objects.select_for_update().get(pk=user.pk)
    if current.is_superuser and not by.is_superuser:
        raise StaffChangeRefused(
            "Only a system administrator can change a system administrator's account."
        )
    TOTPDevice.objects.filter(user=current).delete()
    StaticDevice.objects.filter(user=current).delete()
    _audit(by=by, subject=current, action=StaffAuditAction.TWO_FACTOR_RESET)


def staff_demo_totp_device(*, user: User) -> TOTPDevice:
    """A confirmed authenticator for a demo user (seed_demo; DEBUG only)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
    return device
