"""A candidate finds an advert in a real browser; every public vacancy page passes axe."""

import datetime
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Rocu
from tests.factories.vacancies import (
    ClosedVacancyFactory,
    PublishedVacancyFactory,
    VacancyLocationFactory,
)
from vacancies.cache import public_pages_changed
from vetting.models import VettingLevel

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh_public_cache():
    public_pages_changed()
    yield
    public_pages_changed()


def advert(**fields):
    vacancy = PublishedVacancyFactory(**fields)
    VacancyLocationFactory(vacancy=vacancy)
    return vacancy


def test_candidate_filters_opens_an_advert_and_follows_the_eligibility_link(
    page, assert_accessible
):
    dv = VettingLevel.objects.get(code="DV")
    wanted = advert(
        title="Researcher, modern slavery team",
        rocu=Rocu.objects.get(slug="emsou"),
        vetting_level=dv,
        description="Join **our** team. <script>alert('x')</script>",
    )
    advert(title="Researcher in the North East", rocu=Rocu.objects.get(slug="nersou"))
    advert(title="Researcher, EMSOU, MV", rocu=Rocu.objects.get(slug="emsou"))

    page.goto("/vacancies/")
    expect(
        page.get_by_role("heading", level=1, name="Intelligence Researcher vacancies")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="3 vacancies")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("East Midlands (EMSOU)").check()
    page.get_by_label("Developed Vetting (DV)").check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page.get_by_role("heading", name="1 vacancy")).to_be_visible()
    expect(page.get_by_role("link", name="Researcher in the North East")).to_have_count(0)
    expect(page.get_by_label("East Midlands (EMSOU)")).to_be_checked()
    query = parse_qs(urlsplit(page.url).query)
    assert query["rocu"] == ["emsou"] and query["level"] == ["DV"]

    page.get_by_role("link", name="Researcher, modern slavery team").click()
    expect(page).to_have_url(f"{page.url.split('/vacancies/')[0]}/vacancies/{wanted.reference}/")
    expect(
        page.get_by_role("heading", level=1, name="Researcher, modern slavery team")
    ).to_be_visible()
    expect(
        page.get_by_text("You must have lived in the UK for the last 10 years, unless")
    ).to_be_visible()
    expect(page.get_by_text("alert('x')")).to_have_count(0)
    assert_accessible(page)
    # The JSON-LD data block is on the page and broke no CSP rule (the page fixture
    # fails the test on any Content-Security-Policy report).
    posting = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert posting["identifier"]["value"] == wanted.reference

    page.get_by_role("link", name="Check if you can meet the vetting rules for this post").click()
    page.wait_for_url("**/eligibility/**")
    parts = urlsplit(page.url)
    assert parts.path == "/eligibility/"
    assert parse_qs(parts.query) == {"level": ["DV"], "vacancy": [wanted.reference]}


def test_empty_list_points_to_the_mailing_list_and_is_accessible(page, assert_accessible):
    ClosedVacancyFactory()

    page.goto("/vacancies/")

    expect(page.get_by_role("heading", name="No vacancies")).to_be_visible()
    expect(page.get_by_role("link", name="Join the recruitment mailing list")).to_have_attribute(
        "href", "/register-interest/"
    )
    assert_accessible(page)


def test_list_with_errors_and_pagination_is_accessible(page, assert_accessible):
    for index in range(23):
        advert(title=f"Advert {index:02d}")

    page.goto("/vacancies/?level=nonsense&page=2")

    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("navigation", name="Pagination")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Select a vetting level from the list").click()
    expect(page.locator("#id_level_1")).to_be_focused()


def test_closed_advert_shows_the_banner_and_is_accessible(page, assert_accessible):
    closed = ClosedVacancyFactory(title="A closed advert")
    expired = advert(
        title="An expired advert", closing_at=timezone.now() - datetime.timedelta(minutes=5)
    )

    for vacancy in (closed, expired):
        page.goto(f"/vacancies/{vacancy.reference}/")
        expect(page.get_by_text("This vacancy has closed")).to_be_visible()
        expect(page.get_by_role("heading", name="How to apply")).to_have_count(0)
        expect(page.locator('script[type="application/ld+json"]')).to_have_count(0)
        assert_accessible(page)
