"""Who may give whom which role and ROCUs (accounts.staff_rules): pure rules."""

from accounts.staff_rules import EQUALITY_REPORTING, NATIONAL_HR, Actor, Grant, refusal

NERSOU, EMSOU, TITAN = 1, 2, 3
LEAD, ROCU_HR = "ROCU lead", "ROCU HR"

national = Actor(user_id=1, may_manage_staff=True, sees_all_rocus=True, rocu_ids=frozenset())
nersou_hr = Actor(
    user_id=2, may_manage_staff=True, sees_all_rocus=False, rocu_ids=frozenset({NERSOU})
)
lead = Actor(user_id=3, may_manage_staff=False, sees_all_rocus=False, rocu_ids=frozenset({NERSOU}))


def grant(role, *rocus, active=True, superuser=False):
    return Grant(role=role, rocu_ids=frozenset(rocus), is_active=active, is_superuser=superuser)


def test_national_hr_may_create_any_role_for_any_rocu():
    assert refusal(national, target_user_id=None, before=None, after=grant(NATIONAL_HR)) is None
    assert refusal(national, target_user_id=None, before=None, after=grant(LEAD, TITAN)) is None


def test_rocu_hr_may_create_their_own_rocus_staff():
    assert refusal(nersou_hr, target_user_id=None, before=None, after=grant(LEAD, NERSOU)) is None
    assert (
        refusal(nersou_hr, target_user_id=None, before=None, after=grant(ROCU_HR, NERSOU)) is None
    )


def test_rocu_hr_cannot_grant_national_hr():
    reason = refusal(nersou_hr, target_user_id=None, before=None, after=grant(NATIONAL_HR))

    assert reason == "Only National HR can give someone the National HR role."


def test_rocu_hr_cannot_grant_another_rocu():
    reason = refusal(nersou_hr, target_user_id=None, before=None, after=grant(LEAD, NERSOU, EMSOU))

    assert reason == "You can only give access to your own ROCUs."


def test_rocu_hr_cannot_change_someone_who_also_works_for_another_rocu():
    reason = refusal(
        nersou_hr, target_user_id=9, before=grant(LEAD, NERSOU, EMSOU), after=grant(LEAD, NERSOU)
    )

    assert "only National HR can change their account" in reason


def test_rocu_hr_cannot_change_a_national_hr_account():
    reason = refusal(nersou_hr, target_user_id=9, before=grant(NATIONAL_HR), after=grant(LEAD, 1))

    assert reason == "Only National HR can change a National HR account."


def test_a_lead_may_not_manage_staff_at_all():
    reason = refusal(lead, target_user_id=None, before=None, after=grant(LEAD, NERSOU))

    assert reason == "You do not have permission to manage staff accounts."


def test_nobody_deactivates_their_own_account():
    reason = refusal(
        national,
        target_user_id=1,
        before=grant(NATIONAL_HR),
        after=grant(NATIONAL_HR, active=False),
    )

    assert reason.startswith("You cannot deactivate your own account")


def test_a_rocu_role_needs_a_rocu():
    reason = refusal(national, target_user_id=None, before=None, after=grant(LEAD))

    assert reason.startswith("Choose at least one ROCU")


def test_only_a_superuser_touches_a_superuser():
    reason = refusal(
        national, target_user_id=9, before=grant(None, superuser=True), after=grant(NATIONAL_HR)
    )

    assert reason.startswith("Only a system administrator")
    made = refusal(
        national, target_user_id=None, before=None, after=grant(NATIONAL_HR, superuser=True)
    )
    assert made.startswith("Only a system administrator")


def test_only_national_hr_gives_or_changes_the_equality_reporting_role():
    new = grant(EQUALITY_REPORTING, NERSOU)
    assert refusal(national, target_user_id=None, before=None, after=new) is None
    assert (
        refusal(nersou_hr, target_user_id=None, before=None, after=new)
        == "Only National HR can give someone the Equality reporting role."
    )
    assert (
        refusal(nersou_hr, target_user_id=9, before=new, after=grant(LEAD, NERSOU))
        == "Only National HR can change an Equality reporting account."
    )


def test_the_rules_name_the_roles_as_accounts_roles_does():
    from accounts import roles, staff_rules

    assert staff_rules.NATIONAL_HR == roles.NATIONAL_HR
    assert staff_rules.EQUALITY_REPORTING == roles.EQUALITY_REPORTING
