"""Pages rendered once with holes (core/rendered_once.py ``render_framed``).

The test settings also render every framed page the ordinary way and compare the
bytes (``RENDERED_ONCE_VERIFY``), so each page's own tests check its frame; these
check the frame cache itself: what it is keyed by, what it escapes, what it forgets.
"""

import re
import time

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import resolve
from django.utils import translation

from accounts.models import Rocu
from core import rendered_once
from core.rendered_once import hole, render_framed

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _request(path="/eligibility/places/add/"):
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    return request


def _framed(request, *, shape=(), caption="Management Vetting", counter=None):
    def frame_context():
        if counter is not None:
            counter.append(translation.get_language())
        return {"level_names": hole("level_names"), "back_url": hole("back_url")}

    return render_framed(
        request,
        "vetting/clearance.html",
        shape=shape,
        frame_context=frame_context,
        holes={"level_names": caption, "back_url": "/eligibility/places/"},
        plain_context=lambda: {"level_names": caption, "back_url": "/eligibility/places/"},
    )


@pytest.fixture(autouse=True)
def _no_frames_kept():
    rendered_once._forget()
    yield
    rendered_once._forget()


def test_a_frame_is_rendered_once_per_shape_and_per_language():
    renders = []
    for _ in range(3):
        _framed(_request(), counter=renders)
    _framed(_request(), shape=("another",), counter=renders)
    with translation.override("cy"):
        _framed(_request(), counter=renders)

    assert renders == ["en-gb", "en-gb", "cy"]


def test_a_hole_is_escaped_as_the_template_would_escape_it():
    body = _framed(_request(), caption='<script>alert("x")</script> & co').content.decode()

    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in body
    assert "<script>alert" not in body
    assert "\ue000" not in body and "\ue001" not in body


def test_two_requests_of_one_shape_show_only_their_own_values():
    first = _framed(_request(), caption="Counter-Terrorist Check").content.decode()
    second = _framed(_request(), caption="Developed Vetting").content.decode()

    assert "Counter-Terrorist Check" in first and "Developed Vetting" not in first
    assert "Developed Vetting" in second and "Counter-Terrorist Check" not in second


def test_every_request_gets_its_own_masked_token_and_the_csrf_cookie():
    client = Client()
    client.post("/eligibility/job/", {"choice": "level:MV"})
    first = client.get("/eligibility/places/add/")
    second = client.get("/eligibility/places/add/")

    tokens = [TOKEN.search(response.content.decode()).group(1) for response in (first, second)]
    assert tokens[0] != tokens[1]
    assert "csrftoken" in client.cookies


def test_a_token_from_a_frame_is_accepted_on_post_and_a_missing_one_refused():
    client = Client(enforce_csrf_checks=True)
    page = client.get("/eligibility/job/")
    token = TOKEN.search(page.content.decode()).group(1)

    refused = client.post("/eligibility/job/", {"choice": "level:MV"})
    accepted = client.post(
        "/eligibility/job/", {"choice": "level:MV", "csrfmiddlewaretoken": token}
    )

    assert refused.status_code == 403
    assert accepted.status_code == 302

    page = client.get("/eligibility/places/add/")
    token = TOKEN.search(page.content.decode()).group(1)
    added = client.post(
        "/eligibility/places/add/",
        {
            "country": "GB",
            "start_0": "1",
            "start_1": "1",
            "start_2": "2010",
            "csrfmiddlewaretoken": token,
        },
    )
    assert added.status_code == 302


def test_register_interest_token_works_and_the_form_is_the_same_for_everyone(client):
    first = Client(enforce_csrf_checks=True)
    page = first.get("/register-interest/").content.decode()
    other = Client().get("/register-interest/").content.decode()

    assert TOKEN.sub("", page) == TOKEN.sub("", other)
    response = first.post(
        "/register-interest/",
        {
            "email": "sam.jones@example.com",
            "first_name": "Sam",
            "where": "anywhere",
            "frequency": "immediately",
            "website": "",
            "csrfmiddlewaretoken": TOKEN.search(page).group(1),
        },
    )
    assert response.status_code == 302


def test_a_renamed_rocu_shows_on_register_interest_once_the_form_is_renewed(client, monkeypatch):
    rocu = Rocu.objects.order_by("region").first()
    assert f"({rocu.short_name})" in client.get("/register-interest/").content.decode()
    Rocu.objects.filter(pk=rocu.pk).update(short_name="RENAMED")
    assert "(RENAMED)" not in client.get("/register-interest/").content.decode()

    later = time.monotonic() + rendered_once.FORM_SECONDS + 1
    monkeypatch.setattr(rendered_once.time, "monotonic", lambda: later)

    assert "(RENAMED)" in client.get("/register-interest/").content.decode()


def test_a_settings_change_forgets_every_frame(client):
    client.get("/register-interest/")
    with override_settings(SERVICE_NAME="Another service name"):
        body = client.get("/register-interest/").content.decode()

    assert "Another service name" in body


def test_a_page_with_two_forms_carries_one_token_in_both():
    client = Client()
    client.post("/eligibility/job/", {"choice": "level:MV"})
    client.post(
        "/eligibility/places/add/",
        {"country": "GB", "start_0": "1", "start_1": "1", "start_2": "2010"},
    )

    tokens = TOKEN.findall(client.get("/eligibility/places/").content.decode())

    assert len(tokens) == 2 and tokens[0] == tokens[1]
