"""The public self-check at /eligibility/: every page, every error, the answers, the result."""

import datetime as dt
import logging
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Rocu
from tests.factories.vacancies import PublishedVacancyFactory, VacancyFactory
from tests.support.self_check_cookie import answers_of, give_answers, give_sealed, holds_answers
from vacancies.models import VacancyStatus
from vetting import self_check
from vetting.models import VettingLevel

pytestmark = pytest.mark.django_db

# Late in the evening, so a clock that ran a day ahead would show.
NOW = datetime(2026, 11, 25, 23, 30, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def text_of(response) -> str:
    """The main content as words, for asserting what a candidate reads."""
    html = response.content.decode()
    main = html.split('id="main-content">', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).strip()


def error_links(response) -> list[tuple[str, str]]:
    return re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', response.content.decode())


def date_data(name, day, month, year):
    return {f"{name}_0": day, f"{name}_1": month, f"{name}_2": year}


def add_place(client, country, start, end=("", "", ""), reason=""):
    data = {"country": country, "reason": reason}
    data.update(date_data("start", *start))
    data.update(date_data("end", *end))
    return client.post("/eligibility/places/add/", data)


def choose(client, choice="level:MV"):
    response = client.post("/eligibility/job/", {"choice": choice})
    assert response.status_code == 302
    return response


def test_today_is_the_uk_date_even_when_utc_is_still_yesterday():
    from vetting import clock

    half_past_midnight_bst = datetime(2026, 7, 1, 0, 30, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(half_past_midnight_bst, tick=False):
        assert datetime.now(ZoneInfo("UTC")).date().isoformat() == "2026-06-30"
        assert clock.today().isoformat() == "2026-07-01"


# --- Start page ------------------------------------------------------------------


def test_start_page_explains_the_rule_and_that_nothing_is_stored(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/eligibility/")

    assert response.status_code == 200
    words = text_of(response)
    assert "Check if you can meet the vetting residence rule" in words
    assert "Nothing you enter in this check is stored by us" in words
    assert "deleted when you see your result or 2 hours after your last answer" in words
    assert "We only keep your details if you go on to apply" in words
    assert 'href="/eligibility/job/"' in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_start_page_passes_the_advert_preselection_on(client):
    response = client.get("/eligibility/?level=DV&vacancy=NERSOU-2026-0012")

    assert 'href="/eligibility/job/?level=DV&amp;vacancy=NERSOU-2026-0012"' in (
        response.content.decode()
    )


# --- Choose an advert or level ----------------------------------------------------


def test_choose_lists_only_open_adverts_and_every_active_level(client, rocu):
    # A published advert always names a level (constraint vacancy_published_is_complete).
    open_advert = PublishedVacancyFactory(title="Researcher, Leeds", rocu=rocu)
    VacancyFactory(title="Draft advert")
    PublishedVacancyFactory(title="Closed advert", status=VacancyStatus.CLOSED)
    PublishedVacancyFactory(title="Past closing", closing_at=NOW.replace(year=2025))

    response = client.get("/eligibility/job/")

    words = text_of(response)
    assert f"Researcher, Leeds, {rocu.name}" in words
    assert f"Management Vetting – reference {open_advert.reference}" in words
    for hidden in ("Draft advert", "Closed advert", "Past closing"):
        assert hidden not in words
    assert "Management Vetting (MV)" in words and "Developed Vetting (DV)" in words
    assert "5 years living in the UK" in words and "10 years living in the UK" in words


def test_an_advert_link_preselects_that_advert(client):
    advert = PublishedVacancyFactory(vetting_level=VettingLevel.objects.get(code="DV"))

    response = client.get(f"/eligibility/job/?level=MV&vacancy={advert.reference}")

    html = response.content.decode()
    assert re.search(rf'value="vacancy:{advert.reference}" checked', html)
    assert 'value="level:MV" checked' not in html


def test_a_link_to_an_advert_that_has_closed_preselects_its_level_instead(client):
    advert = PublishedVacancyFactory(status=VacancyStatus.CLOSED)

    response = client.get(f"/eligibility/job/?level=DV&vacancy={advert.reference}")

    html = response.content.decode()
    assert advert.reference not in html
    assert 'value="level:DV" checked' in html


def test_a_level_link_preselects_the_level(client):
    response = client.get("/eligibility/job/?level=DV")

    assert 'value="level:DV" checked' in response.content.decode()


def test_unknown_preselections_select_nothing_and_do_not_fail(client):
    response = client.get("/eligibility/job/?level=<script>&vacancy=NOPE")

    assert response.status_code == 200
    assert " checked" not in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_choosing_nothing_shows_the_error_summary_linked_to_the_first_radio(client):
    response = client.post("/eligibility/job/", {})

    assert response.status_code == 200
    assert error_links(response) == [
        ("id_choice", "Select the advert or vetting level you want to check")
    ]
    html = response.content.decode()
    assert '<input class="govuk-radios__input" id="id_choice"' in html
    assert "<title>Error: " in html


def test_choosing_a_tampered_value_is_an_error_not_a_500(client):
    response = client.post("/eligibility/job/", {"choice": "vacancy:DOES-NOT-EXIST"})

    assert response.status_code == 200
    assert error_links(response)


def test_choosing_an_advert_takes_its_level_and_keeps_no_model_rows(client):
    advert = PublishedVacancyFactory(vetting_level=VettingLevel.objects.get(code="DV"))

    response = client.post("/eligibility/job/", {"choice": f"vacancy:{advert.reference}"})

    assert response["Location"] == "/eligibility/places/add/"
    assert answers_of(client) == self_check.Answers(
        level_codes=["DV"], vacancy_reference=advert.reference
    )


@pytest.mark.parametrize("count", [2, 11, 120])
def test_choose_page_query_count_does_not_grow_with_adverts(client, count):
    PublishedVacancyFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        client.get("/eligibility/job/")
    PublishedVacancyFactory.create_batch(count, rocu=Rocu.objects.get(slug="emsou"))
    with CaptureQueriesContext(connection) as many:
        client.get("/eligibility/job/")
    with CaptureQueriesContext(connection) as one_rocu:
        client.get("/eligibility/job/?rocu=emsou")

    assert len(few) <= 4 and len(many) <= 4 and len(one_rocu) <= 4


def test_with_few_open_adverts_each_is_a_radio(client):
    PublishedVacancyFactory.create_batch(10)

    html = client.get("/eligibility/job/").content.decode()

    assert (
        html.count('class="govuk-radios__input"') == 10 + 5
    )  # and the five levels (RV, CTC, MV, SC, DV)
    assert 'value="rocu:' not in html


def test_with_more_than_ten_open_adverts_the_rocu_comes_first(client):
    PublishedVacancyFactory.create_batch(3, rocu=Rocu.objects.get(slug="nersou"))
    emsou_adverts = PublishedVacancyFactory.create_batch(8, rocu=Rocu.objects.get(slug="emsou"))

    response = client.get("/eligibility/job/")

    html = response.content.decode()
    words = text_of(response)
    assert html.count('class="govuk-radios__input"') == 2 + 5  # two ROCUs, five levels
    assert "North East Regional Special Operations Unit 3 open adverts" in words
    assert "8 open adverts" in words
    assert "Management Vetting (MV)" in words
    assert "vacancy:" not in html

    chosen = client.post("/eligibility/job/", {"choice": "rocu:emsou"})
    assert chosen.status_code == 302
    assert chosen["Location"] == "/eligibility/job/?rocu=emsou"
    assert not holds_answers(client)

    listed = client.get(chosen["Location"])
    html = listed.content.decode()
    assert html.count('value="vacancy:') == 8
    assert 'href="?rocu="' in html and "Choose a different Regional Organised Crime Unit" in html
    response = client.post(
        "/eligibility/job/?rocu=emsou", {"choice": f"vacancy:{emsou_adverts[0].reference}"}
    )
    assert response["Location"] == "/eligibility/places/add/"
    assert answers_of(client).vacancy_reference == emsou_adverts[0].reference


def test_a_rocu_with_more_than_ten_adverts_lists_them_in_a_select(client):
    adverts = PublishedVacancyFactory.create_batch(12, rocu=Rocu.objects.get(slug="emsou"))

    response = client.get("/eligibility/job/?rocu=emsou")

    html = response.content.decode()
    assert '<select class="govuk-select" id="id_choice" name="choice"' in html
    assert html.count('<option value="vacancy:') == 12
    assert '<option value="level:DV">' in html
    assert 'class="govuk-radios__input"' not in html

    empty = client.post("/eligibility/job/?rocu=emsou", {"choice": ""})
    assert error_links(empty) == [
        ("id_choice", "Select the advert or vetting level you want to check")
    ]
    assert "govuk-select--error" in empty.content.decode()
    chosen = client.post(
        "/eligibility/job/?rocu=emsou", {"choice": f"vacancy:{adverts[11].reference}"}
    )
    assert chosen.status_code == 302


def test_with_many_adverts_an_advert_link_opens_its_rocus_list_with_it_chosen(client):
    PublishedVacancyFactory.create_batch(11, rocu=Rocu.objects.get(slug="nersou"))
    wanted = PublishedVacancyFactory(rocu=Rocu.objects.get(slug="emsou"))

    html = client.get(f"/eligibility/job/?level=MV&vacancy={wanted.reference}").content.decode()

    assert re.search(rf'value="vacancy:{wanted.reference}" checked', html)
    assert html.count('value="vacancy:') == 1


def test_with_many_adverts_a_tampered_rocu_shows_the_rocus_not_a_500(client):
    PublishedVacancyFactory.create_batch(11)

    for query in ("?rocu=nope", "?rocu=", "?rocu=%3Cscript%3E"):
        response = client.get(f"/eligibility/job/{query}")
        assert response.status_code == 200
        assert 'value="rocu:nersou"' in response.content.decode()
    bad = client.post("/eligibility/job/", {"choice": "rocu:nope"})
    assert bad.status_code == 200 and error_links(bad)


# --- Places ------------------------------------------------------------------------


def test_the_place_pages_need_a_level_first(client):
    for path in ("/eligibility/places/", "/eligibility/places/add/", "/eligibility/result/"):
        response = client.get(path)
        assert response.status_code == 302, path


def test_add_page_states_the_window_from_today_in_london(client):
    choose(client)

    response = client.get("/eligibility/places/add/")

    words = text_of(response)
    assert "Add a place you lived" in words
    assert "from 25 November 2021 to today, 25 November 2026" in words
    assert "starting with where you live now" in words


@pytest.mark.parametrize(
    ("start", "end", "field_anchor", "message"),
    [
        (
            ("31", "2", "2020"),
            ("", "", ""),
            "id_start_0",
            "The date you started living there must be a real date",
        ),
        (
            ("1", "x", "2020"),
            ("", "", ""),
            "id_start_1",
            "The date you started living there must be a real date",
        ),
        (("", "", ""), ("", "", ""), "id_start_0", "Enter the date you started living there"),
        (
            ("1", "1", ""),
            ("", "", ""),
            "id_start_2",
            "The date you started living there must include a year",
        ),
        (
            ("26", "11", "2026"),
            ("", "", ""),
            "id_start_0",
            "The date you started living there must be today or in the past",
        ),
        (
            ("1", "1", "2020"),
            ("1", "1", "2019"),
            "id_end_0",
            "The date you stopped living there must be the same as or after the date you started "
            "living there",
        ),
        (
            ("1", "1", "2020"),
            ("1", "1", "3000"),
            "id_end_0",
            "The date you stopped living there must be today or in the past. Leave it blank if "
            "you still live there",
        ),
    ],
)
def test_bad_dates_show_the_gov_uk_error_on_the_page(client, start, end, field_anchor, message):
    choose(client)

    response = add_place(client, "GB", start, end)

    assert response.status_code == 200
    assert (field_anchor, message) in error_links(response)
    assert f'id="{field_anchor}"' in response.content.decode()
    assert answers_of(client).periods == []


def test_only_the_wrong_part_of_a_date_is_marked(client):
    choose(client)

    response = add_place(client, "GB", ("31", "2", "2020"))

    html = response.content.decode()
    day = re.search(r'<input class="([^"]*)" id="id_start_0"', html).group(1)
    month = re.search(r'<input class="([^"]*)" id="id_start_1"', html).group(1)
    assert "govuk-input--error" in day
    assert "govuk-input--error" not in month
    # What they typed is kept, so they can correct it.
    assert 'id="id_start_0" name="start_0" type="text" inputmode="numeric" value="31"' in html


def test_abroad_needs_a_reason_and_an_unknown_country_is_refused(client):
    choose(client)

    response = add_place(client, "FR", ("1", "1", "2020"))
    assert ("id_reason", "Select why you were living outside the UK") in error_links(response)

    response = add_place(client, "XX", ("1", "1", "2020"))
    assert ("id_country", "Select the country you lived in") in error_links(response)


def test_overlapping_countries_and_two_current_homes_are_refused(client):
    choose(client)
    add_place(client, "GB", ("1", "1", "2015"))

    overlap = add_place(client, "FR", ("1", "9", "2022"), ("30", "6", "2023"), "study")
    second_home = add_place(client, "GB", ("1", "1", "2024"))

    assert error_links(overlap) == [
        (
            "id_start_0",
            "These dates overlap with United Kingdom (1 January 2015 to now) by 303 days. "
            "Enter only one country for each day. If both are true, for example you were posted "
            "abroad with the British Armed Forces or on official duty for HM Government while "
            "keeping a home in the UK, enter the posting with its reason and change the UK dates "
            "so they do not cover it: your UK home does not need to cover those dates",
        )
    ]
    assert error_links(second_home) == [
        (
            "id_end_0",
            "Enter the date you stopped living there. You have already said you still live "
            "in United Kingdom",
        )
    ]
    assert len(answers_of(client).periods) == 1


def test_places_are_listed_newest_first_with_change_and_remove_links(client):
    choose(client)
    add_place(client, "GB", ("1", "1", "2015"), ("31", "8", "2022"))
    add_place(client, "DE", ("1", "9", "2022"), reason="british_forces")

    response = client.get("/eligibility/places/")

    words = text_of(response)
    assert "You have added 2 places" in words
    assert words.index("Germany") < words.index("United Kingdom")
    assert "1 September 2022 to now (you still live there)" in words
    assert "Employed by the British Armed Forces" in words
    assert "1 January 2015 to 31 August 2022" in words
    html = response.content.decode()
    assert 'href="/eligibility/places/0/change/"' in html
    assert 'href="/eligibility/places/1/remove/"' in html
    assert "Do you need to add another place?" in words


def test_change_shows_the_saved_answers_and_saves_the_new_ones(client):
    choose(client)
    add_place(client, "GB", ("1", "1", "2015"))

    page = client.get("/eligibility/places/0/change/")
    html = page.content.decode()
    assert '<option value="GB" selected>' in html
    assert 'name="start_2" type="text" inputmode="numeric" value="2015"' in html

    data = {"country": "GB", "reason": ""}
    data.update(date_data("start", "2", "2", "2016"))
    data.update(date_data("end", "", "", ""))
    response = client.post("/eligibility/places/0/change/", data)

    assert response["Location"] == "/eligibility/places/"
    assert answers_of(client).periods[0].start == dt.date(2016, 2, 2)


def test_changing_a_place_may_keep_it_as_the_current_home(client):
    choose(client)
    add_place(client, "GB", ("1", "1", "2015"))
    data = {"country": "GB", "reason": ""}
    data.update(date_data("start", "1", "1", "2014"))
    data.update(date_data("end", "", "", ""))

    response = client.post("/eligibility/places/0/change/", data)

    assert response.status_code == 302


def test_remove_asks_first_and_removes_only_on_yes(client):
    choose(client)
    add_place(client, "GB", ("1", "1", "2015"))

    page = client.get("/eligibility/places/0/remove/")
    assert "Are you sure you want to remove United Kingdom?" in text_of(page)
    unanswered = client.post("/eligibility/places/0/remove/", {})
    assert error_links(unanswered) == [("id_remove", "Select yes if you want to remove this place")]
    client.post("/eligibility/places/0/remove/", {"remove": "no"})
    assert len(answers_of(client).periods) == 1

    response = client.post("/eligibility/places/0/remove/", {"remove": "yes"})

    assert response["Location"] == "/eligibility/places/"
    assert answers_of(client).periods == []
    assert client.get("/eligibility/places/")["Location"] == "/eligibility/places/add/"


@pytest.mark.parametrize("path", ["/eligibility/places/5/change/", "/eligibility/places/5/remove/"])
def test_a_place_that_does_not_exist_is_a_404(client, path):
    choose(client)
    add_place(client, "GB", ("1", "1", "2015"))

    assert client.get(path).status_code == 404


def test_add_another_must_be_answered_and_routes_both_ways(client):
    choose(client)
    add_place(client, "GB", ("1", "1", "2015"))

    unanswered = client.post("/eligibility/places/", {})
    assert error_links(unanswered) == [
        ("id_add_another", "Select yes if you need to add another place")
    ]
    assert client.post("/eligibility/places/", {"add_another": "yes"})["Location"] == (
        "/eligibility/places/add/"
    )
    assert client.post("/eligibility/places/", {"add_another": "no"})["Location"] == (
        "/eligibility/clearance/"
    )


def test_the_answers_hold_at_most_100_periods(client):
    choose(client)
    answers = answers_of(client)
    answers.periods = [
        self_check.Period(
            country="GB", start=dt.date(1900 + i, 1, 1), end=dt.date(1900 + i, 12, 31)
        )
        for i in range(100)
    ]
    give_answers(client, answers)

    response = client.get("/eligibility/places/add/")

    assert response.status_code == 200
    assert "You have added 100 places, the most this check can take" in text_of(response)
    assert add_place(client, "GB", ("1", "1", "2015")).status_code == 200
    assert len(answers_of(client).periods) == 100


@pytest.mark.parametrize(
    "payload",
    [
        # The session's layout before the cookie, sealed with our key.
        {"level": "MV", "periods": [{"start": "yesterday"}]},
        [1, ["MV"], None, 0, None, [["GB", "yesterday", 0, 0]]],
        [1, ["MV"], None, 0, None, [["GB", 738000, 0, 99]]],
        [1, ["MV"], None, 0, None, [["GB", 10**9, 0, 0]]],
        [2, ["MV"], None, 0, None, []],
        "MV",
        None,
    ],
)
def test_a_garbled_cookie_of_ours_starts_afresh_rather_than_failing(client, payload):
    give_sealed(client, payload)

    response = client.get("/eligibility/places/")

    assert response.status_code == 302
    assert response["Location"] == "/eligibility/job/"


# --- Result --------------------------------------------------------------------------


def test_eligible_with_british_forces_time_links_to_the_advert_and_deletes_the_answers(client):
    rocu = Rocu.objects.get(slug="nersou")
    advert = PublishedVacancyFactory(rocu=rocu, title="Intelligence Researcher, Durham")
    choose(client, f"vacancy:{advert.reference}")
    add_place(client, "GB", ("1", "1", "2010"), ("31", "12", "2021"))
    add_place(client, "DE", ("1", "1", "2022"), ("31", "12", "2023"), "british_forces")
    add_place(client, "GB", ("1", "1", "2024"))

    response = client.get("/eligibility/result/")

    assert response.status_code == 200
    words = text_of(response)
    assert "You meet the residence rule for Management Vetting" in words
    assert "every day from 25 November 2021 to 25 November 2026" in words
    assert "Time that does not count against you" in words
    assert "1 January 2022 to 31 December 2023 (730 days)" in words
    assert "Germany (Employed by the British Armed Forces)" in words
    assert "This counts as living in the UK" in words
    html = response.content.decode()
    assert f'href="/vacancies/{advert.reference}/"' in html
    assert "Apply for Intelligence Researcher, Durham" in words
    assert f'href="mailto:{rocu.contact_email}"' in html
    assert 'href="/register-interest/"' in html
    # The picture: three stretches, classed and labelled, with a text alternative.
    assert 'role="img" aria-labelledby="timeline-title" aria-describedby="timeline-desc"' in html
    stretches = re.findall(
        r'class="app-timeline__stretch app-timeline__stretch--(\w+)" data-start="([\d-]+)" '
        r'data-end="([\d-]+)" data-label="([^"]+)"',
        html,
    )
    assert stretches == [
        ("uk", "2021-11-25", "2021-12-31", "In the UK"),
        ("exempt", "2022-01-01", "2023-12-31", "Abroad, counts as UK"),
        ("uk", "2024-01-01", "2026-11-25", "In the UK"),
    ]
    assert (
        '<desc id="timeline-desc">In the UK: 25 November 2021 to 31 December 2021 (37 days). '
        "Abroad, counts as UK: 1 January 2022 to 31 December 2023 (730 days)."
    ) in html
    assert " style=" not in html
    # The end of the journey: the answers are gone.
    assert not holds_answers(client)
    assert client.get("/eligibility/result/")["Location"] == "/eligibility/"


def test_study_abroad_fails_with_the_dates_why_and_what_next(client):
    choose(client, "level:MV")
    add_place(client, "GB", ("1", "1", "2010"), ("31", "8", "2022"))
    add_place(client, "FR", ("1", "9", "2022"), ("30", "6", "2023"), "study")
    add_place(client, "GB", ("1", "7", "2023"))

    response = client.get("/eligibility/result/")

    words = text_of(response)
    assert "You do not meet the residence rule for Management Vetting" in words
    assert "The dates that are a problem" in words
    assert "1 September 2022 to 30 June 2023 (303 days)" in words
    assert "Where you lived: France (Studying)" in words
    assert "does not count as living in the UK" in words
    assert "you would meet the rule from 1 July 2028" in words
    assert "Join the recruitment mailing list" in words
    assert "You could check again after 1 July 2028" in words
    html = response.content.decode()
    assert 'class="app-timeline__stretch app-timeline__stretch--abroad"' in html
    assert 'href="/vacancies/"' in html


def test_a_gap_is_for_review_and_names_the_missing_dates(client):
    choose(client, "level:MV")
    add_place(client, "GB", ("1", "1", "2010"), ("31", "12", "2022"))
    add_place(client, "GB", ("1", "6", "2023"))

    response = client.get("/eligibility/result/")

    words = text_of(response)
    assert "The vetting team would need to look at your history" in words
    assert "The dates the vetting team would need to look at" in words
    assert "1 January 2023 to 31 May 2023 (151 days)" in words
    assert "You have not told us where you lived" in words
    assert 'app-timeline__stretch--missing"' in response.content.decode()


def test_answers_that_went_stale_overnight_are_shown_as_errors_not_a_500(client, frozen_clock):
    # A place starting "today" as one server's clock had it, read where it is still
    # yesterday. (The clock is moved first: a cookie from the future is refused.)
    frozen_clock.move_to(datetime(2026, 11, 24, 12, tzinfo=ZoneInfo("Europe/London")))
    period = self_check.Period(country="GB", start=dt.date(2026, 11, 25), end=None)
    give_answers(client, self_check.Answers(level_codes=["MV"], periods=[period]))

    response = client.get("/eligibility/result/")

    assert response.status_code == 200
    assert "Start date must be on or before 24 November 2026" in text_of(response)


def test_result_query_count_does_not_grow_with_adverts_or_places(client):
    advert = PublishedVacancyFactory()

    def walk(places):
        choose(client, f"vacancy:{advert.reference}")
        for year in range(2026 - places, 2026):
            add_place(client, "GB", ("1", "1", str(year)), ("31", "12", str(year)))
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/eligibility/result/")
        assert response.status_code == 200
        return len(queries)

    few = walk(2)
    PublishedVacancyFactory.create_batch(30)
    many = walk(12)

    assert few == many <= 6


def test_start_again_deletes_the_answers(client):
    choose(client)
    add_place(client, "GB", ("1", "1", "2015"))
    assert (
        'action="/eligibility/start-again/"' in client.get("/eligibility/places/").content.decode()
    )

    response = client.post("/eligibility/start-again/")

    assert response["Location"] == "/eligibility/"
    assert not holds_answers(client)


def test_nothing_a_candidate_enters_reaches_the_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    choose(client)
    add_place(client, "NZ", ("3", "4", "2019"), ("5", "6", "2023"), "work")
    add_place(client, "GB", ("6", "6", "2023"))
    add_place(client, "GB", ("31", "2", "2019"))
    client.get("/eligibility/result/")

    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in ("NZ", "New Zealand", "2019-04-03", "3 April 2019", "work", "Working"):
        assert secret not in logged
