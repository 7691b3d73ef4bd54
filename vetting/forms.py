"""The self-check's question pages, with GOV.UK error messages for every case.

The templates render these forms by hand (templates/core/includes/) rather
than through crispy-forms-gds, because two things this journey leans on are
wrong there: its error summary links radios to an id no input has, and its date
input cannot mark only the day, month or year that is wrong. The GOV.UK parts
for that (GovukDateField, GovukHandRenderedForm) are in core/forms.py; the
questions and their validation are here.
"""

from __future__ import annotations

from datetime import date

from django import forms

from core.forms import Choice, GovukDateField, GovukHandRenderedForm
from core.govuk_dates import govuk_date

from . import rules
from .countries import country_choices, country_name
from .self_check import REASON_LABELS, Period


class ChooseForm(GovukHandRenderedForm):
    """Which advert, or which vetting level, the candidate is checking against."""

    choice = forms.ChoiceField(
        error_messages={
            "required": "Select the advert or vetting level you want to check",
            "invalid_choice": "Select the advert or vetting level you want to check",
        }
    )

    def __init__(self, *args, vacancies, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.vacancies = {vacancy.reference: vacancy for vacancy in vacancies}
        self.levels = {level.code: level for level in levels}
        self.choice_items = [
            Choice(
                value=f"vacancy:{vacancy.reference}",
                label=f"{vacancy.title}, {vacancy.rocu.name}",
                hint=f"{vacancy.vetting_level.name} – reference {vacancy.reference}",
            )
            for vacancy in vacancies
        ]
        for index, level in enumerate(levels):
            self.choice_items.append(
                Choice(
                    value=f"level:{level.code}",
                    label=f"{level.name} ({level.code})",
                    hint=f"{level.required_residence_years} years living in the UK",
                    divider_before="or" if index == 0 and vacancies else "",
                )
            )
        self.fields["choice"].choices = [(item.value, item.label) for item in self.choice_items]

    def chosen(self):
        """(vetting level, vacancy or None) for a valid form."""
        kind, _, key = self.cleaned_data["choice"].partition(":")
        if kind == "vacancy":
            vacancy = self.vacancies[key]
            return vacancy.vetting_level, vacancy
        return self.levels[key], None


REASON_CHOICES = [(reason, label) for reason, label in REASON_LABELS.items()]


class PeriodForm(GovukHandRenderedForm):
    """One place the candidate lived: country, from, to (blank = still there), and why."""

    country = forms.ChoiceField(
        label="Country",
        choices=[("", "Select a country"), *country_choices()],
        error_messages={
            "required": "Select the country you lived in",
            "invalid_choice": "Select the country you lived in",
        },
    )
    start = GovukDateField(subject="the date you started living there")
    end = GovukDateField(subject="the date you stopped living there", required=False)
    reason = forms.ChoiceField(
        choices=REASON_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Select why you were living outside the UK"},
    )

    def __init__(
        self,
        *args,
        today: date,
        other_periods: list[Period],
        overlap_allowance_days: int,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.today = today
        self.other_periods = other_periods
        self.overlap_allowance_days = overlap_allowance_days
        self.reason_items = [Choice(value=value, label=label) for value, label in REASON_CHOICES]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and start > self.today:
            self.add_date_error(
                "start", "The date you started living there must be today or in the past"
            )
            start = None
        if end and end > self.today:
            self.add_date_error(
                "end",
                "The date you stopped living there must be today or in the past. "
                "Leave it blank if you still live there",
            )
        elif start and end and end < start:
            self.add_date_error(
                "end",
                "The date you stopped living there must be the same as or after the date "
                "you started living there",
            )
        elif "end" in cleaned and end is None and "end" not in self.errors:
            still_there = next((p for p in self.other_periods if p.end is None), None)
            if still_there is not None:
                self.add_date_error(
                    "end",
                    f"Enter the date you stopped living there. You have already said you "
                    f"still live in {country_name(still_there.country)}",
                )
        country = cleaned.get("country")
        if country and start and not self.errors.get("end"):
            self._check_overlaps(country, start, end or self.today)
        if country and country != rules.UK_COUNTRY_CODE and not cleaned.get("reason"):
            self.add_error("reason", "Select why you were living outside the UK")
        return cleaned

    def _check_overlaps(self, country: str, start: date, end: date) -> None:
        """Nobody lives in two countries at once, beyond the days of a move.

        The rule itself lets the more favourable place win an overlap (people
        move), so a long overlap would silently hide time abroad; here, where the
        candidate can fix it, it is an error. Overlaps within one country are fine.
        """
        for other in sorted(self.other_periods, key=lambda period: period.start):
            if other.country == country:
                continue
            overlap_days = (min(end, other.end or self.today) - max(start, other.start)).days + 1
            if overlap_days > self.overlap_allowance_days:
                other_end = govuk_date(other.end) if other.end else "now"
                self.add_date_error(
                    "start",
                    f"These dates overlap with {country_name(other.country)} "
                    f"({govuk_date(other.start)} to {other_end}) by {overlap_days} days. "
                    f"You can only live in one country at a time: change the dates of one "
                    f"of them",
                )
                return

    def period(self) -> Period:
        country = self.cleaned_data["country"]
        reason = rules.RESIDENT if country == rules.UK_COUNTRY_CODE else self.cleaned_data["reason"]
        return Period(
            country=country,
            start=self.cleaned_data["start"],
            end=self.cleaned_data["end"],
            reason=reason,
        )

    @classmethod
    def initial_for(cls, period: Period) -> dict:
        return {
            "country": period.country,
            "start": period.start,
            "end": period.end,
            "reason": "" if period.country == rules.UK_COUNTRY_CODE else period.reason,
        }


YES_NO = [("yes", "Yes"), ("no", "No")]


class YesNoForm(GovukHandRenderedForm):
    choice_items = [Choice(value=value, label=label) for value, label in YES_NO]


class AddAnotherForm(YesNoForm):
    add_another = forms.ChoiceField(
        choices=YES_NO,
        error_messages={
            "required": "Select yes if you need to add another period",
            "invalid_choice": "Select yes if you need to add another period",
        },
    )


class RemoveForm(YesNoForm):
    remove = forms.ChoiceField(
        choices=YES_NO,
        error_messages={
            "required": "Select yes if you want to remove this place",
            "invalid_choice": "Select yes if you want to remove this place",
        },
    )
