"""The self-check's question forms: every GOV.UK error message, and which date parts it marks."""

from datetime import date

import pytest

from vetting.forms import AddAnotherForm, ChooseForm, PeriodForm
from vetting.self_check import Period

TODAY = date(2026, 11, 25)


def period_form(data, *, others=(), allowance=31):
    form = PeriodForm(
        data, today=TODAY, other_periods=list(others), overlap_allowance_days=allowance
    )
    form.is_valid()
    return form


def dated(country="GB", start=("1", "1", "2015"), end=("", "", ""), reason=""):
    data = {"country": country, "reason": reason}
    for name, parts in (("start", start), ("end", end)):
        for index, part in enumerate(parts):
            data[f"{name}_{index}"] = part
    return data


def test_a_uk_period_with_no_end_is_valid_and_is_resident_whatever_reason_was_ticked():
    form = period_form(dated(reason="study"))

    assert form.errors == {}
    assert form.period() == Period("GB", date(2015, 1, 1), None, "resident")


def test_an_abroad_period_needs_a_reason():
    form = period_form(dated(country="FR"))

    assert form.errors == {"reason": ["Select why you were living outside the UK"]}
    assert form.error_summary() == [("id_reason", "Select why you were living outside the UK")]


def test_an_abroad_period_keeps_its_reason():
    form = period_form(dated(country="de", reason="british_forces"))
    assert "country" in form.errors  # codes are upper case, as the select sends them

    form = period_form(dated(country="DE", reason="british_forces"))
    assert form.period() == Period("DE", date(2015, 1, 1), None, "british_forces")


def test_nothing_entered_names_each_question():
    form = period_form({})

    assert form.error_summary() == [
        ("id_country", "Select the country you lived in"),
        ("id_start_0", "Enter the date you started living there"),
    ]
    assert form.fields["start"].error_parts == ("day", "month", "year")


@pytest.mark.parametrize(
    ("parts", "message", "marked"),
    [
        (("", "3", "2020"), "The date you started living there must include a day", ("day",)),
        (
            ("1", "", ""),
            "The date you started living there must include a month and year",
            ("month", "year"),
        ),
        (("31", "2", "2020"), "The date you started living there must be a real date", ("day",)),
        (("29", "2", "2023"), "The date you started living there must be a real date", ("day",)),
        (("1", "13", "2020"), "The date you started living there must be a real date", ("month",)),
        (
            ("a", "b", "2020"),
            "The date you started living there must be a real date",
            ("day", "month"),
        ),
        (("1", "1", "20"), "Year must include 4 numbers", ("year",)),
        (
            ("1", "1", "0202"),
            "The date you started living there must be after 1 January 1900",
            ("year",),
        ),
        (
            ("99999999999999999999", "1", "2020"),
            "The date you started living there must be a real date",
            ("day",),
        ),
        (("١", "1", "2020"), "The date you started living there must be a real date", ("day",)),
        (
            ("1" * 5000, "1", "2020"),
            "The date you started living there must be a real date",
            ("day",),
        ),
        (("1", "001", "2020"), "The date you started living there must be a real date", ("month",)),
        (("1", "1", "2" * 5000), "Year must include 4 numbers", ("year",)),
        (
            ("1", "1", "2027"),
            "The date you started living there must be today or in the past",
            ("day", "month", "year"),
        ),
    ],
)
def test_bad_start_dates_get_the_gov_uk_message_and_mark_the_wrong_parts(parts, message, marked):
    form = period_form(dated(start=parts))

    assert form.errors["start"] == [message]
    assert form.fields["start"].error_parts == marked
    anchor = f"id_start_{('day', 'month', 'year').index(marked[0])}"
    assert (anchor, message) in form.error_summary()
    inputs = {part["id"]: part["error"] for part in form.date_inputs["start"]}
    assert {id_ for id_, wrong in inputs.items() if wrong} == {
        f"id_start_{('day', 'month', 'year').index(part)}" for part in marked
    }


def test_29_february_in_a_leap_year_is_a_real_date():
    assert period_form(dated(start=("29", "2", "2024"))).errors == {}


def test_end_before_start_is_an_error_on_the_end_date():
    form = period_form(dated(start=("1", "6", "2020"), end=("31", "5", "2020")))

    assert form.errors["end"] == [
        "The date you stopped living there must be the same as or after the date you "
        "started living there"
    ]


def test_end_in_the_future_is_an_error_that_says_to_leave_it_blank():
    form = period_form(dated(end=("1", "12", "2026")))

    assert form.errors["end"] == [
        "The date you stopped living there must be today or in the past. "
        "Leave it blank if you still live there"
    ]


def test_today_is_allowed_for_both_dates():
    assert period_form(dated(start=("25", "11", "2026"), end=("25", "11", "2026"))).errors == {}


def test_only_one_place_can_be_where_you_still_live():
    form = period_form(dated(), others=[Period("GB", date(2010, 1, 1), None)])

    assert form.errors["end"] == [
        "Enter the date you stopped living there. You have already said you still live in "
        "United Kingdom"
    ]


def test_living_in_two_countries_at_once_for_longer_than_a_move_is_an_error():
    others = [Period("GB", date(2015, 1, 1), None)]
    form = period_form(
        dated(country="FR", start=("1", "9", "2022"), end=("30", "6", "2023"), reason="study"),
        others=others,
    )

    assert form.errors["start"] == [
        "These dates overlap with United Kingdom (1 January 2015 to now) by 303 days. "
        "Enter only one country for each day. If both are true, for example you were posted "
        "abroad with the British Armed Forces or on official duty for HM Government while "
        "keeping a home in the UK, enter the posting with its reason and change the UK dates "
        "so they do not cover it: your UK home does not need to cover those dates"
    ]


def test_an_overlap_within_the_days_of_a_move_is_allowed():
    others = [Period("GB", date(2015, 1, 1), date(2022, 9, 20))]
    form = period_form(
        dated(country="FR", start=("1", "9", "2022"), end=("", "", ""), reason="work"),
        others=others,
        allowance=31,
    )

    assert form.errors == {}


def test_overlapping_places_in_the_same_country_are_a_move_not_an_error():
    others = [Period("GB", date(2015, 1, 1), date(2023, 1, 1))]
    assert period_form(dated(start=("1", "1", "2020")), others=others).errors == {}


def test_add_another_must_be_answered():
    form = AddAnotherForm({})

    assert not form.is_valid()
    assert form.error_summary() == [
        ("id_add_another", "Select yes if you need to add another place")
    ]


class _Level:
    def __init__(self, code, name, years, kind="force"):
        self.code, self.name, self.required_residence_years = code, name, years
        self.kind = kind


def test_choose_offers_levels_and_refuses_an_unknown_choice():
    levels = [
        _Level("MV", "Management Vetting", 5),
        _Level("DV", "Developed Vetting", 10, "national_security"),
    ]
    form = ChooseForm({"choice": "level:XX"}, vacancies=[], levels=levels)

    assert not form.is_valid()
    assert form.errors["choice"] == ["Select the advert or vetting level you want to check"]
    assert [item.value for item in form.choice_items] == ["level:MV", "level:DV"]
    assert form.choice_items[0].divider_before == ""

    form = ChooseForm({"choice": "level:DV"}, vacancies=[], levels=levels)
    assert form.is_valid()
    assert form.chosen() == ([levels[1]], None)
