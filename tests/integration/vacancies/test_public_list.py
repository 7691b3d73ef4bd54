"""/vacancies/: filters, sort, pagination, the count, the empty state and bad input."""

import datetime
import re

import pytest
from django.utils import timezone

from accounts.models import Rocu
from tests.factories.vacancies import ClosedVacancyFactory, VacancyFactory
from tests.integration.vacancies.public_fixtures import (  # noqa: F401 - fixtures
    bulk_open_vacancies,
    fresh_public_cache,
    open_vacancy,
)
from vacancies.models import VacancyStatus
from vetting.models import VettingLevel

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="/vacancies/([A-Z0-9-]+)/"')


def listed(response) -> list[str]:
    return LINK.findall(response.content.decode())


def test_lists_only_open_adverts(client):
    shown = open_vacancy(title="Open advert")
    VacancyFactory(title="A draft")
    ClosedVacancyFactory(title="A closed advert")
    VacancyFactory(status=VacancyStatus.ARCHIVED, title="An archived advert")
    # Published, but past its closing time: the close task has not run yet.
    open_vacancy(title="Expired advert", closing_at=timezone.now() - datetime.timedelta(minutes=1))

    response = client.get("/vacancies/")

    assert response.status_code == 200
    assert listed(response) == [shown.reference]
    assert "1 vacancy" in response.content.decode()


def test_count_is_plural(client):
    bulk_open_vacancies(12)

    assert ">\n12 vacancies\n" in client.get("/vacancies/").content.decode()


def test_filters_by_rocu_and_vetting_level(client, rocu, other_rocu):
    mv = VettingLevel.objects.get(code="MV")
    dv = VettingLevel.objects.get(code="DV")
    ne_mv = open_vacancy(rocu=rocu, vetting_level=mv)
    ne_dv = open_vacancy(rocu=rocu, vetting_level=dv)
    em_mv = open_vacancy(rocu=other_rocu, vetting_level=mv)
    open_vacancy(rocu=Rocu.objects.get(slug="titan"), vetting_level=mv)

    by_rocu = client.get("/vacancies/", {"rocu": ["nersou", "emsou"]})
    assert sorted(listed(by_rocu)) == sorted([ne_mv.reference, ne_dv.reference, em_mv.reference])
    assert "3 vacancies" in by_rocu.content.decode()

    by_both = client.get("/vacancies/", {"rocu": "nersou", "level": "DV"})
    assert listed(by_both) == [ne_dv.reference]
    # The form shows what was chosen.
    body = by_both.content.decode()
    assert re.search(r'value="nersou"\s+checked', body)
    assert re.search(r'value="DV"\s+checked', body) or re.search(r'checked[^>]*value="DV"', body)


def test_sorts_by_closing_soonest_by_default_and_by_newest_on_request(client):
    now = timezone.now()
    late_new = open_vacancy(
        closing_at=now + datetime.timedelta(days=30), published_at=now - datetime.timedelta(days=1)
    )
    soon_old = open_vacancy(
        closing_at=now + datetime.timedelta(days=2), published_at=now - datetime.timedelta(days=9)
    )
    middle = open_vacancy(
        closing_at=now + datetime.timedelta(days=10), published_at=now - datetime.timedelta(days=5)
    )

    assert listed(client.get("/vacancies/")) == [
        soon_old.reference,
        middle.reference,
        late_new.reference,
    ]
    assert listed(client.get("/vacancies/?sort=newest")) == [
        late_new.reference,
        middle.reference,
        soon_old.reference,
    ]


def test_paginates_twenty_a_page_with_govuk_pagination(client):
    bulk_open_vacancies(45)

    first = client.get("/vacancies/")
    second = client.get("/vacancies/?page=2")
    third = client.get("/vacancies/?page=3")

    assert len(listed(first)) == 20
    assert len(listed(second)) == 20
    assert len(listed(third)) == 5
    assert not set(listed(first)) & set(listed(second))
    body = second.content.decode()
    assert 'class="govuk-pagination"' in body
    assert 'href="/vacancies/" rel="prev"' in body
    assert 'href="?page=3" rel="next"' in body
    assert 'aria-current="page">2<' in body
    assert "Showing 21 to 40 of 45" in body


def test_pagination_links_keep_the_filters(client, rocu):
    bulk_open_vacancies(25, rocu=rocu)

    body = client.get("/vacancies/?rocu=nersou&sort=newest").content.decode()

    assert 'href="?rocu=nersou&amp;sort=newest&amp;page=2" rel="next"' in body


def test_a_page_past_the_last_shows_the_last_page(client):
    bulk_open_vacancies(3)

    response = client.get("/vacancies/?page=40")

    assert response.status_code == 200
    assert len(listed(response)) == 3


def test_empty_state_points_to_the_mailing_list(client):
    body = client.get("/vacancies/").content.decode()

    assert "No vacancies" in body
    assert "There are no open Intelligence Researcher vacancies at the moment." in body
    assert 'href="/register-interest/"' in body


def test_empty_filtered_state_offers_to_clear_the_filters(client):
    open_vacancy()  # NERSOU

    body = client.get("/vacancies/?rocu=tarian").content.decode()

    assert "There are no open vacancies that match your filters." in body
    assert 'href="/register-interest/"' in body


def test_unknown_filter_values_give_a_clear_message_and_the_rest_of_the_list(client):
    shown = open_vacancy()

    response = client.get("/vacancies/?rocu=atlantis&level=ZZ&sort=sideways")

    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert '<a href="#id_rocu_1">Select regions from the list</a>' in body
    assert '<a href="#id_level_1">Select a vetting level from the list</a>' in body
    assert '<a href="#id_sort">Select how to sort the vacancies from the list</a>' in body
    assert "<title>Error: " in body
    assert listed(response) == [shown.reference]


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=-3",
        "page=0",
        "page=99999999999999999999",
        "page=%00",
        "rocu=%00&level=%ff",
        "level=<script>alert(1)</script>",
        "sort[]=x&rocu[]=y",
        "rocu=" + "a" * 5000,
        "&".join(["rocu=nersou"] * 500),
        "%ff%fe=%c0%af",
    ],
)
def test_bad_query_strings_never_fail(client, query):
    open_vacancy()

    response = client.get("/vacancies/?" + query)

    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


def test_post_is_not_allowed(client):
    assert client.post("/vacancies/").status_code == 405


def test_the_page_has_no_csrf_token_to_cache(client):
    open_vacancy()

    response = client.get("/vacancies/")

    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "csrftoken" not in response.cookies


@pytest.mark.parametrize("count", [5, 500])
def test_list_runs_a_constant_number_of_queries(client, count, django_assert_max_num_queries):
    bulk_open_vacancies(count)

    # A miss renders from the database: filter options, count, one page, its locations.
    with django_assert_max_num_queries(5):
        assert client.get("/vacancies/?sort=newest&page=1").status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get("/vacancies/?rocu=nersou&level=MV&page=2").status_code == 200
    # A hit needs none.
    with django_assert_max_num_queries(0):
        assert client.get("/vacancies/?sort=newest").status_code == 200


def test_every_page_keeps_any_level_and_the_filters_chosen(client, rocu):
    bulk_open_vacancies(45, rocu=rocu)

    second = client.get("/vacancies/?page=2").content.decode()
    assert re.search(r'value=""\s+checked', second), "page 2 lost the 'Any level' choice"
    assert re.search(r'<option value="closing" selected>', second)

    filtered = client.get("/vacancies/?rocu=nersou&sort=newest&page=2").content.decode()
    assert re.search(r'value="nersou"\s+checked', filtered)
    assert re.search(r'<option value="newest" selected>', filtered)
    assert 'href="?rocu=nersou&amp;sort=newest&amp;page=3" rel="next"' in filtered
    assert 'href="?rocu=nersou&amp;sort=newest" rel="prev"' in filtered
