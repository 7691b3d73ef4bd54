"""The selection funnel: the numbers, ROCU scope, and constant queries at 10 and 10,000."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Rocu
from reports.selectors import funnel_for, report_applications
from tests.factories.accounts import rocu_lead, sifter
from tests.factories.applications import move, open_vacancy, submitted_application
from tests.support.report_data import (
    SYNTHETIC_PATH,
    expected_depth,
    insert_synthetic_applications,
)
from tests.support.staff import login_staff

pytestmark = pytest.mark.django_db

FUNNEL = "/admin/reports/funnel/"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _moved_along(hr, email, stages, *, vacancy, days_apart=2):
    """An application sent at START, then moved through ``stages`` every ``days_apart`` days."""
    with time_machine.travel(START, tick=False):
        application = submitted_application(email, vacancy=vacancy)
    for index, stage in enumerate(stages, start=1):
        with time_machine.travel(START + datetime.timedelta(days=index * days_apart), tick=False):
            application = move(
                application, stage, hr, **({"reason": "Test"} if stage == "on_hold" else {})
            )
    return application


def test_counts_conversion_and_median_days_come_from_the_moves(hr):
    vacancy = open_vacancy()
    _moved_along(hr, "a@example.com", ["sift", "assessment_invited"], vacancy=vacancy)
    _moved_along(hr, "b@example.com", ["sift"], vacancy=vacancy, days_apart=6)
    _moved_along(hr, "c@example.com", [], vacancy=vacancy)
    funnel = funnel_for(report_applications(hr))
    rows = {row.stage: row for row in funnel.stages}
    assert funnel.submitted == 3
    assert (rows["sift"].reached, rows["sift"].now_at) == (2, 1)
    assert rows["sift"].conversion_percent == pytest.approx(66.7)
    assert rows["assessment_invited"].conversion_percent == 50.0
    # Stays in submitted that ended: 2 days (a) and 6 days (b): median 4.
    assert rows["submitted"].median_days_in_stage == 4.0
    # a's stay in sift (2 days) ended; b's is still going on, so is not counted.
    assert rows["sift"].median_days_in_stage == 2.0
    assert funnel.median_days_to_offer is None


def test_days_to_offer_is_the_median_from_sent_to_conditional_offer(national):
    vacancy = open_vacancy()
    with time_machine.travel(START, tick=False):
        application = submitted_application("offer@example.com", vacancy=vacancy)
    # Straight to the offer in rows (the offer's guards need scores; not this test's subject).
    application.conditional_offer_at = START + datetime.timedelta(days=30, hours=12)
    application.save(update_fields=["conditional_offer_at"])
    funnel = funnel_for(report_applications(national))
    assert funnel.median_days_to_offer == 30.5
    assert funnel.offers == 1


def test_staff_see_their_own_rocus_and_another_rocu_is_a_404(client, hr, national):
    ours = submitted_application("ours@example.com", vacancy=open_vacancy())
    theirs = submitted_application(
        "theirs@example.com", vacancy=open_vacancy(rocu=Rocu.objects.get(slug="emsou"))
    )
    login_staff(client, hr)
    page = client.get(FUNNEL).content.decode()
    assert ours.vacancy.reference in page and theirs.vacancy.reference not in page
    assert "Total for your ROCUs" in page and "National total" not in page
    assert client.get(FUNNEL, {"rocu": "emsou"}).status_code == 404
    assert client.get(FUNNEL, {"advert": theirs.vacancy.reference}).status_code == 404
    assert client.get(FUNNEL, {"advert": "no such thing"}).status_code == 404

    login_staff(client, national)
    page = client.get(FUNNEL).content.decode()
    assert "National total" in page
    assert ours.vacancy.reference in page and theirs.vacancy.reference in page
    one = client.get(FUNNEL, {"rocu": "emsou"}).context["funnel"]
    assert one.submitted == 1


def test_the_page_draws_accessible_charts_with_the_same_numbers_in_a_table(client, hr):
    vacancy = open_vacancy()
    for n in range(3):
        submitted_application(f"n{n}@example.com", vacancy=vacancy)
    login_staff(client, hr)
    page = client.get(FUNNEL, {"advert": vacancy.reference}).content.decode()
    assert page.count('role="img"') == 2
    assert (
        '<desc id="reached-chart-desc">Number of applications that reached each stage. '
        "Submitted: 3." in page
    )
    assert '<th scope="row">Submitted</th>\n<td class="numeric">3</td>' in page


def test_who_may_open_the_funnel(client):
    assert client.get(FUNNEL).status_code == 302  # to sign in
    login_staff(client, sifter("nersou"))
    assert client.get(FUNNEL).status_code == 403
    login_staff(client, rocu_lead("nersou"))
    assert client.get(FUNNEL).status_code == 200


def test_admin_index_links_to_the_reports(client, hr):
    login_staff(client, hr)
    assert "/admin/reports/" in client.get("/admin/").content.decode()
    login_staff(client, sifter("nersou"))
    assert "/admin/reports/" not in client.get("/admin/").content.decode()


def test_queries_are_constant_from_10_to_10000_applications(
    client, national, django_assert_max_num_queries
):
    vacancy = open_vacancy()
    template = submitted_application("template@example.com", vacancy=vacancy)
    login_staff(client, national)
    insert_synthetic_applications(template=template, count=10, prefix="SMALL")
    with CaptureQueriesContext(connection) as small:
        response = client.get(FUNNEL)
    assert response.status_code == 200
    # make bench times the page at 100,000 (BENCH_REPORT_APPLICATIONS); the count of
    # queries, and the figures being the database's, need no more than 10,000 here.
    insert_synthetic_applications(template=template, count=10_000, prefix="LARGE")
    with django_assert_max_num_queries(len(small)):
        response = client.get(FUNNEL)
    assert response.status_code == 200
    assert len(small) <= 20

    # The counts are the database's, not a sample: compare with the rows written.
    funnel = response.context["funnel"]
    rows = {row.stage: row for row in funnel.stages}
    depths = [expected_depth(n) for n in range(1, 10_001)] + [
        expected_depth(n) for n in range(1, 11)
    ]
    assert funnel.submitted == len(depths) + 1
    for index, stage in enumerate(SYNTHETIC_PATH[1:], start=1):
        assert rows[stage].reached == sum(depth >= index for depth in depths)
    # Every synthetic stay lasts 4 days; the one real application's stay in submitted is open.
    assert rows["sift"].median_days_in_stage == 4.0
    assert funnel.median_days_to_offer == 4.0 * SYNTHETIC_PATH.index("conditional_offer")
    assert response.context["total"].submitted == funnel.submitted
