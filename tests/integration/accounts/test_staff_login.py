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


def test_the_lock_out_page_gives_the_wait_in_words(client, lockouts_on):
    lead = rocu_lead("nersou")
    for _ in range(5):
        _sign_in(client, lead.username, "wrong-guess")

    html = _sign_in(client, lead.username, "a-long-test-password").content.decode()

    assert "You can try again in <strong>1 hour</strong>" in html
    assert "PT1H" not in html


def test_a_lock_from_one_address_does_not_lock_the_same_username_elsewhere(client, lockouts_on):
    lead = rocu_lead("nersou")
    for _ in range(5):
        client.post(
            LOGIN_URL,
            {"username": lead.username, "password": "wrong"},
            REMOTE_ADDR="203.0.113.9",
        )

    response = client.post(
        LOGIN_URL,
        {"username": lead.username, "password": "a-long-test-password"},
        REMOTE_ADDR="198.51.100.7",
    )

    assert response.status_code == 302


@pytest.fixture
def username_ceiling(settings, lockouts_on):
    settings.STAFF_SIGN_IN_USERNAME_CEILING = 6
    settings.STAFF_SIGN_IN_SLOWDOWN_SECONDS = 30
    settings.STAFF_SIGN_IN_SLOWDOWN_MAX_SECONDS = 900
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_a_username_sprayed_from_many_addresses_is_slowed_not_locked(client, username_ceiling):
    import time_machine

    lead = rocu_lead("nersou")
    with time_machine.travel(1_900_000_000, tick=False) as clock:
        # Three wrong passwords from each of two addresses: no pair reaches axes' limit
        # of five, but the username reaches the ceiling of six.
        for address in ("203.0.113.1", "203.0.113.2"):
            for _ in range(3):
                client.post(
                    LOGIN_URL, {"username": lead.username, "password": "x"}, REMOTE_ADDR=address
                )

        slowed = client.post(
            LOGIN_URL,
            {"username": lead.username, "password": "a-long-test-password"},
            REMOTE_ADDR="198.51.100.7",
        )
        assert slowed.status_code == 429
        assert "You can try again in <strong>30 seconds</strong>" in slowed.content.decode()
        assert "_auth_user_id" not in client.session

        clock.shift(31)
        response = client.post(
            LOGIN_URL,
            {"username": lead.username, "password": "a-long-test-password"},
            REMOTE_ADDR="198.51.100.7",
        )

    assert response.status_code == 302


def test_the_username_slowdown_leaves_other_usernames_alone(client, username_ceiling):
    sprayed = rocu_lead("nersou")
    colleague = rocu_lead("nersou")
    for n in range(6):
        client.post(
            LOGIN_URL, {"username": sprayed.username, "password": "x"}, REMOTE_ADDR=f"203.0.113.{n}"
        )

    response = _sign_in(client, colleague.username, "a-long-test-password")

    assert response.status_code == 302


def test_a_username_longer_than_150_characters_is_refused_politely(client, lockouts_on):
    response = _sign_in(client, "x" * 300, "whatever")

    assert response.status_code == 200
    assert "Ensure this value has at most 150 characters" in response.content.decode()
