"""Hostile input at every public form field and query string: no 5xx, no unescaped echo.

Runs on PostgreSQL with DEBUG off (the test settings), through the whole
middleware stack, with exceptions turned into responses as a visitor would
see them (``raise_request_exception=False``). Each hostile value goes, one at
a time, into each field of each public form (the other fields valid, so the
value reaches the service too) and into each query parameter of each public
page; then come requests no value can express: undecodable bytes, wrong
content types, odd methods. A value holding markup must never come back as
markup. docs/security.md describes what this module is for: add a public
page or field, add it here.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.test import Client

from mailing_list.tokens import Purpose, make_path
from tests.integration.mailing_list.conftest import make_subscriber
from tests.integration.vacancies.public_fixtures import open_vacancy

pytestmark = pytest.mark.django_db

HOSTILE = [
    # overlong
    "A" * 255,
    "A" * 5000,
    "é" * 3000,
    # NUL and control characters
    "\x00",
    "sam\x00@example.com",
    "\x01\x02\x03\x7f",
    "\x1b[31mred\x1b[0m",
    "tab\there",
    "line\nbreak",
    # Unicode tricks
    "nasty@exa\u202emple.com",
    "\u202eevil\u202c",
    "\u200b\u200d\ufeff",
    "\ud7ff\ue000\uffff",
    "𝕊𝕒𝕞 😀",
    "ＳＡＭ＠ｅｘａｍｐｌｅ．ｃｏｍ",
    "a\u0301\u0301\u0301\u0301\u0301",
    # markup and script injection
    "<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "<iframe src=//evil.example>",
    '"onmouseover="alert(1)',
    "</textarea><script>alert(1)</script>",
    "]]><x>",
    # template injection
    "{{ 7*7 }}",
    "{% debug %}",
    "{% load static %}{{ settings.SECRET_KEY }}",
    "${7*7}",
    "{{request.META}}",
    # CRLF and header injection in email fields
    "sam@example.com\r\nBcc: evil@example.com",
    "sam@example.com%0d%0aBcc:evil@example.com",
    "Sam\r\nSubject: you won",
    "sam@example.com\nContent-Type: text/html",
    # email-shaped oddities
    "sam@localhost",
    "sam@127.0.0.1",
    "sam@[127.0.0.1]",
    '"sam jones"@example.com',
    "sam@@example.com",
    # formula strings (CSV export)
    "=cmd|' /C calc'!A0",
    "+SUM(1,1)",
    "-1+1",
    "@SUM(1)",
    '=HYPERLINK("https://evil.example")',
    # SQL and path tricks
    "' OR '1'='1",
    "1; DROP TABLE mailing_list_subscriber; --",
    "../../../../etc/passwd",
    "..%2f..%2fetc%2fpasswd",
    "%00",
    "%",
    # numbers and dates that cannot be
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "31/02/2024",
    "2024-02-30",
    "0000-00-00",
    # choice and structure tampering
    "anywhere ",
    "level:",
    "vacancy:../../",
    "[]",
    "{}",
    " ",
    "",
]


def _client() -> Client:
    return Client(raise_request_exception=False)


_TAG = re.compile(r"<[a-zA-Z/]")


def _assert_safe(response, value, where):
    assert response.status_code < 500, f"{where}: {response.status_code} for {value!r}"
    # A value that opens a tag must never come back as written (it would be markup).
    if _TAG.search(value) and response.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode("utf-8", errors="replace")
        assert value not in body, f"{where}: unescaped {value!r}"
        assert value.replace("\x00", "") not in body, f"{where}: unescaped {value!r}"


@pytest.fixture(autouse=True)
def _limits_out_of_the_way(settings):
    # The rate limits would answer 429 before the form saw the value.
    settings.MAILING_LIST_RATE_PER_IP = "1000000/h"
    settings.MAILING_LIST_RATE_PER_ADDRESS = "1000000/h"


@pytest.fixture
def world(db):
    subscriber = make_subscriber("hostile.test@example.com", everywhere=True)
    vacancy = open_vacancy()
    return {
        "subscriber": subscriber,
        "vacancy": vacancy,
        "paths": {
            purpose: make_path(token_key=subscriber.token_key, purpose=purpose)
            for purpose in Purpose
        },
    }


QUERY_PAGES = {
    "/": ["q"],
    "/vacancies/": ["rocu", "level", "sort", "page"],
    "/vacancies/feed/": ["page"],
    "/eligibility/": ["level", "vacancy"],
    "/eligibility/job/": ["level", "vacancy"],
    "/eligibility/places/": ["q"],
    "/eligibility/places/add/": ["q"],
    "/eligibility/result/": ["q"],
    "/register-interest/": ["email", "where"],
    "/register-interest/check-your-email/": ["q"],
    "/sitemap.xml": ["p"],
    "/robots.txt": ["q"],
    "/healthz": ["q"],
    "/privacy/": ["q"],
    "/accessibility/": ["q"],
    "/.well-known/security.txt": ["q"],
}

REGISTER = {
    "email": "sam.jones@example.com",
    "first_name": "Sam",
    "where": "chosen",
    "rocus": "1",
    "frequency": "weekly",
    "website": "",
}
PREFERENCES = {"where": "anywhere", "rocus": "", "frequency": "weekly", "action": ""}
PLACE = {
    "country": "DE",
    "reason": "british_forces",
    "start_0": "1",
    "start_1": "9",
    "start_2": "2022",
    "end_0": "",
    "end_1": "",
    "end_2": "",
}


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_value_in_every_query_string(value, world):
    client = _client()
    for path, params in QUERY_PAGES.items():
        # Every parameter of the page at once: each is read on its own.
        response = client.get(path, dict.fromkeys(params, value))
        _assert_safe(response, value, f"GET {path}?{','.join(params)}=")
    for purpose, path in world["paths"].items():
        response = client.get(path, {"saved": value})
        _assert_safe(response, value, f"GET {purpose} link ?saved=")


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_value_in_every_path_parameter(value, world):
    client = _client()
    quoted = quote(value, safe="")
    if not quoted:
        return
    token = world["paths"][Purpose.MANAGE].split("/")[-2]
    for path in [
        f"/vacancies/{quoted}/",
        f"/register-interest/confirm/{quoted}/",
        f"/register-interest/manage/{quoted}/",
        f"/register-interest/unsubscribe/{quoted}/",
        f"/register-interest/keep/{quoted}/",
        # A genuine token with the value spliced in: tampered, so refused.
        f"/register-interest/manage/{quote(token[:-5] + value, safe='')}/",
    ]:
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            _assert_safe(response, value, f"{method.upper()} {path[:60]}")


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_value_in_every_public_form_field(value, world):
    client = _client()
    forms = [
        ("/register-interest/", REGISTER),
        (world["paths"][Purpose.MANAGE], PREFERENCES),
        (world["paths"][Purpose.UNSUBSCRIBE], {"reason": "moving on"}),
        (world["paths"][Purpose.UNSUBSCRIBE], {"List-Unsubscribe": "One-Click"}),
        (world["paths"][Purpose.KEEP], {"action": ""}),
        (world["paths"][Purpose.CONFIRM], {"action": ""}),
        ("/eligibility/job/", {"choice": "level:MV"}),
        ("/eligibility/places/", {"add_another": "no"}),
        ("/eligibility/places/0/remove/", {"remove": "no"}),
        ("/eligibility/places/0/change/", PLACE),
        ("/eligibility/places/add/", PLACE),
        ("/admin/login/?next=/admin/", {"username": "staff", "password": "guess"}),
    ]
    # A self-check in progress, so the later pages read the value, not a redirect.
    # Made once: no value here can say "yes" to remove, choose another level or leave
    # no place 0 (the pages read the same answers before each form as when this was
    # re-posted before each one: every value, 1 December 2026), and re-posting cost
    # 10 of the 45 requests a value, 4 of them the period form's error re-render.
    client.post("/eligibility/job/", {"choice": "level:MV"})
    assert client.post("/eligibility/places/add/", PLACE).status_code == 302
    for path, valid in forms:
        for field in valid:
            response = client.post(path, {**valid, field: value})
            _assert_safe(response, value, f"POST {path[:40]} {field}=")


@pytest.mark.parametrize("value", HOSTILE[:10], ids=range(10))
def test_hostile_value_in_the_staff_sign_in_with_lockouts_on(value, settings):
    settings.AXES_ENABLED = True
    client = _client()
    for field in ("username", "password"):
        data = {"username": "staff", "password": "guess", field: value}
        response = client.post("/admin/login/?next=/admin/", data)
        _assert_safe(response, value, f"POST /admin/login/ {field}=")


FORM_PATHS = [
    "/register-interest/",
    "/eligibility/job/",
    "/eligibility/places/add/",
    "/csp-report/",
    "/admin/login/",
]
RAW_BODIES = [
    ("application/x-www-form-urlencoded", b"email=%ff%fe%fd&first_name=%c0%af&where=%80"),
    ("application/x-www-form-urlencoded", b"\xff\xfe\xfd\x00\x01"),
    ("application/x-www-form-urlencoded", b"&&&===&%%%"),
    ("application/x-www-form-urlencoded", b"a=" + b"%41" * 100000),
    ("application/x-www-form-urlencoded; charset=utf-16", "email=x".encode("utf-16")),
    ("application/x-www-form-urlencoded; charset=nonsense", b"email=x"),
    ("multipart/form-data", b"--x\r\nContent-Disposition: form-data; name=email\r\n\r\nx\r\n"),
    ("multipart/form-data; boundary=x", b"--x\r\nbroken"),
    ("application/json", b'{"email": "sam@example.com"}'),
    ("application/json", b"{not json"),
    ("text/plain", b"email=sam@example.com"),
    ("application/xml", b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>"),
    ("", b"email=sam@example.com"),
]


@pytest.mark.parametrize(("content_type", "body"), RAW_BODIES, ids=range(len(RAW_BODIES)))
def test_undecodable_bodies_and_wrong_content_types(content_type, body, world):
    client = _client()
    for path in [*FORM_PATHS, world["paths"][Purpose.UNSUBSCRIBE]]:
        response = client.generic("POST", path, body, content_type=content_type)
        assert response.status_code < 500, f"{path} {content_type}: {response.status_code}"


@pytest.mark.parametrize(
    "query", ["%ff%fe", "a=%ff%00&b=%c0%af", "page=%ff", "&&==&&", "a" * 10000, "level=%00"]
)
def test_undecodable_query_strings(query):
    client = _client()
    for path in QUERY_PAGES:
        response = client.get(path, QUERY_STRING=query)
        assert response.status_code < 500, f"{path}?{query[:30]}: {response.status_code}"


@pytest.mark.parametrize(
    "method", ["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "FOO"]
)
def test_unknown_methods_are_refused_not_failed(method, world):
    client = _client()
    for path in [*QUERY_PAGES, *FORM_PATHS, *world["paths"].values()]:
        response = client.generic(method, path)
        assert response.status_code < 500, f"{method} {path}: {response.status_code}"


def test_there_are_at_least_sixty_hostile_values():
    assert len(set(HOSTILE)) >= 60
