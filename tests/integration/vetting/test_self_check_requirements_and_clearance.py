"""The self-check for an advert needing two levels, and for a candidate who holds clearance.

Today is frozen at 25 November 2026 (UK); a 5-year window starts 25 November 2021.
"""

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Rocu
from tests.factories.vacancies import PublishedVacancyFactory
from tests.integration.vetting.test_self_check_pages import (
    add_place,
    choose,
    date_data,
    error_links,
    text_of,
)
from tests.support.self_check_cookie import answers_of, holds_answers
from vetting.clearance import HeldClearance
from vetting.forms import HeldClearanceForm
from vetting.models import VettingLevel

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def mv_sc_advert():
    return PublishedVacancyFactory(
        rocu=Rocu.objects.get(slug="rocuwm"),
        title="Intelligence Researcher, Birmingham",
        vetting_level=VettingLevel.objects.get(code="MV"),
        national_security_level=VettingLevel.objects.get(code="SC"),
    )


def declare(client, **fields):
    assert client.post("/eligibility/clearance/", {"holds": "yes"})["Location"] == (
        "/eligibility/clearance/details/"
    )
    data = {"level": "", "granted_by": ""}
    data.update(fields)
    return client.post("/eligibility/clearance/details/", data)


def test_an_mv_plus_sc_advert_asks_for_five_years_and_names_both(client, mv_sc_advert):
    choose(client, f"vacancy:{mv_sc_advert.reference}")
    assert answers_of(client).level_codes == ["MV", "SC"]

    words = html.unescape(text_of(client.get("/eligibility/places/add/")))

    assert "You need Management Vetting and Security Check. Both need 5 years' UK residence." in (
        words
    )
    assert "every place you lived from 25 November 2021 to today" in words


def test_an_rv_plus_dv_advert_uses_the_ten_year_window(client):
    advert = PublishedVacancyFactory(
        vetting_level=VettingLevel.objects.get(code="RV"),
        national_security_level=VettingLevel.objects.get(code="DV"),
    )
    choose(client, f"vacancy:{advert.reference}")
    add_place(client, "GB", ("1", "1", "2019"))

    words = text_of(client.get("/eligibility/result/"))

    assert "Recruitment Vetting and Developed Vetting" in words
    assert "from 25 November 2016 to 25 November 2026" in words


def test_choose_page_lists_each_level_with_its_kind(client, mv_sc_advert):
    words = text_of(client.get("/eligibility/job/"))

    assert "Management Vetting and Security Check – reference" in words
    assert "Recruitment Vetting (RV)" in words
    assert "Police force vetting: 3 years living in the UK" in words
    assert "National security vetting: 5 years living in the UK" in words


def test_not_eligible_for_an_advert_points_to_the_host_forces_vetting_unit(client, mv_sc_advert):
    choose(client, f"vacancy:{mv_sc_advert.reference}")
    add_place(client, "FR", ("1", "1", "2019"), ("31", "12", "2022"), "work")
    add_place(client, "GB", ("1", "1", "2023"))
    client.post("/eligibility/clearance/", {"holds": "no"})

    response = client.get("/eligibility/result/")

    words = text_of(response)
    assert "You do not meet the residence rule for Management Vetting and Security Check" in words
    assert (
        "Vetting for Regional Organised Crime Unit for the West Midlands is decided by the West "
        "Midlands Police Vetting Unit"
    ) in words
    assert f'href="mailto:{mv_sc_advert.rocu.contact_email}"' in response.content.decode()


def test_the_clearance_question_explains_every_missing_answer(client, mv_sc_advert):
    choose(client, f"vacancy:{mv_sc_advert.reference}")
    add_place(client, "GB", ("1", "1", "2015"))

    unanswered = client.post("/eligibility/clearance/", {})
    incomplete = declare(client)
    future = declare(
        client, level="MV", granted_by="Kent Police", **date_data("granted_on", "1", "1", "2027")
    )
    not_a_date = declare(
        client, level="MV", granted_by="Kent Police", **date_data("granted_on", "31", "2", "2026")
    )

    assert error_links(unanswered) == [
        ("id_holds", "Select yes if you already hold vetting clearance")
    ]
    assert client.post("/eligibility/clearance/", {"holds": "no"})["Location"] == (
        "/eligibility/result/"
    )
    assert answers_of(client).clearance_answered is True
    assert error_links(incomplete) == [
        ("id_level", "Select the level of clearance you hold"),
        ("id_granted_by", "Enter the force or organisation that granted your clearance"),
        ("id_granted_on_0", "Enter the date your clearance was granted"),
    ]
    assert error_links(future) == [
        ("id_granted_on_0", "The date your clearance was granted must be today or in the past")
    ]
    assert error_links(not_a_date) == [
        ("id_granted_on_0", "The date your clearance was granted must be a real date")
    ]


def test_a_recent_clearance_covering_both_levels_may_be_accepted_and_is_flagged(
    client, mv_sc_advert
):
    choose(client, f"vacancy:{mv_sc_advert.reference}")
    # Abroad for work: on residence alone this is "not eligible".
    add_place(client, "FR", ("1", "1", "2019"), ("31", "12", "2022"), "work")
    add_place(client, "GB", ("1", "1", "2023"))
    # DV covers SC, but not MV (a different process): partly covered.
    response = declare(
        client,
        level="DV",
        granted_by="Ministry of Defence",
        **date_data("granted_on", "1", "6", "2026"),
    )
    assert response["Location"] == "/eligibility/result/"

    words = text_of(client.get("/eligibility/result/"))

    assert "Your Developed Vetting clearance may be accepted for Security Check" in words
    assert "You still need Management Vetting" in words
    assert "You told us you hold Developed Vetting, granted by Ministry of Defence" in words
    assert "You do not meet the residence rule for Management Vetting" in words


def test_a_recent_force_clearance_on_an_mv_advert_turns_the_result_into_review(client):
    advert = PublishedVacancyFactory(vetting_level=VettingLevel.objects.get(code="MV"))
    choose(client, f"vacancy:{advert.reference}")
    add_place(client, "FR", ("1", "1", "2019"), ("31", "12", "2022"), "work")
    add_place(client, "GB", ("1", "1", "2023"))
    declare(
        client, level="MV", granted_by="Kent Police", **date_data("granted_on", "1", "6", "2026")
    )

    words = text_of(client.get("/eligibility/result/"))

    assert "Your clearance may be accepted" in words
    assert "flagged for them to look at" in words
    assert "it will be flagged for the vetting unit to check" in words
    assert "You do not meet the residence rule" not in words


def test_an_old_clearance_leaves_the_residence_result_standing(client):
    advert = PublishedVacancyFactory(vetting_level=VettingLevel.objects.get(code="MV"))
    choose(client, f"vacancy:{advert.reference}")
    add_place(client, "GB", ("1", "1", "2015"))
    declare(
        client, level="MV", granted_by="Kent Police", **date_data("granted_on", "1", "6", "2020")
    )

    words = text_of(client.get("/eligibility/result/"))

    assert "You meet the residence rule for Management Vetting" in words
    assert "granted too long ago to be accepted without checks" in words


def test_the_declared_clearance_is_kept_only_in_the_cookie_and_dropped_with_the_result(
    client, mv_sc_advert, caplog
):
    choose(client, f"vacancy:{mv_sc_advert.reference}")
    add_place(client, "GB", ("1", "1", "2015"))
    declare(
        client, level="SC", granted_by="Kent Police", **date_data("granted_on", "1", "6", "2026")
    )
    assert answers_of(client).held_clearance == HeldClearance(
        level_code="SC", granted_by="Kent Police", granted_on=datetime(2026, 6, 1).date()
    )

    # Back to the question: the answers are shown again.
    again = client.get("/eligibility/clearance/details/").content.decode()
    assert 'value="Kent Police"' in again
    client.get("/eligibility/result/")

    assert not holds_answers(client)
    assert "Kent Police" not in caplog.text


def test_the_details_page_from_its_frame_shows_each_visitors_own_clearance(
    client, settings, monkeypatch
):
    """A GET of the details page builds no form: the level chosen, the name and the
    date parts come from the answers into the frame's holes. With the ordinary render
    (and its comparison) off, as in production, two visitors of one shape each see
    only their own, and the frame is made once."""
    settings.RENDERED_ONCE_VERIFY = False
    other = type(client)()
    for visitor, level, granted_by, when in (
        (client, "SC", "Kent Police", ("1", "6", "2026")),
        (other, "SC", "Home Office", ("14", "2", "2025")),
    ):
        choose(visitor, "level:MV")
        add_place(visitor, "GB", ("1", "1", "2015"))
        assert (
            declare(visitor, level=level, granted_by=granted_by, **date_data("granted_on", *when))[
                "Location"
            ]
            == "/eligibility/result/"
        )
    built = []
    real_init = HeldClearanceForm.__init__

    def counted_init(self, *args, **kwargs):
        built.append(args[0] if args else None)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(HeldClearanceForm, "__init__", counted_init)

    mine = client.get("/eligibility/clearance/details/").content.decode()
    theirs = other.get("/eligibility/clearance/details/").content.decode()

    assert '<option value="SC" selected>' in mine and '<option value="SC" selected>' in theirs
    assert 'value="Kent Police"' in mine and "Home Office" not in mine
    assert 'value="Home Office"' in theirs and "Kent Police" not in theirs
    assert _date_parts(mine) == ["1", "6", "2026"]
    assert _date_parts(theirs) == ["14", "2", "2025"]
    # One form, with holes, for the frame; none for either visitor's request.
    assert built == [None]


def _date_parts(page):
    return re.findall(r'name="granted_on_\d" type="text" inputmode="numeric" value="([^"]*)"', page)
