"""Who may give whom which role and ROCUs: pure rules, no Django import.

accounts.services builds an :class:`Actor` and :class:`Grant` from the database
and asks :func:`refusal`; the admin form asks the same question to explain a
refusal on the page. ``None`` means allowed; otherwise the reason in plain
English, written for the person who tried.
"""

from __future__ import annotations

from dataclasses import dataclass

NATIONAL_HR = "National HR"  # the same name as accounts.roles.NATIONAL_HR
# The same name as accounts.roles.EQUALITY_REPORTING: it reads equality data, so
# only National HR (who cannot read it themselves) gives or changes it; ROCU HR,
# who score, could otherwise make themselves a second account that reads it.
EQUALITY_REPORTING = "Equality reporting"


@dataclass(frozen=True)
class Actor:
    user_id: int
    may_manage_staff: bool
    sees_all_rocus: bool
    rocu_ids: frozenset[int]
    is_superuser: bool = False


@dataclass(frozen=True)
class Grant:
    """What a staff account holds: its role, its ROCUs and whether it may sign in."""

    role: str | None
    rocu_ids: frozenset[int]
    is_active: bool = True
    is_superuser: bool = False


def _refusal_to_touch(actor: Actor, before: Grant) -> str | None:
    """May ``actor`` change an existing account at all, whatever the change?"""
    if before.is_superuser and not actor.is_superuser:
        return "Only a system administrator can change a system administrator's account."
    if actor.sees_all_rocus:
        return None
    if before.role == NATIONAL_HR:
        return "Only National HR can change a National HR account."
    if before.role == EQUALITY_REPORTING:
        return "Only National HR can change an Equality reporting account."
    if not before.rocu_ids or not before.rocu_ids <= actor.rocu_ids:
        return (
            "This person works for a ROCU you do not manage, so only National HR "
            "can change their account."
        )
    return None


def refusal(
    actor: Actor, *, target_user_id: int | None, before: Grant | None, after: Grant
) -> str | None:
    """Why ``actor`` may not turn ``before`` (None: a new account) into ``after``."""
    if not actor.may_manage_staff:
        return "You do not have permission to manage staff accounts."
    if before is not None:
        reason = _refusal_to_touch(actor, before)
        if reason:
            return reason
    if after.is_superuser and not actor.is_superuser:
        return "Only a system administrator can make someone a system administrator."
    if target_user_id is not None and target_user_id == actor.user_id and not after.is_active:
        return "You cannot deactivate your own account. Ask a colleague in HR."
    if after.role is None:
        return "Choose a role."
    if after.role != NATIONAL_HR and not after.rocu_ids:
        return "Choose at least one ROCU: without one this person would see nothing."
    if actor.sees_all_rocus:
        return None
    if after.role == NATIONAL_HR:
        return "Only National HR can give someone the National HR role."
    if after.role == EQUALITY_REPORTING:
        return "Only National HR can give someone the Equality reporting role."
    if not after.rocu_ids <= actor.rocu_ids:
        return "You can only give access to your own ROCUs."
    return None
