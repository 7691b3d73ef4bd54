"""Reference data and staff roles come from migrations; ROCU scoping is one rule."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts import roles
from accounts.models import PoliceForce, Rocu
from accounts.selectors import rocus_for_user, scope_to_user_rocus, user_may_act_for_rocu
from tests.factories.accounts import national_hr, rocu_hr, rocu_lead

pytestmark = pytest.mark.django_db


def test_the_nine_rocus_of_england_and_wales_are_loaded_with_their_forces():
    assert Rocu.objects.count() == 9
    # 43 territorial forces, less the Metropolitan and City of London, which have no ROCU.
    assert PoliceForce.objects.count() == 41
    assert set(Rocu.objects.get(slug="ersou").forces.values_list("name", flat=True)) >= {
        "Kent Police",
        "Essex Police",
    }


def test_every_role_permission_exists_and_is_granted_by_migration():
    missing = roles.sync_role_permissions(group_model=Group, permission_model=Permission)

    assert missing == []
    for role, names in roles.ROLE_PERMISSIONS.items():
        granted = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Group.objects.get(name=role).permissions.select_related("content_type")
        }
        assert granted == set(names), role


def test_only_national_hr_may_access_all_rocus():
    assert national_hr().has_perm("accounts.access_all_rocus")
    assert not rocu_hr("nersou").has_perm("accounts.access_all_rocus")
    assert not rocu_lead("nersou").has_perm("accounts.access_all_rocus")


def test_rocu_staff_see_only_their_own_rocus():
    lead = rocu_lead("nersou")

    assert list(rocus_for_user(lead).values_list("slug", flat=True)) == ["nersou"]
    visible_forces = scope_to_user_rocus(PoliceForce.objects.all(), lead)
    assert {force.rocu.slug for force in visible_forces} == {"nersou"}
    assert user_may_act_for_rocu(lead, Rocu.objects.get(slug="nersou").pk)
    assert not user_may_act_for_rocu(lead, Rocu.objects.get(slug="emsou").pk)


def test_national_hr_sees_every_rocu():
    assert rocus_for_user(national_hr()).count() == 9


def test_a_deactivated_or_non_staff_user_sees_no_rocu():
    lead = rocu_lead("nersou", is_active=False)
    not_staff = rocu_lead("nersou", is_staff=False)

    assert rocus_for_user(lead).count() == 0
    assert scope_to_user_rocus(PoliceForce.objects.all(), not_staff).count() == 0
