"""The task list, each section and Check your answers read a fixed number of rows'
worth of queries, however many places, jobs, referees or questions there are."""

import pytest

from tests.factories.applications import complete_application, make_candidate, open_vacancy, sign_in

pytestmark = pytest.mark.django_db

PAGES = [
    "",
    "personal-details/",
    "where-you-have-lived/",
    "employment-and-education/",
    "referees/",
    "about-the-role/",
    "adjustments/",
    "equality-monitoring/",
    "declaration/",
    "check-your-answers/",
]


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("suffix", PAGES)
def test_queries_do_not_grow_with_the_rows(client, django_assert_max_num_queries, suffix):
    small_candidate = make_candidate("small@example.com")
    small = complete_application(small_candidate, open_vacancy(questions=2), referees=1)
    large_candidate = make_candidate("large@example.com")
    large = complete_application(
        large_candidate,
        open_vacancy(questions=4),
        referees=2,
        extra_periods=60,
        extra_entries=60,
    )

    sign_in(client, small_candidate)
    small_count = _count(client, f"/your-applications/{small.pk}/{suffix}")
    sign_in(client, large_candidate)
    with django_assert_max_num_queries(small_count):
        assert client.get(f"/your-applications/{large.pk}/{suffix}").status_code == 200
    assert small_count <= 12


def test_your_applications_does_not_grow_with_applications(client, django_assert_max_num_queries):
    candidate = make_candidate()
    sign_in(client, candidate)
    complete_application(candidate, open_vacancy())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/your-applications/")
    for _ in range(15):
        complete_application(candidate, open_vacancy())
    with django_assert_max_num_queries(len(one)):
        body = client.get("/your-applications/").content.decode()
    assert body.count('class="govuk-summary-card__title"') == 16
