"""The referee's pages take every hostile value in every field and in the link itself:
never a 5xx, never markup echoed back (the list of values is the security suite's)."""

from urllib.parse import quote

import pytest
from django.test import Client

from references.models import ReferenceRequest
from tests.factories.accounts import rocu_hr
from tests.integration.security.test_hostile_inputs import HOSTILE, _assert_safe
from tests.support.references import application_at_checks, referee_links

from .test_referee_pages import VALID

pytestmark = pytest.mark.django_db


def test_hostile_values_in_every_referee_field_and_in_the_link(settings):
    settings.REFERENCES_RATE_PER_IP = "1000000/h"
    settings.REFERENCES_RATE_PER_LINK = "1000000/h"
    link = referee_links(application_at_checks(rocu_hr("nersou")))["referee1@example.com"]
    token = link.split("/")[2]
    client = Client(raise_request_exception=False)
    unfinished = {name: value for name, value in VALID.items() if name != "accurate"}
    for value in HOSTILE:
        # In every field at once (each is read on its own; without the declaration the
        # form never saves), then in the declaration with the job title left empty.
        response = client.post(link, dict.fromkeys(unfinished, value))
        _assert_safe(response, value, "POST referee form, every field")
        response = client.post(link, {**unfinished, "referee_position": "", "accurate": value})
        _assert_safe(response, value, "POST referee form accurate=")
        quoted = quote(value, safe="")
        for path in (
            f"/give-a-reference/{quoted}/",
            f"/give-a-reference/{quote(token[:-5] + value, safe='')}/",
        ):
            if quoted:
                for method in ("get", "post"):
                    _assert_safe(getattr(client, method)(path), value, f"{method} {path[:50]}")
    assert ReferenceRequest.objects.get(referee_email="referee1@example.com").status == "requested"
    # "Cannot give" takes any reason up to its limit, and one accepted uses the link up:
    # the longest values (refused, so shown back) first, until one is accepted.
    for value in sorted(HOSTILE, key=len, reverse=True):
        response = client.post(f"{link}cannot-give/", {"reason": value})
        if response.status_code == 302:
            break
        _assert_safe(response, value, "POST cannot-give reason=")
    assert response.status_code == 302
