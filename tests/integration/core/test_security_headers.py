"""Every response carries the security headers a public police service needs."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/healthz", "/admin/login/", "/no-such-page/"])
def test_every_response_has_a_strict_content_security_policy(client, path):
    policy = client.get(path)["Content-Security-Policy"]

    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in policy.split(";")) if part
    )
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_pages_cannot_be_framed_or_sniffed(client):
    response = client.get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
