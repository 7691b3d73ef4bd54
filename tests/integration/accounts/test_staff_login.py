"""Staff sign-in is protected against guessing passwords (django-axes)."""

import pytest

from tests.factories.accounts import rocu_lead

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/?next=/admin/"


@pytest.fixture
def lockouts_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def _sign_in(client, username, password):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def test_staff_member_signs_in_with_the_right_password(client, lockouts_on):
    lead = rocu_lead("nersou")

    response = _sign_in(client, lead.username, "a-long-test-password")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_five_wrong_passwords_lock_the_account_out_even_for_the_right_password(client, lockouts_on):
    lead = rocu_lead("nersou")
    for _ in range(5):
        _sign_in(client, lead.username, "wrong-guess")

    response = _sign_in(client, lead.username, "a-long-test-password")

    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lockout_of_one_username_does_not_lock_out_another(client, lockouts_on):
    attacked = rocu_lead("nersou")
    colleague = rocu_lead("nersou")
    for _ in range(5):
        _sign_in(client, attacked.username, "wrong-guess")

    response = _sign_in(client, colleague.username, "a-long-test-password")

    assert response.status_code == 302


def test_a_successful_sign_in_resets_the_failure_count(client, lockouts_on):
    lead = rocu_lead("nersou")
    for _ in range(4):
        _sign_in(client, lead.username, "wrong-guess")
    assert _sign_in(client, lead.username, "a-long-test-password").status_code == 302
    client.logout()

    for _ in range(4):
        _sign_in(client, lead.username, "wrong-guess")
    response = _sign_in(client, lead.username, "a-long-test-password")

    assert response.status_code == 302
