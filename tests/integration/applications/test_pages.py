"""The candidate's pages: start, each section's validation, Check your answers,
submit, Your applications and withdraw, through the test client."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from applications import services
from applications.models import Application, EqualityMonitoring
from applications.sections import Section
from notifications.models import Notification
from tests.factories.applications import (
    complete_application,
    make_candidate,
    open_vacancy,
    sign_in,
)
from tests.factories.vacancies import ClosedVacancyFactory
from tests.support.self_check_cookie import give_answers
from vetting import self_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(client):
    candidate = make_candidate()
    sign_in(client, candidate)
    return candidate


def _draft(candidate, vacancy=None):
    return services.application_start(
        candidate=candidate, vacancy=vacancy or open_vacancy(), at=timezone.now()
    )


def _url(application, suffix=""):
    return f"/your-applications/{application.pk}/{suffix}"


# --- Start -----------------------------------------------------------------------------


def test_apply_asks_a_signed_out_candidate_to_sign_in_first(client):
    vacancy = open_vacancy()
    body = client.get(f"/vacancies/{vacancy.reference}/apply/").content.decode()
    assert "Sign in to apply" in body
    assert f"/sign-in/?next=%2Fvacancies%2F{vacancy.reference}%2Fapply%2F" in body


def test_starting_twice_opens_the_same_draft(client, candidate):
    vacancy = open_vacancy()
    first = client.post(f"/vacancies/{vacancy.reference}/apply/")
    second = client.post(f"/vacancies/{vacancy.reference}/apply/")
    application = Application.objects.get()
    assert first["Location"] == second["Location"] == _url(application)
    # And the start page itself now goes straight to the draft.
    assert client.get(f"/vacancies/{vacancy.reference}/apply/")["Location"] == _url(application)


def test_a_closed_advert_cannot_be_started_and_says_so(client, candidate):
    vacancy = ClosedVacancyFactory()
    response = client.post(f"/vacancies/{vacancy.reference}/apply/")
    assert response.status_code == 410
    assert "Applications can no longer be sent" in response.content.decode()
    assert not Application.objects.exists()


def test_the_task_list_shows_every_section_and_its_status(client, candidate):
    application = _draft(candidate)
    services.application_section_save(
        application=application, section=Section.PERSONAL, full_name="Sam Example"
    )
    body = client.get(_url(application)).content.decode()
    for title in (
        "Personal details",
        "Where you have lived",
        "Employment and education",
        "Referees",
        "About the role",
        "Adjustments",
        "Equality monitoring",
        "Declaration",
    ):
        assert title in body
    assert body.count("Not yet started") == 7
    assert body.count("Incomplete") == 1


# --- Another candidate's application ------------------------------------------------------

SECTION_PATHS = [
    "",
    "personal-details/",
    "where-you-have-lived/",
    "where-you-have-lived/add/",
    "employment-and-education/",
    "employment-and-education/add/",
    "referees/",
    "referees/add/",
    "about-the-role/",
    "adjustments/",
    "equality-monitoring/",
    "declaration/",
    "check-your-answers/",
    "submitted/",
    "withdraw/",
    "withdrawn/",
]


@pytest.mark.parametrize("suffix", SECTION_PATHS)
def test_another_candidates_application_is_a_404_for_get_and_post(client, candidate, suffix):
    theirs = _draft(make_candidate("other@example.com"))
    assert client.get(_url(theirs, suffix)).status_code == 404
    assert client.post(_url(theirs, suffix), {"full_name": "Mallory"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.full_name == ""


def test_another_candidates_submit_and_rows_are_404s(client, candidate):
    theirs = complete_application(make_candidate("other@example.com"), open_vacancy())
    period = theirs.residence_periods.first()
    assert client.post(_url(theirs, "submit/")).status_code == 404
    assert (
        client.post(
            _url(theirs, f"where-you-have-lived/{period.pk}/remove/"), {"remove": "yes"}
        ).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.stage == "draft" and theirs.residence_periods.count() == 1


def test_a_row_of_another_application_is_a_404_inside_my_own(client, candidate):
    mine = _draft(candidate)
    theirs = complete_application(make_candidate("other@example.com"), open_vacancy())
    period = theirs.residence_periods.first()
    assert client.get(_url(mine, f"where-you-have-lived/{period.pk}/change/")).status_code == 404


# --- 1. Personal details -----------------------------------------------------------------

GOOD_PERSONAL = {
    "full_name": "Sam Example",
    "preferred_name": "",
    "phone": "07700 900982",
    "address_location": "uk",
    "address_line_1": "1 High Street",
    "address_town": "Newcastle",
    "address_postcode": "ne1 4aa",
    "right_to_work": "yes",
}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"full_name": ""}, "Enter your full name"),
        ({"full_name": "x" * 201}, "Full name must be 200 characters or fewer"),
        ({"phone": "call me"}, "Enter a phone number, like 01632 960 001"),
        ({"address_location": ""}, "Select where you live now"),
        ({"address_postcode": "ZZ 123"}, "Enter a full UK postcode"),
        ({"address_location": "abroad"}, "Enter your address outside the UK"),
        ({"right_to_work": "visa"}, "Enter the date your visa ends"),
        (
            {
                "right_to_work": "visa",
                "visa_ends_on_0": "31",
                "visa_ends_on_1": "2",
                "visa_ends_on_2": "2030",
            },
            "The date your visa ends must be a real date",
        ),
        (
            {
                "right_to_work": "visa",
                "visa_ends_on_0": "1",
                "visa_ends_on_1": "1",
                "visa_ends_on_2": "2020",
            },
            "The date your visa ends must be in the future",
        ),
        ({"right_to_work": "maybe"}, "Select whether you have the right to work in the UK"),
    ],
)
def test_personal_details_errors_are_explained_and_nothing_is_lost(
    client, candidate, changes, message
):
    application = _draft(candidate)
    response = client.post(_url(application, "personal-details/"), {**GOOD_PERSONAL, **changes})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body and message in body
    assert body.startswith("<!DOCTYPE html>") and "<title>Error:" in body
    # What was typed is still on the page.
    assert 'value="1 High Street"' in body or changes.get("address_line_1") is not None


def test_personal_details_saved_with_a_normalised_postcode(client, candidate):
    application = _draft(candidate)
    response = client.post(_url(application, "personal-details/"), GOOD_PERSONAL)
    assert response["Location"] == _url(application)
    application.refresh_from_db()
    assert application.address_postcode == "NE1 4AA"


def test_no_right_to_work_ends_the_journey_with_an_explanation(client, candidate):
    application = _draft(candidate)
    response = client.post(
        _url(application, "personal-details/"), {**GOOD_PERSONAL, "right_to_work": "no"}
    )
    assert response.status_code == 200
    assert "You cannot apply for this job" in response.content.decode()
    assert "Incomplete" in client.get(_url(application)).content.decode()


def test_control_characters_are_removed_and_script_is_escaped(client, candidate):
    application = _draft(candidate)
    client.post(
        _url(application, "personal-details/"),
        {**GOOD_PERSONAL, "full_name": "Sam\x00\x07 <script>alert(1)</script>"},
    )
    application.refresh_from_db()
    assert application.full_name == "Sam <script>alert(1)</script>"
    body = client.get(_url(application, "personal-details/")).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


# --- 2. Where you have lived --------------------------------------------------------------


def _period(client, application, *, country, start, end=None, reason=""):
    data = {
        "country": country,
        "start_0": str(start.day),
        "start_1": str(start.month),
        "start_2": str(start.year),
        "end_0": str(end.day) if end else "",
        "end_1": str(end.month) if end else "",
        "end_2": str(end.year) if end else "",
        "reason": reason,
    }
    return client.post(_url(application, "where-you-have-lived/add/"), data)


def test_a_year_of_study_abroad_is_explained_before_submitting(client, candidate):
    application = _draft(candidate)
    today = timezone.localdate()
    _period(client, application, country="GB", start=today.replace(year=today.year - 1))
    _period(
        client,
        application,
        country="FR",
        start=today.replace(year=today.year - 2),
        end=today.replace(year=today.year - 1) - datetime.timedelta(days=1),
        reason="study",
    )
    _period(
        client,
        application,
        country="GB",
        start=today.replace(year=today.year - 10),
        end=today.replace(year=today.year - 2) - datetime.timedelta(days=1),
    )
    body = client.get(_url(application, "where-you-have-lived/")).content.decode()
    assert "you do not meet the residence rule for Management Vetting" in body
    assert "France" in body
    # Confirming without a statement is an error; with one, the section is complete.
    response = client.post(_url(application, "where-you-have-lived/"), {"all_added": "yes"})
    assert "Explain why an exemption applies" in response.content.decode()
    response = client.post(
        _url(application, "where-you-have-lived/"),
        {"all_added": "yes", "exemption_statement": "My course was run by a UK university."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.residence_all_added


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start_0": "31", "start_1": "2", "start_2": "2020"}, "must be a real date"),
        (
            {
                "start_0": "1",
                "start_1": "1",
                "start_2": "2020",
                "end_0": "1",
                "end_1": "1",
                "end_2": "2019",
            },
            "must be the same as or after",
        ),
        ({"start_0": "1", "start_1": "13", "start_2": "2020"}, "must be a real date"),
        ({"start_0": "1" * 20, "start_1": "1", "start_2": "2020"}, "must be a real date"),
    ],
)
def test_impossible_dates_are_explained(client, candidate, data, message):
    application = _draft(candidate)
    response = client.post(
        _url(application, "where-you-have-lived/add/"), {"country": "GB", **data}
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_overlapping_countries_are_refused(client, candidate):
    application = _draft(candidate)
    today = timezone.localdate()
    _period(client, application, country="GB", start=today.replace(year=today.year - 6))
    response = _period(
        client,
        application,
        country="DE",
        start=today.replace(year=today.year - 2),
        end=today.replace(year=today.year - 1),
        reason="work",
    )
    assert "These dates overlap with United Kingdom" in response.content.decode()
    assert application.residence_periods.count() == 1


def test_the_self_check_answers_fill_in_the_places(client, candidate):
    application = _draft(candidate)
    give_answers(
        client,
        self_check.Answers(
            level_codes=["MV"],
            periods=[self_check.Period(country="GB", start=datetime.date(2010, 1, 1), end=None)],
        ),
    )
    client.get(_url(application, "where-you-have-lived/"))
    assert list(application.residence_periods.values_list("country", "start")) == [
        ("GB", datetime.date(2010, 1, 1))
    ]


# --- 3. Employment ------------------------------------------------------------------------------


def test_a_gap_over_3_months_must_be_explained(client, candidate):
    application = _draft(candidate)
    today = timezone.localdate()
    services.application_row_save(
        application=application,
        section=Section.EMPLOYMENT,
        kind="job",
        organisation="Acme",
        role="Analyst",
        start=today - datetime.timedelta(days=200),
    )
    services.application_row_save(
        application=application,
        section=Section.EMPLOYMENT,
        kind="education",
        organisation="Uni",
        role="BSc",
        start=today.replace(year=today.year - 5),
        end=today - datetime.timedelta(days=400),
    )
    body = client.get(_url(application, "employment-and-education/")).content.decode()
    assert "Gaps to explain" in body
    response = client.post(_url(application, "employment-and-education/"), {"all_added": "yes"})
    assert "Explain every gap of more than 3 months" in response.content.decode()
    add = client.post(
        _url(application, "employment-and-education/add/"),
        {
            "kind": "break",
            "start_0": str((today - datetime.timedelta(days=399)).day),
            "start_1": str((today - datetime.timedelta(days=399)).month),
            "start_2": str((today - datetime.timedelta(days=399)).year),
            "end_0": str((today - datetime.timedelta(days=201)).day),
            "end_1": str((today - datetime.timedelta(days=201)).month),
            "end_2": str((today - datetime.timedelta(days=201)).year),
            "description": "Looking for work",
        },
    )
    assert add.status_code == 302
    assert (
        client.post(
            _url(application, "employment-and-education/"), {"all_added": "yes"}
        ).status_code
        == 302
    )


def test_a_break_needs_its_reason(client, candidate):
    application = _draft(candidate)
    response = client.post(
        _url(application, "employment-and-education/add/"),
        {"kind": "break", "start_0": "1", "start_1": "1", "start_2": "2024"},
    )
    assert "Enter the reason for the break" in response.content.decode()


# --- 4. Referees ----------------------------------------------------------------------------------


def test_referees_need_two_one_from_the_latest_employer_and_consent(client, candidate):
    application = _draft(candidate)
    response = client.post(_url(application, "referees/"), {})
    body = response.content.decode()
    assert "Add 2 referees" in body and "Confirm you understand" in body
    for number, recent in ((1, "no"), (2, "no")):
        client.post(
            _url(application, "referees/add/"),
            {
                "name": f"Ref {number}",
                "email": f"r{number}@example.com",
                "organisation": "Acme",
                "relationship": "Manager",
                "is_most_recent_employer": recent,
            },
        )
    assert (
        "One of your referees must be from your most recent employer"
        in client.post(_url(application, "referees/"), {"consent": "on"}).content.decode()
    )
    # A third cannot be added.
    assert client.get(_url(application, "referees/add/")).status_code == 302


# --- 5. About the role --------------------------------------------------------------------------


def test_word_limit_is_enforced_on_the_server_to_the_word(client, candidate):
    vacancy = open_vacancy(questions=2, word_limit=50)
    application = _draft(candidate, vacancy)
    first, second = vacancy.questions.all()
    at_limit = " ".join(["word"] * 50)
    over = " ".join(["word"] * 51)
    response = client.post(
        _url(application, "about-the-role/"),
        {f"answer_{first.pk}": at_limit, f"answer_{second.pk}": over},
    )
    body = response.content.decode()
    assert "Your answer must be 50 words or fewer: it is 1 too many" in body
    assert 'data-maxwords="50"' in body and "govuk-character-count" in body
    assert at_limit in body and over in body  # nothing lost
    assert not application.answers.exists()
    response = client.post(
        _url(application, "about-the-role/"),
        {f"answer_{first.pk}": at_limit, f"answer_{second.pk}": at_limit},
    )
    assert response.status_code == 302


def test_a_10000_character_answer_is_explained_not_a_500(client, candidate):
    vacancy = open_vacancy(questions=2, word_limit=1000)
    application = _draft(candidate, vacancy)
    first, second = vacancy.questions.all()
    response = client.post(
        _url(application, "about-the-role/"),
        {f"answer_{first.pk}": "x" * 10001, f"answer_{second.pk}": "y" * 10000},
    )
    assert response.status_code == 200
    assert "must be 10,000 characters or fewer" in response.content.decode()


# --- 6-8 ------------------------------------------------------------------------------------------


def test_adjustments_need_details_when_yes(client, candidate):
    application = _draft(candidate)
    response = client.post(
        _url(application, "adjustments/"),
        {"adjustments_needed": "yes", "disability_confident": "no"},
    )
    assert "Enter the adjustments you need" in response.content.decode()


def test_equality_answers_are_stored_apart_and_never_shown_back(client, candidate):
    application = _draft(candidate)
    response = client.post(
        _url(application, "equality-monitoring/"),
        {
            "age_group": "25-34",
            "sex": "female",
            "ethnicity": "white_roma",
            "disability": "prefer_not_to_say",
            "sexual_orientation": "bisexual",
            "religion": "sikh",
        },
    )
    assert response.status_code == 302
    assert EqualityMonitoring.objects.get(application=application).ethnicity == "white_roma"
    page = client.get(_url(application, "equality-monitoring/")).content.decode()
    assert 'value="white_roma" checked' not in page


def test_equality_can_be_skipped_as_prefer_not_to_say(client, candidate):
    application = _draft(candidate)
    client.post(_url(application, "equality-monitoring/"), {"skip": "yes"})
    assert EqualityMonitoring.objects.get(application=application).sex == "prefer_not_to_say"


def test_the_declaration_needs_both_boxes(client, candidate):
    application = _draft(candidate)
    body = client.post(
        _url(application, "declaration/"), {"declaration_true": "on"}
    ).content.decode()
    assert "Confirm you agree to vetting checks" in body


# --- Check your answers, submit, your applications, withdraw ------------------------------------


def test_check_answers_change_link_returns_to_the_summary(client, candidate):
    application = complete_application(candidate, open_vacancy())
    body = client.get(_url(application, "check-your-answers/")).content.decode()
    change = _url(application, "personal-details/") + "?return=check"
    assert f'href="{change}"' in body
    response = client.post(
        change, {**GOOD_PERSONAL, "full_name": "Samantha Example", "return": "check"}
    )
    assert response["Location"] == _url(application, "check-your-answers/")
    assert (
        "Samantha Example" in client.get(_url(application, "check-your-answers/")).content.decode()
    )


def test_submit_confirms_lists_and_a_second_post_says_already_sent(client, candidate):
    vacancy = open_vacancy()
    application = complete_application(candidate, vacancy)
    response = client.post(_url(application, "submit/"))
    assert response["Location"] == _url(application, "submitted/")
    application.refresh_from_db()
    confirmation = client.get(response["Location"]).content.decode()
    assert application.reference in confirmation and "What happens next" in confirmation
    again = client.post(_url(application, "submit/"))
    assert "?again=1" in again["Location"]
    assert (
        "You have already sent this application" in client.get(again["Location"]).content.decode()
    )
    assert Notification.objects.filter(kind="application_submitted").count() == 1
    listing = client.get("/your-applications/").content.decode()
    assert vacancy.title in listing and "Received" in listing and application.reference in listing
    # Submitted answers are read-only: the section pages go back to the application.
    assert client.get(_url(application, "personal-details/"))["Location"] == _url(application)
    assert client.post(_url(application, "personal-details/"), GOOD_PERSONAL)["Location"] == _url(
        application
    )


def test_submit_after_the_closing_second_is_refused_and_the_draft_kept(client, candidate):
    closing = timezone.now() + datetime.timedelta(hours=1)
    vacancy = open_vacancy(closing_at=closing)
    application = complete_application(candidate, vacancy)
    with time_machine.travel(closing, tick=False):
        response = client.post(_url(application, "submit/"))
    assert response.status_code == 410
    assert "Applications can no longer be sent" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == "draft" and application.full_name == "Sam Example"


def test_submitting_an_incomplete_application_lists_what_is_missing(client, candidate):
    application = complete_application(candidate, open_vacancy(), referees=1)
    response = client.post(_url(application, "submit/"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Complete every section before you send your application" in body
    assert "You need to complete these sections first" in body and "Referees" in body


def test_withdraw_with_a_reason_confirms_and_emails(client, candidate):
    application = complete_application(candidate, open_vacancy())
    services.application_submit(application=application, at=timezone.now())
    assert "Withdraw application" in client.get(_url(application)).content.decode()
    response = client.post(_url(application, "withdraw/"), {"reason": "Took another job"})
    assert response["Location"] == _url(application, "withdrawn/")
    assert "Application withdrawn" in client.get(response["Location"]).content.decode()
    application.refresh_from_db()
    assert application.stage == "withdrawn" and application.withdrawal_reason == "Took another job"
    email = Notification.objects.get(kind="application_withdrawn")
    assert "Took another job" not in str(email.context)
    assert "Withdrawn" in client.get("/your-applications/").content.decode()
