"""The residence section applies both of the advert's levels and asks about clearance held.

An advert may need a force level and a national-security level (issue 15): the
residence section names both and asks for the stricter window; a candidate who
already holds clearance says so, and the submitted application is flagged for a
person to review, with the overall outcome the self-check would give.
"""

import datetime

import pytest
from django.utils import timezone

from tests.factories.accounts import rocu_hr
from tests.factories.applications import (
    complete_application,
    make_candidate,
    open_vacancy,
    sign_in,
)
from tests.support.staff import login_staff
from vetting import clock
from vetting.models import VettingLevel

pytestmark = pytest.mark.django_db


def _date(prefix, day):
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def _rv_and_sc_advert():
    return open_vacancy(
        vetting_level=VettingLevel.objects.get(code="RV"),
        national_security_level=VettingLevel.objects.get(code="SC"),
    )


def _base(application):
    return f"/your-applications/{application.pk}/"


def test_the_residence_pages_name_both_levels_and_ask_for_the_stricter_window(client):
    candidate = make_candidate()
    sign_in(client, candidate)
    vacancy = _rv_and_sc_advert()
    application = complete_application(candidate, vacancy)
    sc_years = VettingLevel.objects.get(code="SC").required_residence_years
    assert sc_years > VettingLevel.objects.get(code="RV").required_residence_years

    page = client.get(_base(application) + "where-you-have-lived/").content.decode()

    today = clock.today()
    window_start = today.replace(year=today.year - sc_years)
    assert "You need Recruitment Vetting and Security Check." in page
    assert f"every place you lived from {window_start:%-d %B %Y}" in page
    assert "you meet the residence rule for Recruitment Vetting and Security Check" in page
    form = client.get(_base(application) + "where-you-have-lived/add/").content.decode()
    assert "Recruitment Vetting and Security Check needs every place" in form


def test_confirming_the_places_asks_about_clearance_until_it_is_answered(client):
    candidate = make_candidate()
    sign_in(client, candidate)
    application = complete_application(candidate, _rv_and_sc_advert())
    application.holds_clearance = ""
    application.save(update_fields=["holds_clearance"])
    base = _base(application)
    task_list = client.get(base).content.decode()
    assert "Where you have lived" in task_list

    confirmed = client.post(base + "where-you-have-lived/", {"all_added": "yes"})
    assert confirmed["Location"] == base + "where-you-have-lived/clearance/"
    assert client.get(base + "check-your-answers/").status_code == 200

    empty = client.post(base + "where-you-have-lived/clearance/", {})
    assert empty.status_code == 200
    assert "There is a problem" in empty.content.decode()
    assert "Select yes if you already hold vetting clearance" in empty.content.decode()

    answered = client.post(base + "where-you-have-lived/clearance/", {"holds": "no"})
    assert answered["Location"] == base
    application.refresh_from_db()
    assert application.holds_clearance == "no"
    # Answered: confirming the places again goes straight back to the task list.
    again = client.post(base + "where-you-have-lived/", {"all_added": "yes"})
    assert again["Location"] == base


def test_the_residence_section_is_not_complete_until_clearance_is_answered(client):
    candidate = make_candidate()
    sign_in(client, candidate)
    application = complete_application(candidate, open_vacancy())
    application.holds_clearance = ""
    application.save(update_fields=["holds_clearance"])
    refused = client.post(_base(application) + "submit/")
    assert refused.status_code == 400
    assert "Where you have lived" in refused.content.decode()


def test_clearance_details_explain_every_mistake_in_the_error_summary(client):
    candidate = make_candidate()
    sign_in(client, candidate)
    application = complete_application(candidate, _rv_and_sc_advert())
    url = _base(application) + "where-you-have-lived/clearance/details/"
    tomorrow = clock.today() + datetime.timedelta(days=1)

    page = client.post(url, {"level": "ZZ", "granted_by": " ", **_date("granted_on", tomorrow)})

    body = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in body
    assert "Select the level of clearance you hold" in body
    assert "Enter the force or organisation that granted your clearance" in body
    assert "The date your clearance was granted must be today or in the past" in body
    application.refresh_from_db()
    assert application.held_clearance_level is None


def test_a_recent_clearance_is_stored_shown_and_flags_the_submitted_application(client):
    candidate = make_candidate()
    sign_in(client, candidate)
    application = complete_application(candidate, _rv_and_sc_advert())
    base = _base(application)
    granted_on = clock.today().replace(year=clock.today().year - 1)

    yes = client.post(base + "where-you-have-lived/clearance/?return=check", {"holds": "yes"})
    assert yes.status_code == 302
    saved = client.post(
        base + "where-you-have-lived/clearance/details/",
        {
            "level": "SC",
            "granted_by": "West Yorkshire Police",
            "return": "check",
            **_date("granted_on", granted_on),
        },
    )
    assert saved["Location"] == base + "check-your-answers/"
    check = client.get(base + "check-your-answers/").content.decode()
    assert "Vetting clearance you already hold" in check
    assert "Security Check (SC), granted by West Yorkshire Police on" in check

    assert client.post(base + "submit/")["Location"] == base + "submitted/"
    application.refresh_from_db()
    assert application.held_clearance_level.code == "SC"
    assert application.held_clearance_granted_on == granted_on
    assert application.flagged_for_review
    # SC covers SC only: RV is still assessed on residence (met), and the held SC is
    # for the vetting unit to accept, so a person reviews it.
    assert application.residence_outcome == "review"
    assert application.submitted_at <= timezone.now()


def test_saying_no_after_yes_forgets_the_clearance(client):
    candidate = make_candidate()
    sign_in(client, candidate)
    application = complete_application(candidate, _rv_and_sc_advert())
    base = _base(application)
    client.post(
        base + "where-you-have-lived/clearance/details/",
        {"level": "SC", "granted_by": "Kent Police", **_date("granted_on", clock.today())},
    )
    client.post(base + "where-you-have-lived/clearance/", {"holds": "no"})
    application.refresh_from_db()
    assert (application.holds_clearance, application.held_clearance_level) == ("no", None)
    assert application.held_clearance_granted_by == ""
    assert client.post(base + "submit/")["Location"] == base + "submitted/"
    application.refresh_from_db()
    assert not application.flagged_for_review
    assert application.residence_outcome == "eligible"


def test_another_candidates_clearance_pages_are_not_found(client):
    owner = make_candidate("owner@example.com")
    application = complete_application(owner, open_vacancy())
    sign_in(client, make_candidate("other@example.com"))
    base = _base(application)
    assert client.get(base + "where-you-have-lived/clearance/").status_code == 404
    assert client.post(base + "where-you-have-lived/clearance/details/", {}).status_code == 404


def test_hr_see_the_clearance_held_on_the_application(client):
    candidate = make_candidate()
    application = complete_application(candidate, _rv_and_sc_advert())
    sign_in(client, candidate)
    base = _base(application)
    client.post(
        base + "where-you-have-lived/clearance/details/",
        {"level": "SC", "granted_by": "Kent Police", **_date("granted_on", clock.today())},
    )
    client.post(base + "submit/")
    client.logout()
    login_staff(client, rocu_hr(application.vacancy.rocu.slug))
    page = client.get(f"/admin/applications/application/{application.pk}/change/")
    body = page.content.decode()
    assert "Clearance held: Security Check (SC), granted by Kent Police on" in body
    assert "flagged for review" in body
