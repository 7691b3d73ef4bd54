"""A candidate walks through the eligibility self-check in Chromium: words, picture, axe.

Dates are relative to today (the live server's real clock), so the journeys hold
on any day: Y is this year in the UK.
"""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.models import Rocu
from core.govuk_dates import govuk_date
from tests.factories.vacancies import PublishedVacancyFactory
from vetting import clock

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, legend, day, month, year):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def add_place(page, country, start, end=None, reason=None):
    page.get_by_label("Country").select_option(label=country)
    fill_date(page, "When did you start living there?", *start)
    if end:
        fill_date(page, "When did you stop living there?", *end)
    if reason:
        page.get_by_label(reason, exact=True).check()
    page.get_by_role("button", name="Add this place").click()


def answer_add_another(page, answer):
    page.get_by_role("group", name="Do you need to add another place?").get_by_label(
        answer, exact=True
    ).check()
    page.get_by_role("button", name="Continue").click()


def answer_no_clearance(page):
    page.get_by_role("group", name="Do you already hold vetting clearance?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_role("button", name="Continue").click()


def stretches_in_picture(page):
    return page.locator("svg.app-timeline__picture rect.app-timeline__stretch").evaluate_all(
        """rects => rects.map(rect => [
            rect.getAttribute('class').replace('app-timeline__stretch app-timeline__stretch--', ''),
            rect.dataset.start, rect.dataset.end, rect.dataset.label])"""
    )


def test_exempt_british_forces_history_meets_the_rule_from_an_advert_link(page, assert_accessible):
    rocu = Rocu.objects.get(slug="nersou")
    advert = PublishedVacancyFactory(rocu=rocu, title="Intelligence Researcher, Durham")
    year = clock.today().year

    # The advert page links here like this (vacancies issue).
    page.goto(f"/eligibility/?level=MV&vacancy={advert.reference}")
    expect(page.get_by_text("Nothing you enter in this check is stored")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()

    expect(page.get_by_label("Intelligence Researcher, Durham")).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    # A mistake first: 31 February, and letters for a month.
    expect(page.get_by_role("heading", level=1, name="Add a place you lived")).to_be_visible()
    page.get_by_label("Country").select_option(label="United Kingdom")
    fill_date(page, "When did you start living there?", 31, 2, year - 10)
    fill_date(page, "When did you stop living there?", 1, "Dec", year - 4)
    page.get_by_role("button", name="Add this place").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("The date you started living there must be a real date")
    expect(summary).to_contain_text("The date you stopped living there must be a real date")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    # The error summary link takes the candidate to the day box of the start date.
    summary.get_by_role(
        "link", name="The date you started living there must be a real date"
    ).click()
    expect(
        page.get_by_role("group", name="When did you start living there?").get_by_label("Day")
    ).to_be_focused()

    fill_date(page, "When did you start living there?", 1, 1, year - 10)
    fill_date(page, "When did you stop living there?", 31, 12, year - 4)
    page.get_by_role("button", name="Add this place").click()

    expect(page.get_by_role("heading", level=1, name="You have added 1 place")).to_be_visible()
    assert_accessible(page)
    answer_add_another(page, "Yes")
    add_place(
        page,
        "Germany",
        (1, 1, year - 3),
        (31, 12, year - 2),
        reason="Employed by the British Armed Forces",
    )
    answer_add_another(page, "Yes")
    add_place(page, "United Kingdom", (1, 1, year - 1))
    expect(page.get_by_role("heading", level=1, name="You have added 3 places")).to_be_visible()
    answer_add_another(page, "No")
    answer_no_clearance(page)

    today = clock.today()
    window_start = (
        today.replace(year=today.year - 5)
        if (today.month, today.day) != (2, 29)
        else (date(today.year - 5, 2, 28))
    )
    expect(
        page.get_by_role(
            "heading", level=1, name="You meet the residence rule for Management Vetting"
        )
    ).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text(
        f"every day from {govuk_date(window_start)} to {govuk_date(today)}"
    )
    expect(main).to_contain_text(f"1 January {year - 3} to 31 December {year - 2}")
    expect(main).to_contain_text("Germany (Employed by the British Armed Forces)")
    expect(main).to_contain_text("This counts as living in the UK")
    expect(
        page.get_by_role("button", name="Apply for Intelligence Researcher, Durham")
    ).to_have_attribute("href", f"/vacancies/{advert.reference}/")
    expect(page.get_by_role("link", name=rocu.contact_email)).to_be_visible()

    # The picture: UK, exempt, UK, with an accessible name and description.
    assert stretches_in_picture(page) == [
        ["uk", window_start.isoformat(), f"{year - 4}-12-31", "In the UK"],
        ["exempt", f"{year - 3}-01-01", f"{year - 2}-12-31", "Abroad, counts as UK"],
        ["uk", f"{year - 1}-01-01", today.isoformat(), "In the UK"],
    ]
    picture = page.get_by_role("img", name=re.compile("^Timeline of where you lived"))
    expect(picture).to_have_accessible_description(
        re.compile(rf"Abroad, counts as UK: 1 January {year - 3} to 31 December {year - 2}")
    )
    table = page.locator("#timeline-table")
    expect(table.get_by_role("row")).to_have_count(4)
    expect(table).to_contain_text("Abroad, counts as UK")
    expect(page.locator(".app-timeline__legend")).to_contain_text("Abroad, counts as UK")
    assert_accessible(page)


def test_a_year_studying_abroad_fails_and_says_which_dates_and_why(page, assert_accessible):
    year = clock.today().year

    page.goto("/eligibility/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Select the advert or vetting level you want to check"
    )
    assert_accessible(page)
    page.get_by_label("Management Vetting (MV)").check()
    page.get_by_role("button", name="Continue").click()

    add_place(page, "United Kingdom", (1, 1, year - 10), (31, 8, year - 3))
    answer_add_another(page, "Yes")
    page.get_by_label("Country").select_option(label="France")
    fill_date(page, "When did you start living there?", 1, 9, year - 3)
    fill_date(page, "When did you stop living there?", 30, 6, year - 2)
    page.get_by_role("button", name="Add this place").click()
    expect(page.get_by_role("alert")).to_contain_text("Select why you were living outside the UK")
    assert_accessible(page)
    page.get_by_label("Studying", exact=True).check()
    page.get_by_role("button", name="Add this place").click()

    # Nothing chosen on "add another": an error, then a place added by mistake and removed.
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Select yes if you need to add another place")
    assert_accessible(page)
    answer_add_another(page, "Yes")
    add_place(page, "Spain", (1, 7, year - 2), reason="Travelling")
    page.get_by_role("link", name=re.compile(r"^Remove Spain")).click()
    expect(
        page.get_by_role("heading", level=1, name="Are you sure you want to remove Spain?")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1, name="You have added 2 places")).to_be_visible()

    # Change the UK period's end date, via its Change link, to the same date (the page works).
    page.get_by_role("link", name=re.compile(r"^Change United Kingdom")).click()
    expect(page.get_by_role("heading", level=1, name="Change a place you lived")).to_be_visible()
    expect(
        page.get_by_role("group", name="When did you stop living there?").get_by_label("Year")
    ).to_have_value(str(year - 3))
    assert_accessible(page)
    page.get_by_role("button", name="Save changes").click()

    answer_add_another(page, "Yes")
    add_place(page, "United Kingdom", (1, 7, year - 2))
    answer_add_another(page, "No")
    answer_no_clearance(page)

    expect(
        page.get_by_role(
            "heading", level=1, name="You do not meet the residence rule for Management Vetting"
        )
    ).to_be_visible()
    problems = page.locator("#problem-dates")
    expect(problems).to_contain_text(f"1 September {year - 3} to 30 June {year - 2}")
    expect(problems).to_contain_text("Where you lived: France (Studying)")
    expect(problems).to_contain_text("does not count as living in the UK")
    expect(page.locator("#could-meet-from")).to_contain_text(f"1 July {year + 3}")
    expect(page.get_by_role("link", name="Join the recruitment mailing list")).to_have_attribute(
        "href", "/register-interest/"
    )

    abroad = [stretch for stretch in stretches_in_picture(page) if stretch[0] != "uk"]
    assert abroad == [
        ["abroad", f"{year - 3}-09-01", f"{year - 2}-06-30", "Abroad, does not count"]
    ]
    picture = page.get_by_role("img", name=re.compile("^Timeline of where you lived"))
    expect(picture).to_have_accessible_description(
        re.compile(rf"Abroad, does not count: 1 September {year - 3} to 30 June {year - 2}")
    )
    expect(page.locator("#timeline-table")).to_contain_text("Abroad, does not count")
    assert_accessible(page)

    # The answers were deleted: going back to the result starts again.
    page.goto("/eligibility/result/")
    expect(page).to_have_url(re.compile(r"/eligibility/$"))


def test_with_many_open_adverts_the_candidate_chooses_a_rocu_then_the_advert(
    page, console_errors, assert_accessible
):
    PublishedVacancyFactory.create_batch(4, rocu=Rocu.objects.get(slug="nersou"))
    emsou = PublishedVacancyFactory.create_batch(12, rocu=Rocu.objects.get(slug="emsou"))
    wanted = emsou[5]

    page.goto("/eligibility/job/")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Select the advert or vetting level")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("East Midlands Special Operations Unit").check()
    page.get_by_role("button", name="Continue").click()

    select = page.get_by_label("Which job or vetting level do you want to check?")
    expect(select).to_be_visible()
    assert_accessible(page)
    select.select_option(value=f"vacancy:{wanted.reference}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1, name="Add a place you lived")).to_be_visible()
    assert console_errors == []
