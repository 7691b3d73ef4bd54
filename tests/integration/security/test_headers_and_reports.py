"""Hole 10: Permissions-Policy, CSP violation reports logged without personal data,
/.well-known/security.txt. (The staff idle timeout is in test_session_expiry.py.)"""

import json
import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/vacancies/", "/register-interest/", "/admin/login/"])
def test_every_page_switches_off_browser_features_it_does_not_use(client, path):
    policy = client.get(path)["Permissions-Policy"]

    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


def test_the_content_security_policy_asks_browsers_to_report_violations(client):
    assert "report-uri /csp-report/" in client.get("/")["Content-Security-Policy"]


def test_a_csp_violation_is_logged_without_query_tokens_or_samples(caplog):
    client = Client(enforce_csrf_checks=True)  # browsers send no CSRF token with reports
    report = {
        "csp-report": {
            "document-uri": "https://recruit.example/register-interest/manage/SECRET-TOKEN/"
            "?email=sam@example.com",
            "violated-directive": "script-src-elem",
            "effective-directive": "script-src-elem",
            "blocked-uri": "https://evil.example/steal.js?who=sam@example.com",
            "script-sample": "alert('Sam Jones lived in Germany')",
        }
    }
    caplog.set_level(logging.WARNING, logger="core.csp")

    response = client.post(
        "/csp-report/", json.dumps(report), content_type="application/csp-report"
    )

    assert response.status_code == 204
    (line,) = [r.getMessage() for r in caplog.records if r.name == "core.csp"]
    assert "script-src-elem" in line
    assert "https://evil.example" in line
    assert "/register-interest/manage/[token]/" in line
    for secret in ("SECRET-TOKEN", "sam@example.com", "Germany", "steal.js", "Sam Jones"):
        assert secret not in line


def test_reporting_api_reports_are_read_too(caplog):
    caplog.set_level(logging.WARNING, logger="core.csp")
    body = [
        {
            "type": "csp-violation",
            "body": {
                "documentURL": "https://recruit.example/eligibility/places/?x=1",
                "effectiveDirective": "style-src-attr",
                "blockedURL": "inline",
            },
        }
    ]

    response = Client().post(
        "/csp-report/", json.dumps(body), content_type="application/reports+json"
    )

    assert response.status_code == 204
    assert "style-src-attr blocked=inline page=/eligibility/places/" in caplog.text


@pytest.mark.parametrize(
    "body", [b"", b"not json", b"[1, 2]" * 0 + b"{}", b'{"csp-report": "x"}', b"\xff\xfe"]
)
def test_a_malformed_report_is_a_400_not_a_500(body):
    response = Client(raise_request_exception=False).post(
        "/csp-report/", body, content_type="application/csp-report"
    )

    assert response.status_code == 400


def test_an_oversized_report_is_refused():
    response = Client().post(
        "/csp-report/", b"{" + b" " * 20000 + b"}", content_type="application/csp-report"
    )

    assert response.status_code == 413


def test_only_post_is_accepted_for_reports(client):
    assert client.get("/csp-report/").status_code == 405


def test_security_txt_says_where_to_report_a_vulnerability(client, settings):
    response = client.get("/.well-known/security.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert f"Contact: {settings.SECURITY_CONTACT}" in text
    assert "Expires: 20" in text and text.count("Expires:") == 1
    assert f"Canonical: {settings.SITE_URL}/.well-known/security.txt" in text
