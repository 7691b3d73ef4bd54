"""The pipeline in the admin: scoped list with counts and filters, move pages, bulk moves."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Application, ApplicationEvent, ScoreSheet
from notifications.models import Notification
from tests.factories.accounts import rocu_hr
from tests.factories.applications import (
    clone_applications,
    move,
    open_vacancy,
    submitted_application,
)
from tests.support.staff import login_staff

pytestmark = pytest.mark.django_db

LIST = "/admin/applications/application/"


@pytest.fixture
def hr():
    return rocu_hr("nersou")


def _change(application):
    return f"{LIST}{application.pk}/change/"


def _move_url(application, stage):
    return f"{LIST}{application.pk}/move/{stage}/"


def test_the_list_counts_each_stage_filters_and_searches_by_reference(client, hr):
    vacancy = open_vacancy()
    at_sift = move(submitted_application("a@example.com", vacancy=vacancy), "sift", hr)
    submitted_application("b@example.com", vacancy=vacancy, disability_confident="yes")
    submitted_application("c@example.com", vacancy=vacancy)
    login_staff(client, hr)
    body = client.get(LIST).content.decode()
    assert "Submitted: <strong>2</strong>" in body and "Sift: <strong>1</strong>" in body
    assert "Time in stage" in body
    filtered = client.get(LIST, {"stage": "sift"}).content.decode()
    assert at_sift.reference in filtered and "Submitted: <strong>" not in filtered
    dc = client.get(LIST, {"disability_confident": "yes"}).content.decode()
    assert "Submitted: <strong>1</strong>" in dc
    assert at_sift.reference in client.get(LIST, {"q": at_sift.reference}).content.decode()
    assert client.get(LIST, {"vacancy__id__exact": vacancy.pk}).status_code == 200


def test_the_change_page_offers_only_the_moves_allowed_now_and_a_move_page_works(client, hr):
    application = submitted_application()
    login_staff(client, hr)
    page = client.get(_change(application)).content.decode()
    assert "Start sift" in page and "Make a conditional offer" not in page
    assert client.get(_move_url(application, "sift")).status_code == 200
    response = client.post(_move_url(application, "sift"), {"expected_stage": "submitted"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == "sift"
    assert Notification.objects.filter(kind="application_sift_started").count() == 1


def test_a_move_form_explains_every_problem_and_never_500s(client, hr):
    application = move(submitted_application(disability_confident="yes"), "sift", hr)
    login_staff(client, hr)
    url = _move_url(application, "unsuccessful")
    page = client.post(url, {"expected_stage": "sift"})
    assert page.status_code == 200
    assert "Choose at least one reason to tell the candidate" in page.content.decode()
    page = client.post(url, {"expected_stage": "sift", "reasons": ["essential_criteria"]})
    assert "Disability Confident" in page.content.decode()
    assert "There is a problem" in page.content.decode()
    # A move the table does not have: back to the change page with a message.
    response = client.get(_move_url(application, "offer_confirmed"), follow=True)
    assert "cannot make that move now" in response.content.decode()
    assert client.get(_move_url(application, "nonsense"), follow=True).status_code == 200
    # Someone else moved it since the page was drawn.
    move(application, "assessment_invited", hr)
    response = client.post(
        url, {"expected_stage": "sift", "reasons": ["posts_filled"]}, follow=True
    )
    assert "moved this application to Invited to assessment" in response.content.decode()


def test_another_rocus_application_and_its_move_pages_are_404(client):
    application = submitted_application()
    login_staff(client, rocu_hr("semrocu"))
    assert client.get(_change(application)).status_code == 404
    assert client.get(_move_url(application, "sift")).status_code == 404
    assert (
        client.post(_move_url(application, "sift"), {"expected_stage": "submitted"}).status_code
        == 404
    )
    application.refresh_from_db()
    assert application.stage == "submitted"


def test_a_bulk_move_goes_through_a_confirmation_page_one_event_and_email_each(client, hr):
    vacancy = open_vacancy()
    applications = [
        move(submitted_application(f"c{n}@example.com", vacancy=vacancy), "sift", hr)
        for n in range(3)
    ]
    ids = [str(a.pk) for a in applications]
    login_staff(client, hr)
    base = {"action": "move_selected", ACTION_CHECKBOX_NAME: ids}
    choose = client.post(LIST, base)
    assert choose.status_code == 200 and "Move to" in choose.content.decode()
    missing = client.post(LIST, {**base, "to_stage": ""})
    assert "Choose where to move the applications" in missing.content.decode()
    confirm = client.post(LIST, {**base, "to_stage": "unsuccessful"})
    body = confirm.content.decode()
    assert "<strong>3</strong> will move to" in body
    no_reasons = client.post(
        LIST, {**base, "to_stage": "unsuccessful", "confirm": "yes", "expected_stage": "sift"}
    )
    assert "Choose at least one reason" in no_reasons.content.decode()
    done = client.post(
        LIST,
        {
            **base,
            "to_stage": "unsuccessful",
            "confirm": "yes",
            "bulk": "b1",
            "expected_stage": "sift",
            "reasons": ["posts_filled"],
        },
        follow=True,
    )
    assert "3 moved to Unsuccessful" in done.content.decode()
    assert Notification.objects.filter(kind="application_unsuccessful").count() == 3
    assert ApplicationEvent.objects.filter(extra__bulk="b1").count() == 3


def test_mixed_stages_cannot_be_bulk_moved_together(client, hr):
    vacancy = open_vacancy()
    one = move(submitted_application("x@example.com", vacancy=vacancy), "sift", hr)
    two = submitted_application("y@example.com", vacancy=vacancy)
    login_staff(client, hr)
    response = client.post(
        LIST, {"action": "move_selected", ACTION_CHECKBOX_NAME: [one.pk, two.pk]}, follow=True
    )
    assert "Select applications at one stage" in response.content.decode()


LIST_VIEWS = {
    "list": "",
    "stage filter": "?stage__exact=submitted",
    "advert filter": "?vacancy__id__exact={vacancy}",
    "overdue filter": "?overdue=yes",
    "search": "?q={reference}",
    "page 2": "?p=2",
}


@pytest.mark.parametrize("view", [*LIST_VIEWS, "change"])
def test_list_and_change_page_queries_do_not_grow_with_applications(
    client, hr, django_assert_max_num_queries, view
):
    application = submitted_application()
    if view == "change":
        url = _change(application)
    else:
        url = LIST + LIST_VIEWS[view].format(
            vacancy=application.vacancy_id, reference=application.reference
        )
    login_staff(client, hr)
    clone_applications(application, 60, "s")  # two pages of 50
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    clone_applications(application, 10_000, "l")
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200
    assert len(small) <= 25


def test_the_list_pages_through_its_counts_per_stage_and_links_each_row(client, hr):
    application = submitted_application()
    clone_applications(application, 54, "p")
    clone_applications(application, 5, "q", stage="sift", sift_at=timezone.now())
    login_staff(client, hr)
    body = client.get(LIST).content.decode()
    # One GROUP BY gives the figures above the list and the total the pages come from.
    assert "Submitted: <strong>55</strong>" in body and "Sift: <strong>5</strong>" in body
    assert "60 applications" in body and "?p=2" in body
    page_two = client.get(LIST, {"p": "2"}).content.decode()
    assert page_two.count('class="action-select"') == 10
    sift = client.get(LIST, {"stage__exact": "sift"}).content.decode()
    assert "5 applications" in sift and "?p=2" not in sift
    # Each row links to its change page and has Django's own checkbox.
    newest = Application.objects.order_by("-submitted_at", "-id").first()
    assert f'href="{_change(newest)}"' in body
    assert (
        f'<input type="checkbox" name="{ACTION_CHECKBOX_NAME}" value="{newest.pk}" '
        f'class="action-select" aria-label="Select this object for an action - '
        f'{newest.reference}">'
    ) in body
    # A nonsense advert id lists nothing rather than failing.
    assert "0 applications" in client.get(LIST, {"vacancy__id__exact": "x"}).content.decode()


def _bulk_preview(client, applications, to_stage):
    return client.post(
        LIST,
        {
            "action": "move_selected",
            ACTION_CHECKBOX_NAME: [a.pk for a in applications],
            "to_stage": to_stage,
        },
    )


def test_the_bulk_move_preview_runs_the_same_queries_for_5_or_300_applications(
    client, hr, django_assert_max_num_queries
):
    # A conditional offer needs two panel members' scores: the preview checks that
    # guard for every selected application, from one count of the score sheets.
    template = submitted_application()
    preferred = {"stage": "preferred", "preferred_at": timezone.now()}
    few = clone_applications(template, 5, "f", **preferred)
    many = clone_applications(template, 300, "m", **preferred)
    scored = many[150]
    for panel_member in (rocu_hr("nersou"), rocu_hr("nersou")):
        ScoreSheet.objects.create(
            application=scored,
            round="interview",
            assessor=panel_member,
            scores={"collaborate": 4},
            submitted_at=timezone.now(),
        )
    login_staff(client, hr)
    with CaptureQueriesContext(connection) as small:
        response = _bulk_preview(client, few, "conditional_offer")
    assert "<strong>5</strong> will not move" in response.content.decode()
    with django_assert_max_num_queries(len(small)):
        response = _bulk_preview(client, many, "conditional_offer")
    body = response.content.decode()
    assert "<strong>1</strong> will move to" in body
    assert "<strong>299</strong> will not move" in body
    assert "interview scores from at least 2 panel members (there are 0)" in body
    assert scored.reference not in body  # the one that may move is not listed as blocked


def test_a_sifter_reads_blind_until_the_sift_decision_and_makes_only_sift_moves(client, hr):
    from tests.factories.accounts import sifter

    application = move(submitted_application(), "sift", hr)
    referee_name = application.referees.first().name
    reader = sifter("nersou")
    login_staff(client, reader)
    listing = client.get(LIST).content.decode()
    assert "Hidden until the sift decision" in listing and "Sam Example" not in listing
    page = client.get(_change(application)).content.decode()
    assert "Sam Example" not in page and referee_name not in page
    assert "Personal details" not in page
    assert "I spotted a pattern in supplier payments" in page  # the answers are there
    assert "Invite to assessment" in page and "Put on hold" not in page
    assert client.get(_move_url(application, "on_hold")).status_code == 403
    response = client.post(_move_url(application, "assessment_invited"), {"expected_stage": "sift"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == "assessment_invited"
    page = client.get(_change(application)).content.decode()
    assert "Personal details" in page
    assert "Sam Example" in page and referee_name in page


def test_assessors_score_independently_then_see_each_other_and_moderate(client, hr):
    from decimal import Decimal

    from tests.factories.accounts import rocu_lead

    application = submitted_application(vacancy=open_vacancy(questions=2))
    for stage in ("sift", "assessment_invited", "assessment_booked"):
        application = move(application, stage, hr)
    codes = list(application.vacancy.questions.values_list("competency", flat=True))
    url = f"{LIST}{application.pk}/score/assessment/"
    lead = rocu_lead("nersou", first_name="Lee", last_name="Adams")
    login_staff(client, lead)
    assert "Score the assessment" in client.get(_change(application)).content.decode()
    page = client.get(url).content.decode()
    assert "3: Acceptable evidence" in page
    bad = client.post(url, {"scores": "1", codes[0]: "6"})
    assert bad.status_code == 200
    body = bad.content.decode()
    assert "must be from 1 to 5" in body and "Choose a score for" in body
    assert client.post(url, {"scores": "1", codes[0]: "4", codes[1]: "3"}).status_code == 302

    login_staff(client, hr)
    page = client.get(url).content.decode()
    assert "Lee Adams" not in page and "Submit my scores" in page  # not until hr submits
    client.post(url, {"scores": "1", codes[0]: "2", codes[1]: "3"})
    page = client.get(url).content.decode()
    assert "Lee Adams" in page and 'value="3.00"' in page  # mean of 3.5 and 2.5
    assert client.post(url, {"moderate": "1", "score": "9"}).status_code == 200
    client.post(url, {"moderate": "1", "score": "3.25", "reason": "Agreed at wash-up"})
    application.refresh_from_db()
    assert application.assessment_score == Decimal("3.25")


def test_applications_past_their_rocus_stage_target_are_flagged_and_filtered(client, hr):
    from accounts.models import Rocu
    from applications import services

    vacancy = open_vacancy()
    late = submitted_application("late@example.com", vacancy=vacancy)
    services.application_move(
        application=late,
        by=hr,
        request=services.MoveRequest("sift"),
        at=timezone.now() - datetime.timedelta(days=8),
    )
    on_time = move(submitted_application("ok@example.com", vacancy=vacancy), "sift", hr)
    login_staff(client, hr)
    assert late.reference not in client.get(LIST, {"overdue": "yes"}).content.decode()
    Rocu.objects.filter(slug="nersou").update(stage_target_days={"sift": 7})
    overdue = client.get(LIST, {"overdue": "yes"}).content.decode()
    assert late.reference in overdue and on_time.reference not in overdue
    assert '<td class="field-overdue">Overdue</td>' in overdue  # a word, not an icon
    assert "8 days" in overdue  # time in stage, in whole days as the targets are
    assert on_time.reference in client.get(LIST, {"overdue": "no"}).content.decode()


def test_staff_add_notes_shown_on_the_change_page_but_a_blind_sifter_cannot(client, hr):
    from tests.factories.accounts import sifter

    application = submitted_application()
    login_staff(client, hr)
    url = f"{LIST}{application.pk}/note/"
    assert "Enter the note" in client.post(url, {"text": ""}).content.decode()
    assert client.post(url, {"text": "Phoned about <b>dates</b>"}).status_code == 302
    page = client.get(_change(application)).content.decode()
    assert "Phoned about &lt;b&gt;dates&lt;/b&gt;" in page
    login_staff(client, sifter("nersou"))
    assert client.get(url).status_code == 403
    assert "Phoned about" not in client.get(_change(application)).content.decode()
