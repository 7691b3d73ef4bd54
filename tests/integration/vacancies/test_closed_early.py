"""An advert closed before its closing date shows when it really closed, everywhere.

Seen on 30 November: "It closed at 11:59pm on 28 December 2026". Publish, close early
through the staff service, then look at every place the closing time is said.
"""

import datetime
import re
import xml.etree.ElementTree as ET  # our own responses, not untrusted XML
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories.vacancies import VacancyFactory, VacancyLocationFactory
from tests.integration.vacancies.public_fixtures import (  # noqa: F401 - fixtures
    fresh_public_cache,
    json_ld,
)
from tests.support.staff import login_staff
from vacancies import services
from vacancies.structured_data import job_posting

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
PUBLISHED = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=LONDON)
CLOSED_EARLY = datetime.datetime(2026, 11, 30, 15, 4, tzinfo=LONDON)
CLOSING = datetime.datetime(2026, 12, 28, 23, 59, tzinfo=LONDON)


@pytest.fixture
def closed_early(lead, rocu, django_capture_on_commit_callbacks):
    vacancy = VacancyFactory(rocu=rocu, title="Researcher, Durham", closing_at=CLOSING)
    VacancyLocationFactory(vacancy=vacancy)
    with (
        time_machine.travel(PUBLISHED, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.vacancy_publish(vacancy=vacancy, by=lead)
    with (
        time_machine.travel(CLOSED_EARLY, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.vacancy_close(vacancy=vacancy, by=lead, reason="Posts filled")
    vacancy.refresh_from_db()
    return vacancy


@time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=LONDON), tick=False)
def test_an_advert_closed_early_says_when_it_really_closed_everywhere(client, lead, closed_early):
    # The advert page: banner and facts say 3:04pm on 30 November, never the old date.
    body = client.get(f"/vacancies/{closed_early.reference}/").content.decode()
    assert "It closed at 3:04pm on 30 November 2026." in body
    assert "3:04pm on 30 November 2026" in re.search(r"Closed</dt>(.*?)</dd>", body, re.S)[1]
    assert "28 December 2026" not in body
    assert "How to apply" not in body
    assert json_ld(client.get(f"/vacancies/{closed_early.reference}/")) == []

    # The job board and the feed no longer offer it.
    assert "Researcher, Durham" not in client.get("/vacancies/").content.decode()
    feed = ET.fromstring(client.get("/vacancies/feed/").content)  # noqa: S314
    assert feed.findall("{http://www.w3.org/2005/Atom}entry") == []

    # JSON-LD, wherever it is built for this advert, gives the real end.
    valid_through = job_posting(closed_early)["validThrough"]
    assert datetime.datetime.fromisoformat(valid_through) == CLOSED_EARLY

    # The staff list says it closed, and when.
    login_staff(client, lead)
    changelist = client.get("/admin/vacancies/vacancy/").content.decode()
    assert "Closed 3:04pm on 30 November 2026" in changelist
    assert "28 December 2026" not in changelist


@time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=LONDON), tick=False)
def test_a_closed_adverts_admin_preview_has_no_how_to_apply(client, lead, closed_early):
    login_staff(client, lead)
    body = client.get(f"/admin/vacancies/vacancy/{closed_early.pk}/preview/").content.decode()
    assert "Preview — not published" in body
    assert "How to apply" not in body
    assert "3:04pm on 30 November 2026" in body


def test_a_drafts_preview_still_shows_how_to_apply(client, lead, rocu):
    draft = VacancyFactory(rocu=rocu)
    login_staff(client, lead)
    body = client.get(f"/admin/vacancies/vacancy/{draft.pk}/preview/").content.decode()
    assert "How to apply" in body
    assert "Closing date" in body
