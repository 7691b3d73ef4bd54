"""Hole 5: inputs that answered 500 now get a 4xx GOV.UK page (PostgreSQL, DEBUG off)."""

import pytest
from django.test import Client

from vetting import self_check

pytestmark = pytest.mark.django_db

GOVUK_400 = "Sorry, there is a problem with your request"


@pytest.fixture
def client():
    # A 500 must show as a 500 response, as it would to a visitor, not as a test error.
    return Client(raise_request_exception=False)


def test_an_overlong_staff_username_is_refused_without_a_database_error(client, settings):
    # The sign-in form enforces 150 characters (accounts); django-axes never sees more.
    settings.AXES_ENABLED = True

    response = client.post(
        "/admin/login/?next=/admin/", {"username": "a" * 300, "password": "guess"}
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    "cookie",
    ["abc\x00def1234567890", "a" * 31 + "\x00", "../../etc/passwd", "x" * 5000, "ABCDEF" * 6],
)
@pytest.mark.parametrize("path", ["/eligibility/places/", "/eligibility/job/", "/admin/"])
def test_a_forged_session_cookie_is_ignored_on_every_session_page(client, cookie, path):
    client.cookies["sessionid"] = cookie

    response = client.get(path)

    assert response.status_code < 500


def _sealed_elsewhere() -> str:
    """An answers cookie made with another SECRET_KEY (another deployment's)."""
    from django.test import override_settings

    other_key = "another-deployment-secret-key-0123456789"
    with override_settings(SECRET_KEY=other_key, SECRET_KEY_FALLBACKS=[]):
        return self_check.encoded(self_check.Answers(level_codes=["MV"]))


@pytest.mark.parametrize(
    "cookie",
    [
        "abc\x00def",
        "gAAAAA",
        "gAAAAA" + "A" * 200,
        "x" * 5000,
        "é" * 40,
        '"quoted"',
        "%00%ff",
        "sealed-elsewhere",
    ],
)
@pytest.mark.parametrize("path", ["/eligibility/places/", "/eligibility/result/"])
def test_a_forged_answers_cookie_starts_the_check_afresh(client, cookie, path):
    if cookie == "sealed-elsewhere":
        cookie = _sealed_elsewhere()
    client.cookies[self_check.COOKIE_NAME] = cookie

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] in ("/eligibility/job/", "/eligibility/")


def test_a_tampered_answers_cookie_starts_the_check_afresh(client):
    value = self_check.encoded(self_check.Answers(level_codes=["MV"]))
    # One character of the ciphertext changed: the authentication fails.
    middle = len(value) // 2
    flipped = "A" if value[middle] != "A" else "B"
    client.cookies[self_check.COOKIE_NAME] = value[:middle] + flipped + value[middle + 1 :]

    assert client.get("/eligibility/places/")["Location"] == "/eligibility/job/"
    client.cookies[self_check.COOKIE_NAME] = value
    assert client.get("/eligibility/places/")["Location"] == "/eligibility/places/add/"


@pytest.mark.parametrize("charset", ["utf-16", "UTF-32", "utf-7", "cp500", "nonsense"])
@pytest.mark.parametrize("path", ["/register-interest/", "/eligibility/job/", "/admin/login/"])
def test_a_form_posted_in_another_character_set_gets_the_400_page(client, charset, path):
    # generic(): post() would re-encode the body itself.
    response = client.generic(
        "POST",
        path,
        "email=sam@example.com&first_name=Sam".encode("utf-16"),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )

    assert response.status_code == 400
    assert GOVUK_400 in response.content.decode()


def test_a_form_in_utf_8_is_still_read(client):
    response = client.generic(
        "POST",
        "/register-interest/",
        b"email=&first_name=S%C3%A9amus",
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
    )

    assert response.status_code == 200
    assert "Enter your email address" in response.content.decode()


def test_a_post_without_its_csrf_token_gets_the_govuk_403_page():
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)

    response = client.post("/register-interest/", {"email": "sam@example.com"})

    assert response.status_code == 403
    assert "You cannot do this" in response.content.decode()
    assert "reload the page and try again" in response.content.decode()
