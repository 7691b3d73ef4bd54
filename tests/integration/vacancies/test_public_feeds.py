"""The Atom feed of open adverts, sitemap.xml and robots.txt."""

import datetime
import xml.etree.ElementTree as ET  # our own responses, not untrusted XML

import pytest
from django.utils import timezone

from tests.factories.vacancies import ClosedVacancyFactory, VacancyFactory
from tests.integration.vacancies.public_fixtures import (  # noqa: F401 - fixtures
    bulk_open_vacancies,
    fresh_public_cache,
    open_vacancy,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_atom_feed_lists_open_adverts_newest_first(client, settings):
    settings.SITE_URL = "https://recruit.example.police.uk"
    now = timezone.now()
    older = open_vacancy(title="Older advert", published_at=now - datetime.timedelta(days=3))
    newer = open_vacancy(
        title="Newer advert",
        published_at=now - datetime.timedelta(days=1),
        salary_min=24000,
        salary_max=27000,
    )
    ClosedVacancyFactory(title="Closed advert")
    VacancyFactory(title="Draft advert")
    open_vacancy(title="Expired advert", closing_at=now - datetime.timedelta(seconds=1))

    response = client.get("/vacancies/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [
        "Newer advert – NERSOU",
        "Older advert – NERSOU",
    ]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == (
        f"http://testserver/vacancies/{newer.reference}/"
    )
    assert first.find(f"{ATOM}id").text == (
        f"https://recruit.example.police.uk/vacancies/{newer.reference}/"
    )
    summary = first.find(f"{ATOM}summary").text
    assert "£24,000 to £27,000 a year" in summary
    assert "Vetting: Management Vetting." in summary
    assert older.reference in entries[1].find(f"{ATOM}id").text


def test_list_page_advertises_the_feed(client):
    body = client.get("/vacancies/").content.decode()

    assert '<link rel="alternate" type="application/atom+xml"' in body


def test_sitemap_lists_the_list_page_and_open_adverts_only(client):
    shown = open_vacancy()
    closed = ClosedVacancyFactory()
    draft = VacancyFactory()

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    sitemap = ET.fromstring(response.content)  # noqa: S314
    locations = [element.text for element in sitemap.iter(f"{SITEMAP}loc")]
    assert "http://testserver/vacancies/" in locations
    assert f"http://testserver/vacancies/{shown.reference}/" in locations
    assert not any(closed.reference in url or draft.reference in url for url in locations)


@pytest.mark.parametrize("count", [5, 500])
def test_feed_and_sitemap_run_a_constant_number_of_queries(
    client, count, django_assert_max_num_queries
):
    bulk_open_vacancies(count)

    with django_assert_max_num_queries(3):
        assert client.get("/vacancies/feed/").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt_allows_the_public_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Allow: /" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_feed_and_sitemap_are_cached_until_an_advert_changes(
    client, lead, rocu, django_capture_on_commit_callbacks, django_assert_num_queries
):
    from tests.factories.vacancies import VacancyLocationFactory
    from vacancies import services

    open_vacancy(title="Already open")
    draft = VacancyFactory(rocu=rocu, title="Newly published")
    VacancyLocationFactory(vacancy=draft)
    client.get("/vacancies/feed/")
    client.get("/sitemap.xml")
    with django_assert_num_queries(0):
        feed = client.get("/vacancies/feed/")
        sitemap = client.get("/sitemap.xml")
    assert feed["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert "Newly published" not in feed.content.decode()
    assert draft.reference not in sitemap.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.vacancy_publish(vacancy=draft, by=lead)

    assert "Newly published" in client.get("/vacancies/feed/").content.decode()
    assert draft.reference in client.get("/sitemap.xml").content.decode()
