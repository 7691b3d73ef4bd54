"""Staff accounts: National HR and ROCU HR add, change and deactivate colleagues.

Through the admin (the form explains refusals) and the services (which refuse
again), every change of role or ROCU audited, new staff invited by email with
a set-password link that expires and works once.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts import roles, services
from accounts.models import Rocu, StaffAuditAction, StaffAuditEntry, User
from notifications.models import Notification
from tests.factories.accounts import UserFactory, national_hr, rocu_hr, rocu_lead
from tests.support.staff import login_staff

pytestmark = pytest.mark.django_db

ADD = "/admin/accounts/user/add/"


def _rocu(slug):
    return Rocu.objects.get(slug=slug)


def _add(client, *, role, rocus, username="new.colleague", email="new.colleague@police.example"):
    return client.post(
        ADD,
        {
            "username": username,
            "first_name": "Nia",
            "last_name": "Evans",
            "email": email,
            "role": role,
            "rocus": [_rocu(slug).pk for slug in rocus],
            "_save": "Save",
        },
    )


def _change(client, user, **overrides):
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": overrides.pop("role"),
        "rocus": [_rocu(slug).pk for slug in overrides.pop("rocus")],
        "is_active": "on",
        "_save": "Save",
    }
    data.update(overrides)
    if data["is_active"] is None:
        del data["is_active"]
    return client.post(f"/admin/accounts/user/{user.pk}/change/", data)


def _invite(by, username, *, rocus=("nersou",)) -> User:
    return services.staff_user_create(
        by=by,
        username=username,
        email=f"{username}@police.example",
        first_name="Sam",
        last_name="Jones",
        role=roles.ROCU_LEAD,
        rocus=[_rocu(slug) for slug in rocus],
    )


def _set_password_link(email_body: str) -> str:
    return re.search(r"https://recruit\.toex\.test(/staff/account-set-up/\S+/)", email_body).group(
        1
    )


def test_national_hr_adds_a_colleague_who_is_invited_to_set_their_own_password(
    client, django_capture_on_commit_callbacks
):
    hr = national_hr()
    login_staff(client, hr)

    with django_capture_on_commit_callbacks(execute=True):
        response = _add(client, role=roles.ROCU_LEAD, rocus=["titan"])

    assert response.status_code == 302
    user = User.objects.get(username="new.colleague")
    assert not user.has_usable_password()
    assert user.is_staff and not user.is_superuser
    assert user.groups.get().name == roles.ROCU_LEAD
    assert list(user.rocus.values_list("slug", flat=True)) == ["titan"]
    actions = set(StaffAuditEntry.objects.filter(subject=user).values_list("action", "by"))
    assert actions == {(StaffAuditAction.CREATED, hr.pk), (StaffAuditAction.INVITATION_SENT, hr.pk)}
    assert Notification.objects.get(to_email=user.email).kind == "staff_invitation"
    [email] = mail.outbox
    assert email.to == ["new.colleague@police.example"]
    assert "The link works once, for 3 days" in email.body

    link = _set_password_link(email.body)
    form_page = client.get(link, follow=True)
    assert "Set your password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "correct horse battery staple",
            "new_password2": "correct horse battery staple",
        },
    )
    assert done["Location"] == "/staff/account-set-up/done/"
    user.refresh_from_db()
    assert user.check_password("correct horse battery staple")
    assert StaffAuditEntry.objects.filter(
        subject=user, action=StaffAuditAction.PASSWORD_SET, by=None
    ).exists()
    # Used once, the link is dead.
    client.logout()
    assert "This link does not work" in client.get(link, follow=True).content.decode()


def test_a_set_password_link_expires(client, django_capture_on_commit_callbacks):
    hr = national_hr()
    with django_capture_on_commit_callbacks(execute=True):
        user = _invite(hr, "late.starter")
    link = _set_password_link(mail.outbox[0].body)

    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1)):
        page = client.get(link, follow=True)

    assert "This link does not work" in page.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_a_password_is_validated_and_explained_on_the_page(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(national_hr(), "short.pw")
    form_page = client.get(_set_password_link(mail.outbox[0].body), follow=True)

    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"}
    )

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "too short" in response.content.decode()


def test_rocu_hr_adds_a_lead_for_their_own_rocu(client, django_capture_on_commit_callbacks):
    login_staff(client, rocu_hr("nersou"))

    with django_capture_on_commit_callbacks(execute=True):
        response = _add(client, role=roles.ROCU_LEAD, rocus=["nersou"])

    assert response.status_code == 302
    assert User.objects.get(username="new.colleague").rocus.get().slug == "nersou"


def test_rocu_hr_cannot_give_access_to_another_rocu(client):
    login_staff(client, rocu_hr("nersou"))

    response = _add(client, role=roles.ROCU_LEAD, rocus=["nersou", "emsou"])

    assert response.status_code == 200
    assert not User.objects.filter(username="new.colleague").exists()
    # emsou is not even offered; a forged POST is refused with a reason.
    assert "Select a valid choice" in response.content.decode()


def test_rocu_hr_cannot_grant_national_hr_in_the_form_or_the_service(client):
    hr = rocu_hr("nersou")
    login_staff(client, hr)

    page = client.get(ADD).content.decode()
    response = _add(client, role=roles.NATIONAL_HR, rocus=["nersou"])

    assert f'value="{roles.NATIONAL_HR}"' not in page
    assert response.status_code == 200
    assert not User.objects.filter(username="new.colleague").exists()
    with pytest.raises(services.StaffChangeRefused, match="Only National HR can give"):
        services.staff_user_create(
            by=hr,
            username="x",
            email="x@police.example",
            first_name="X",
            last_name="Y",
            role=roles.NATIONAL_HR,
            rocus=[],
        )


def test_the_service_refuses_rocu_hr_another_rocu_even_without_the_form():
    hr = rocu_hr("nersou")
    lead = rocu_lead("nersou")

    with pytest.raises(services.StaffChangeRefused, match="only give access to your own ROCUs"):
        services.staff_user_update(
            by=hr,
            user=lead,
            email=lead.email,
            first_name=lead.first_name,
            last_name=lead.last_name,
            role=roles.ROCU_LEAD,
            rocus=[_rocu("nersou"), _rocu("emsou")],
            is_active=True,
        )

    assert list(lead.rocus.values_list("slug", flat=True)) == ["nersou"]


def test_rocu_hr_cannot_see_or_change_other_rocus_or_national_hr_accounts(client):
    login_staff(client, rocu_hr("nersou"))
    other = rocu_lead("emsou")
    national = national_hr()
    shared = rocu_lead("nersou", "emsou")

    listing = client.get("/admin/accounts/user/").content.decode()

    assert other.username not in listing and national.username not in listing
    assert shared.username in listing
    assert client.get(f"/admin/accounts/user/{other.pk}/change/").status_code == 302  # not found
    # Someone who also works for EMSOU: view only, and a forged change is refused.
    response = _change(client, shared, role=roles.ROCU_HR, rocus=["nersou"])
    assert response.status_code == 403
    assert shared.groups.get().name == roles.ROCU_LEAD


def test_a_change_of_role_and_rocus_is_audited_with_before_and_after(client):
    hr = national_hr()
    lead = rocu_lead("nersou")
    login_staff(client, hr)

    response = _change(client, lead, role=roles.ROCU_HR, rocus=["nersou", "titan"])

    assert response.status_code == 302
    entries = {e.action: e for e in StaffAuditEntry.objects.filter(subject=lead)}
    assert entries[StaffAuditAction.ROLE_CHANGED].change == {"from": "ROCU lead", "to": "ROCU HR"}
    assert entries[StaffAuditAction.ROCUS_CHANGED].change == {
        "from": "NERSOU",
        "to": "NERSOU, TITAN",
    }
    assert all(e.by == hr for e in entries.values())
    page = client.get(f"/admin/accounts/user/{lead.pk}/change/").content.decode()
    assert "ROCU lead → ROCU HR" in page


def test_deactivating_stops_sign_in_and_is_audited(client):
    hr = national_hr()
    lead = rocu_lead("nersou")
    login_staff(client, hr)

    client.post("/admin/accounts/user/", {"action": "deactivate", "_selected_action": [lead.pk]})

    lead.refresh_from_db()
    assert not lead.is_active
    assert StaffAuditEntry.objects.filter(
        subject=lead, action=StaffAuditAction.DEACTIVATED
    ).exists()
    client.logout()
    refused = client.post(
        "/admin/login/?next=/admin/",
        {"username": lead.username, "password": "a-long-test-password"},
    )
    assert refused.status_code == 200


def test_nobody_deactivates_their_own_account(client):
    hr = national_hr()
    login_staff(client, hr)

    response = client.post(
        "/admin/accounts/user/", {"action": "deactivate", "_selected_action": [hr.pk]}, follow=True
    )

    assert "You cannot deactivate your own account" in response.content.decode()
    hr.refresh_from_db()
    assert hr.is_active


def test_no_password_field_and_no_superuser_field_on_the_staff_forms(client):
    login_staff(client, national_hr())
    lead = rocu_lead("nersou")

    for url in (ADD, f"/admin/accounts/user/{lead.pk}/change/"):
        html = client.get(url).content.decode()
        assert 'name="password' not in html
        assert 'name="is_superuser"' not in html


def test_a_lead_gets_a_styled_403_that_says_what_to_do_instead(client):
    login_staff(client, rocu_lead("nersou"))

    response = client.get("/admin/accounts/user/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot do this" in html
    assert "What you can do instead" in html
    assert "ROCU lead" in html and "NERSOU" in html
    assert 'href="/admin/"' in html


def test_the_admin_index_says_who_sees_what(client):
    login_staff(client, rocu_hr("nersou"))

    html = client.get("/admin/").content.decode()

    assert "with the role <strong>ROCU HR</strong>" in html
    assert "You see <strong>NERSOU</strong>" in html


@pytest.mark.parametrize("extra_users", [3, 40])
def test_the_staff_list_costs_the_same_queries_whatever_its_length(
    client, django_assert_max_num_queries, extra_users
):
    login_staff(client, national_hr())
    for _ in range(extra_users):
        rocu_lead("nersou", "titan")

    with django_assert_max_num_queries(12):
        response = client.get("/admin/accounts/user/")

    assert response.status_code == 200


def test_an_email_already_used_is_explained(client):
    login_staff(client, national_hr())
    UserFactory(email="taken@police.example")

    response = _add(client, role=roles.ROCU_LEAD, rocus=["nersou"], email="taken@police.example")

    assert "Another staff account already uses this email address" in response.content.decode()
