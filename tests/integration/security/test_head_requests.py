"""Hole 7: load balancers and link checkers send HEAD; every public page answers it.

On main these views used ``require_GET`` (HEAD → 405); ``require_safe`` allows
GET and HEAD, and the GET-and-POST pages list HEAD too.
"""

import pytest

from tests.integration.vacancies.public_fixtures import open_vacancy

PUBLIC_PAGES = [
    "/",
    "/accessibility/",
    "/privacy/",
    "/healthz",
    "/vacancies/",
    "/vacancies/feed/",
    "/robots.txt",
    "/sitemap.xml",
    "/eligibility/",
    "/eligibility/job/",
    "/eligibility/places/",
    "/eligibility/places/add/",
    "/register-interest/",
    "/register-interest/check-your-email/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_head_is_answered_like_get_on_every_public_page(client, path):
    get = client.get(path)
    head = client.head(path)

    assert head.status_code != 405
    assert head.status_code == get.status_code
    assert head.content == b""


@pytest.mark.django_db
def test_head_on_an_advert_page_is_answered(client):
    vacancy = open_vacancy()

    response = client.head(f"/vacancies/{vacancy.reference}/")

    assert response.status_code == 200


@pytest.mark.django_db
def test_unknown_methods_are_still_refused(client):
    assert client.generic("PROPFIND", "/vacancies/").status_code == 405
    assert client.put("/register-interest/").status_code == 405
