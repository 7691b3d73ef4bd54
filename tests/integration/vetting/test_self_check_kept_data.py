"""The self-check's pages keep the vetting levels and open adverts per process until
the public pages' version moves (vetting/selectors.py), and are served from frames
(core/rendered_once.py): a change still shows, and no visitor sees another's answers."""

import datetime
import re
import time

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from core.forms import GovukFormMixin
from tests.factories.vacancies import PublishedVacancyFactory
from tests.support.redis_commands import redis_commands
from vacancies.cache import public_pages_changed
from vacancies.models import Vacancy, VacancyStatus
from vetting.models import VettingLevel

pytestmark = pytest.mark.django_db

# The pages after the choice, for a visitor with one place.
QUESTION_PAGES = [
    "/eligibility/places/add/",
    "/eligibility/places/",
    "/eligibility/places/0/change/",
    "/eligibility/places/0/remove/",
    "/eligibility/clearance/",
    "/eligibility/clearance/details/",
]


def _add_place(client, country, start_year, reason=""):
    return client.post(
        "/eligibility/places/add/",
        {
            "country": country,
            "start_0": "1",
            "start_1": "1",
            "start_2": str(start_year),
            "end_0": "",
            "end_1": "",
            "end_2": "",
            "reason": reason,
        },
    )


def test_two_sessions_never_see_each_others_answers():
    first, second = Client(), Client()
    first.post("/eligibility/job/", {"choice": "level:MV"})
    second.post("/eligibility/job/", {"choice": "level:DV"})
    _add_place(first, "FR", 2012, reason="study")
    _add_place(second, "JP", 2009, reason="work")

    for path in ("/eligibility/places/", "/eligibility/places/0/remove/"):
        mine = first.get(path).content.decode()
        theirs = second.get(path).content.decode()
        assert "France" in mine and "Japan" not in mine
        assert "Japan" in theirs and "France" not in theirs

    change = first.get("/eligibility/places/0/change/").content.decode()
    assert '<option value="FR" selected>' in change
    assert 'value="2012"' in change and 'value="study" checked' in change
    other_change = second.get("/eligibility/places/0/change/").content.decode()
    assert '<option value="JP" selected>' in other_change
    assert 'value="2009"' in other_change and 'value="work" checked' in other_change


def test_a_renamed_level_shows_once_the_version_moves():
    client = Client()
    client.post("/eligibility/job/", {"choice": "level:MV"})
    assert "Management Vetting" in client.get("/eligibility/places/add/").content.decode()

    # As another process would see it: no save signal here, only the version.
    VettingLevel.objects.filter(code="MV").update(name="Managed Vetting")
    public_pages_changed()

    assert "Managed Vetting" in client.get("/eligibility/places/add/").content.decode()


def test_a_level_saved_in_this_process_shows_at_once():
    client = Client()
    client.post("/eligibility/job/", {"choice": "level:MV"})
    client.get("/eligibility/clearance/details/")

    level = VettingLevel.objects.get(code="SC")
    level.name = "Security Checked"
    level.save()

    assert "Security Checked (SC)" in client.get("/eligibility/job/").content.decode()


def test_an_advert_published_or_closed_shows_on_the_choose_page():
    client = Client()
    first = PublishedVacancyFactory(title="Intelligence Researcher, Leeds")
    assert first.reference in client.get("/eligibility/job/").content.decode()

    second = PublishedVacancyFactory(title="Intelligence Researcher, York")
    assert second.reference in client.get("/eligibility/job/").content.decode()

    Vacancy.objects.filter(pk=second.pk).update(
        status=VacancyStatus.CLOSED, closed_at=timezone.now()
    )
    public_pages_changed()
    body = client.get("/eligibility/job/").content.decode()
    assert second.reference not in body and first.reference in body


def test_an_advert_leaves_the_choose_page_at_its_closing_time_without_a_change():
    client = Client()
    advert = PublishedVacancyFactory(closing_at=timezone.now() + datetime.timedelta(hours=1))
    assert advert.reference in client.get("/eligibility/job/").content.decode()

    with time_machine.travel(advert.closing_at + datetime.timedelta(seconds=1), tick=False):
        assert advert.reference not in client.get("/eligibility/job/").content.decode()


def test_a_chosen_advert_that_closes_leaves_the_caption_but_keeps_its_levels():
    client = Client()
    advert = PublishedVacancyFactory(title="Intelligence Researcher, Hull")
    client.post("/eligibility/job/", {"choice": f"vacancy:{advert.reference}"})
    assert (
        "Intelligence Researcher, Hull" in client.get("/eligibility/places/add/").content.decode()
    )

    Vacancy.objects.filter(pk=advert.pk).update(
        status=VacancyStatus.CLOSED, closed_at=timezone.now()
    )
    public_pages_changed()
    body = client.get("/eligibility/places/add/").content.decode()

    assert "Intelligence Researcher, Hull" not in body
    assert re.search(r'<span class="govuk-caption-l">[^<]+</span>', body)


@pytest.mark.parametrize("path", QUESTION_PAGES)
def test_a_question_page_costs_one_redis_get_and_no_query_and_no_session(
    path, monkeypatch, django_assert_num_queries
):
    client = Client()
    client.post("/eligibility/job/", {"choice": "level:MV"})
    _add_place(client, "GB", 2010)
    client.get(path)  # the levels read once in this process, the frame rendered once

    commands = redis_commands(monkeypatch)
    with django_assert_num_queries(0):
        response = client.get(path)

    assert response.status_code == 200
    # Only the public pages' version (the kept levels still hold?): the answers come
    # in their cookie, and no session is read or written.
    assert commands == ["GET"]
    assert "sessionid" not in response.cookies and "sessionid" not in client.cookies


@pytest.mark.parametrize("path", QUESTION_PAGES)
def test_a_question_page_served_from_its_frame_builds_no_form(path, settings, monkeypatch):
    """Building a form (its fields deep-copied, its FormHelper) was the largest part of
    a question page's own work; a GET from a frame fills holes instead. The ordinary
    render the test settings compare with is off here, as in production."""
    settings.RENDERED_ONCE_VERIFY = False
    client = Client()
    client.post("/eligibility/job/", {"choice": "level:MV"})
    _add_place(client, "FR", 2012, reason="study")
    client.get(path)  # the frame, and the form with holes it is rendered from
    built = []
    real_init = GovukFormMixin.__init__

    def counted_init(self, *args, **kwargs):
        built.append(type(self).__name__)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(GovukFormMixin, "__init__", counted_init)

    response = client.get(path)

    assert response.status_code == 200
    assert built == []


def test_a_process_holds_the_version_for_a_second_between_pages(
    settings, monkeypatch, django_assert_num_queries
):
    """Production holds the version VETTING_SELF_CHECK_VERSION_SECONDS between pages:
    no Redis round trip for pages within it, a change made in another process shows
    once it has passed, and a save in this process shows at once."""
    settings.VETTING_SELF_CHECK_VERSION_SECONDS = 0.5
    client = Client()
    client.post("/eligibility/job/", {"choice": "level:MV"})
    _add_place(client, "GB", 2010)
    client.get("/eligibility/places/add/")  # the version read and held, the levels kept

    commands = redis_commands(monkeypatch)
    with django_assert_num_queries(0):
        held = client.get("/eligibility/places/")
    assert held.status_code == 200 and commands == []

    # Another process renames the level and moves the version (no save signal here).
    VettingLevel.objects.filter(code="MV").update(name="Managed Vetting")
    public_pages_changed()
    assert "Management Vetting" in client.get("/eligibility/places/add/").content.decode()
    time.sleep(0.5)  # the hold itself is what is tested: let it pass
    assert "Managed Vetting" in client.get("/eligibility/places/add/").content.decode()
    assert commands.count("GET") == 1

    # A save in this process forgets the held version at once.
    client.get("/eligibility/places/add/")
    level = VettingLevel.objects.get(code="MV")
    level.name = "Management Vetting (new)"
    level.save()
    assert "Management Vetting (new)" in client.get("/eligibility/places/add/").content.decode()
