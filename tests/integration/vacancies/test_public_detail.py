"""/vacancies/<reference>/: the advert, its vetting explanation, closed and hidden adverts,
Markdown sanitising and the JobPosting JSON-LD."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.utils import timezone

from tests.factories.vacancies import (
    ClosedVacancyFactory,
    VacancyFactory,
    VacancyLocationFactory,
)
from tests.integration.vacancies.public_fixtures import (  # noqa: F401 - fixtures
    fresh_public_cache,
    json_ld,
    open_vacancy,
)
from vacancies.models import ContractType, VacancyStatus, WorkingPattern
from vetting.models import VettingLevel

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def page(client, vacancy):
    return client.get(f"/vacancies/{vacancy.reference}/")


def test_open_advert_shows_its_facts_as_uk_readers_expect(client):
    vacancy = open_vacancy(
        title="Intelligence Researcher (county lines)",
        salary_min=24000,
        salary_max=27000,
        closing_at=datetime.datetime(2030, 3, 14, 23, 59, tzinfo=LONDON),
        working_pattern=WorkingPattern.PART_TIME,
        contract_type=ContractType.FIXED_TERM,
        fixed_term_ends_on=datetime.date(2031, 3, 31),
        number_of_posts=3,
        focus_areas=["county_lines", "human_trafficking"],
    )

    response = page(client, vacancy)

    assert response.status_code == 200
    body = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Intelligence Researcher (county lines)</h1>' in body
    assert "11:59pm on 14 March 2030" in body
    assert "£24,000 to £27,000 a year" in body
    assert "Part time" in body
    assert "Fixed term until 31 March 2031" in body
    assert "Newcastle upon Tyne (NE1 4AA)" in body
    assert "<li>county lines</li><li>human trafficking</li>" in body
    assert "This vacancy has closed" not in body


def test_closing_time_is_shown_in_uk_summer_time(client):
    # 22:59 UTC in July is 11:59pm in London (BST).
    vacancy = open_vacancy(closing_at=datetime.datetime(2030, 7, 1, 22, 59, tzinfo=datetime.UTC))

    assert "11:59pm on 1 July 2030" in page(client, vacancy).content.decode()


def test_vetting_level_is_explained_in_plain_english_with_a_checker_link(client):
    vacancy = open_vacancy(vetting_level=VettingLevel.objects.get(code="DV"))

    body = page(client, vacancy).content.decode()

    assert "This post needs <strong>Developed Vetting (DV)</strong>" in body
    assert (
        "You must have lived in the UK for the last 10 years, unless you were abroad because "
        "you were employed by the British Armed Forces or on official duty for HM Government."
    ) in body
    assert "Channel Islands or the Isle of Man counts as time abroad" in body
    assert f'href="/eligibility/?level=DV&amp;vacancy={vacancy.reference}"' in body


def test_family_exemption_wording_follows_the_level(client):
    level = VettingLevel.objects.create(
        code="XV",
        name="Example Vetting",
        required_residence_years=3,
        family_of_exempt="exempt",
        description="An example level.",
        source="test",
    )
    vacancy = open_vacancy(vetting_level=level)

    body = page(client, vacancy).content.decode()

    assert "You must have lived in the UK for the last 3 years, unless" in body
    assert "with a family member who was there for one of those reasons also counts" in body


@override_settings(ROOT_URLCONF="tests.integration.vacancies.urls_without_apply")
def test_without_an_apply_page_the_advert_says_how_to_apply_by_email(client):
    vacancy = open_vacancy(contact_email="jobs@nersou.rocu.example")

    body = page(client, vacancy).content.decode()

    assert "How to apply" in body
    assert 'href="mailto:jobs@nersou.rocu.example?subject=' + vacancy.reference in body
    assert f"/vacancies/{vacancy.reference}/apply/" not in body


def test_an_open_advert_has_the_apply_for_this_job_start_button(client):
    vacancy = open_vacancy()

    body = page(client, vacancy).content.decode()

    assert f'href="/vacancies/{vacancy.reference}/apply/"' in body
    assert "Apply for this job" in body
    assert "govuk-button--start" in body


@pytest.mark.parametrize(
    "make_closed",
    [
        lambda: ClosedVacancyFactory(),
        # Still "published", but past its closing time: the task has not run yet.
        lambda: open_vacancy(closing_at=timezone.now() - datetime.timedelta(seconds=1)),
    ],
    ids=["closed", "expired"],
)
def test_closed_adverts_stay_readable_with_a_banner_and_no_way_to_apply(client, make_closed):
    vacancy = make_closed()

    response = page(client, vacancy)

    assert response.status_code == 200
    body = response.content.decode()
    assert "This vacancy has closed" in body
    assert "You can no longer apply for it." in body
    assert "How to apply" not in body
    assert json_ld(response) == []


@pytest.mark.parametrize("status", [VacancyStatus.DRAFT, VacancyStatus.ARCHIVED])
def test_drafts_and_archived_adverts_are_not_found(client, status):
    vacancy = VacancyFactory(status=status)

    response = page(client, vacancy)

    assert response.status_code == 404
    assert vacancy.title not in response.content.decode()


@pytest.mark.parametrize("reference", ["NOPE-2026-0001", "a" * 31, "bad%20ref", "x.y"])
def test_unknown_or_malformed_references_are_not_found(client, reference):
    assert client.get(f"/vacancies/{reference}/").status_code == 404


def test_staff_markdown_is_rendered_and_sanitised(client):
    vacancy = open_vacancy(
        description=(
            "You will **analyse** data. [Our site](https://example.police.uk)\n\n"
            "<script>alert('x')</script>\n\n"
            '<img src="x" onerror="alert(1)">\n\n'
            "[click me](javascript:alert(1))\n\n"
            '<a href="javascript:alert(2)" onclick="alert(3)" style="color:red">raw link</a>\n\n'
            "# Heading\n\n- one\n- two"
        ),
    )

    body = page(client, vacancy).content.decode()

    assert "You will <strong>analyse</strong> data." in body
    assert '<a href="https://example.police.uk" class="govuk-link"' in body
    assert '<ul class="govuk-list govuk-list--bullet">\n<li>one</li>' in body
    assert '<h3 class="govuk-heading-s">Heading</h3>' in body
    for dangerous in ("alert(", "onerror", "onclick", "javascript:", "<img", 'style="color'):
        assert dangerous not in body, dangerous


def test_title_with_markup_is_escaped_everywhere_including_json_ld(client):
    vacancy = open_vacancy(title="</script><script>alert(1)</script>")

    response = page(client, vacancy)

    body = response.content.decode()
    assert "<script>alert(1)" not in body
    assert json_ld(response)[0]["title"] == "</script><script>alert(1)</script>"


def test_open_advert_carries_a_complete_job_posting(client, settings):
    settings.SITE_URL = "https://recruit.example.police.uk"
    vacancy = open_vacancy(
        salary_min=24000,
        salary_max=27000,
        working_pattern=WorkingPattern.FULL_TIME,
        contract_type=ContractType.FIXED_TERM,
        fixed_term_ends_on=datetime.date(2031, 3, 31),
    )
    VacancyLocationFactory(vacancy=vacancy, town="Durham", postcode="DH1 1AA")
    vacancy.refresh_from_db()

    (posting,) = json_ld(page(client, vacancy))

    assert posting["@context"] == "https://schema.org/"
    assert posting["@type"] == "JobPosting"
    assert posting["title"] == vacancy.title
    assert "<p" in posting["description"] and "analysts and investigators" in posting["description"]
    assert posting["datePosted"] == vacancy.published_at.isoformat()
    assert posting["validThrough"] == vacancy.closing_at.isoformat()
    assert posting["employmentType"] == ["FULL_TIME", "TEMPORARY"]
    assert posting["hiringOrganization"] == {
        "@type": "Organization",
        "name": "North East Regional Special Operations Unit",
    }
    assert [place["address"] for place in posting["jobLocation"]] == [
        {
            "@type": "PostalAddress",
            "addressLocality": "Newcastle upon Tyne",
            "postalCode": "NE1 4AA",
            "addressRegion": "North East",
            "addressCountry": "GB",
        },
        {
            "@type": "PostalAddress",
            "addressLocality": "Durham",
            "postalCode": "DH1 1AA",
            "addressRegion": "North East",
            "addressCountry": "GB",
        },
    ]
    assert all(place["@type"] == "Place" for place in posting["jobLocation"])
    assert posting["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "GBP",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 24000,
            "maxValue": 27000,
            "unitText": "YEAR",
        },
    }
    assert posting["identifier"] == {
        "@type": "PropertyValue",
        "name": "North East Regional Special Operations Unit",
        "value": vacancy.reference,
    }
    assert posting["directApply"] is False
    assert posting["url"] == f"https://recruit.example.police.uk/vacancies/{vacancy.reference}/"


def test_preview_renders_a_draft_with_a_banner_and_no_json_ld():
    draft = VacancyFactory(
        status=VacancyStatus.DRAFT,
        vetting_level=None,
        closing_at=None,
        salary_min=None,
        salary_max=None,
    )
    request = RequestFactory().get("/admin/preview/")

    html = render_to_string(
        "vacancies/vacancy_detail.html", {"vacancy": draft, "is_preview": True}, request=request
    )

    assert "Preview — not published" in html
    assert "application/ld+json" not in html
    assert "This vacancy has closed" not in html
    assert "The level of vetting for this post has not been set yet." in html
    assert re.search(r"Closing date</dt>\s*<dd[^>]*>Not set</dd>", html)


def test_preview_of_an_open_advert_has_no_json_ld():
    vacancy = open_vacancy()
    request = RequestFactory().get("/admin/preview/")

    html = render_to_string(
        "vacancies/vacancy_detail.html", {"vacancy": vacancy, "is_preview": True}, request=request
    )

    assert "Preview — not published" in html
    assert "application/ld+json" not in html


@pytest.mark.parametrize("count", [5, 500])
def test_detail_runs_a_constant_number_of_queries(client, count, django_assert_max_num_queries):
    from tests.integration.vacancies.public_fixtures import bulk_open_vacancies

    bulk_open_vacancies(count)
    vacancy = open_vacancy()
    for _ in range(count // 100):
        VacancyLocationFactory(vacancy=vacancy)

    # The advert with its ROCU and level, then its locations.
    with django_assert_max_num_queries(2):
        assert page(client, vacancy).status_code == 200
    with django_assert_max_num_queries(0):
        assert page(client, vacancy).status_code == 200
