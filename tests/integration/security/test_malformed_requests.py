"""Hole 5: inputs that answered 500 now get a 4xx GOV.UK page (PostgreSQL, DEBUG off)."""

import pytest
from django.test import Client

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
