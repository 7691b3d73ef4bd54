"""Every referee page, the candidate's reference pages and HR's marking page are valid
HTML (the W3C Nu checker, as tests/integration/html/test_valid_html.py runs it)."""

import datetime
import json
import subprocess
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone

from references import services
from references.models import ReferenceRequest
from tests.factories.accounts import rocu_hr
from tests.factories.applications import sign_in
from tests.integration.html.test_valid_html import VNU
from tests.support.references import application_at_checks, referee_links
from tests.support.staff import login_staff

pytestmark = pytest.mark.django_db


def _pages(client) -> dict[str, str]:
    hr = rocu_hr("nersou")
    application = application_at_checks(hr)
    links = referee_links(application)
    first = ReferenceRequest.objects.get(referee_email="referee1@example.com")
    second = ReferenceRequest.objects.get(referee_email="referee2@example.com")
    link, other = links[first.referee_email], links[second.referee_email]
    pages = {}

    def keep(name, response, *statuses):
        assert response.status_code in statuses, (name, response.status_code)
        pages[name] = response.content.decode()

    keep("give", client.get(link), 200)
    keep("give-errors", client.post(link, {"known_from_2": "20", "disciplinary": "yes"}), 200)
    keep("cannot-give", client.get(f"{link}cannot-give/"), 200)
    keep("invalid", client.get("/give-a-reference/nonsense/"), 404)
    with override_settings(REFERENCES_RATE_PER_LINK="1/h"):
        client.post(other, {})
        keep("rate-limited", client.post(other, {}), 429)
    services.reference_submit(token_key=first.token_key, answers={"capacity": "employer"})
    keep("thanks", client.get(f"{link}thank-you/"), 200)
    keep("answered", client.get(link), 200)
    services.reference_decline(token_key=second.token_key, reason="Not long enough")
    sign_in(client, application.candidate)
    keep("candidate-overview", client.get(f"/your-applications/{application.pk}/"), 200)
    replace = f"/your-applications/{application.pk}/references/{second.pk}/new-referee/"
    keep("new-referee", client.get(replace), 200)
    keep("new-referee-errors", client.post(replace, {"email": "nope"}), 200)
    new = services.reference_replace(
        reference=second,
        candidate=application.candidate,
        name="Jo Bloggs",
        email="jo@example.com",
        organisation="Org",
        relationship="Manager",
    )
    keep("new-referee-closed", client.get(replace), 200)
    ReferenceRequest.objects.filter(pk=new.pk).update(expires_at=timezone.now())
    keep("expired", client.get(referee_links(application)["jo@example.com"]), 410)
    ReferenceRequest.objects.filter(pk=new.pk).update(
        expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    application.stage = "offer_withdrawn"  # only to render the page; moves are tested apart
    application.save(update_fields=["stage"])
    keep("not-needed", client.get(referee_links(application)["jo@example.com"]), 410)
    login_staff(client, hr)
    keep("admin-assess", client.get(f"/admin/references/referencerequest/{first.pk}/assess/"), 200)
    keep(
        "admin-assess-errors",
        client.post(f"/admin/references/referencerequest/{first.pk}/assess/", {}),
        200,
    )
    keep(
        "admin-declined", client.get(f"/admin/references/referencerequest/{second.pk}/assess/"), 200
    )
    return pages


def test_every_reference_page_is_valid_html(client, tmp_path):
    pages = _pages(client)
    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html)
    checked = subprocess.run(
        [*VNU, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [
        f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}"
        for m in json.loads(checked.stderr)["messages"]
        if m["type"] == "error"
    ]
    assert len(pages) == 16
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors)
