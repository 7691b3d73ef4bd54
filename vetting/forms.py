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
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.forms import Choice, GovukDateField, GovukHandRenderedForm
from core.govuk_dates import govuk_date

from . import rules
from .clearance import HeldClearance
from .countries import country_choices, country_name, country_options_html, is_country_code
from .self_check import REASON_LABELS, Period

KIND_LABELS = {
    "force": gettext_lazy("Police force vetting"),
    "national_security": gettext_lazy("National security vetting"),
}


class ChooseForm(GovukHandRenderedForm):
    """Which advert, or which vetting level, the candidate is checking against.

    With many open adverts the page asks for the ROCU first (``rocus``: a choice
    ``rocu:<slug>`` that leads to that ROCU's adverts), so no page lists hundreds
    of radios. ``also_valid`` accepts one more advert that is not listed (a post
    naming an open advert from another page of the journey).
    """

    choice = forms.ChoiceField(
        error_messages={
            "required": gettext_lazy("Select the advert or vetting level you want to check"),
            "invalid_choice": gettext_lazy("Select the advert or vetting level you want to check"),
        }
    )

    def __init__(self, *args, vacancies, levels, rocus=(), also_valid=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.vacancies = {vacancy.reference: vacancy for vacancy in vacancies}
        self.levels = {level.code: level for level in levels}
        self.rocus = {rocu.slug: rocu for rocu in rocus}
        self.choice_items = [
            Choice(
                value=f"rocu:{rocu.slug}",
                label=rocu.name,
                hint=ngettext(
                    "%(count)s open advert", "%(count)s open adverts", rocu.open_vacancy_count
                )
                % {"count": rocu.open_vacancy_count},
            )
            for rocu in rocus
        ]
        # Translated once, not per advert: a ROCU may have dozens (docs/performance.md).
        advert_hint, and_word = _("%(levels)s – reference %(reference)s"), _(" and ")
        self.choice_items += [
            Choice(
                value=f"vacancy:{vacancy.reference}",
                label=f"{vacancy.title}, {vacancy.rocu.name}",
                hint=advert_hint
                % {
                    "levels": and_word.join(level.name for level in vacancy.vetting_levels()),
                    "reference": vacancy.reference,
                },
            )
            for vacancy in vacancies
        ]
        self.advert_count = len(self.choice_items)
        level_hint = _("%(kind)s: %(years)s years living in the UK")
        for index, level in enumerate(levels):
            self.choice_items.append(
                Choice(
                    value=f"level:{level.code}",
                    label=f"{level.name} ({level.code})",
                    hint=level_hint
                    % {
                        "kind": KIND_LABELS.get(level.kind, ""),
                        "years": level.required_residence_years,
                    },
                    divider_before=_("or") if index == 0 and self.advert_count else "",
                )
            )
        # The same items, split for the select used when a ROCU has many adverts.
        self.advert_items = self.choice_items[: self.advert_count]
        self.level_items = self.choice_items[self.advert_count :]
        if also_valid is not None and also_valid.reference not in self.vacancies:
            self.vacancies[also_valid.reference] = also_valid
        if self.is_bound:  # the choices only validate: the page renders choice_items
            choices = [(item.value, item.label) for item in self.choice_items]
            if also_valid is not None and f"vacancy:{also_valid.reference}" not in dict(choices):
                choices.append((f"vacancy:{also_valid.reference}", also_valid.title))
            self.fields["choice"].choices = choices

    def chosen_rocu(self):
        """The ROCU chosen on the first step, or None when an advert or level was chosen."""
        kind, _separator, key = self.cleaned_data["choice"].partition(":")
        return self.rocus[key] if kind == "rocu" else None

    def chosen(self):
        """(the vetting levels to meet, vacancy or None) for a valid form."""
        kind, _separator, key = self.cleaned_data["choice"].partition(":")
        if kind == "vacancy":
            vacancy = self.vacancies[key]
            return vacancy.vetting_levels(), vacancy
        return [self.levels[key]], None


REASON_CHOICES = [(reason, label) for reason, label in REASON_LABELS.items()]


def overlap_error(
    *,
    country: str,
    start: date,
    end: date,
    other_periods: list[Period],
    today: date,
    allowance_days: int,
) -> str | None:
    """The error for a place that overlaps another country for longer than a move, or None.

    The rule itself lets the more favourable place win an overlap (people move),
    so a long overlap would silently hide time abroad; where the candidate can
    fix it (the self-check, an application's residence section) it is an error.
    Overlaps within one country are fine. When both places are true (a British
    Forces posting while keeping a UK home) the message says what to enter.
    """
    for other in sorted(other_periods, key=lambda period: period.start):
        if other.country == country:
            continue
        overlap_days = (min(end, other.end or today) - max(start, other.start)).days + 1
        if overlap_days <= allowance_days:
            continue
        message = ngettext(
            "These dates overlap with %(country)s (%(start)s to %(end)s) by %(days)d day.",
            "These dates overlap with %(country)s (%(start)s to %(end)s) by %(days)d days.",
            overlap_days,
        ) % {
            "country": country_name(other.country),
            "start": govuk_date(other.start),
            "end": govuk_date(other.end) if other.end else _("now"),
            "days": overlap_days,
        }
        return (
            message
            + " "
            + _(
                "Enter only one country for each day. If both are true, for example you were "
                "posted abroad with the British Armed Forces or on official duty for HM "
                "Government while keeping a home in the UK, enter the posting with its reason "
                "and change the UK dates so they do not cover it: your UK home does not need "
                "to cover those dates"
            )
        )
    return None


def _country_field_choices():
    return [("", gettext_lazy("Select a country")), *country_choices()]


class _CountryField(forms.ChoiceField):
    def valid_value(self, value):
        # A lookup: ChoiceField's own walks the ~250 choices, made afresh from the
        # callable, comparing each as text (~0.3 ms a posted place).
        return is_country_code(str(value))


class PeriodForm(GovukHandRenderedForm):
    """One place the candidate lived: country, from, to (blank = still there), and why."""

    country = _CountryField(
        label=gettext_lazy("Country"),
        # A callable: each form copies its fields, and a list of ~250 choices was
        # deep-copied on every page view (docs/performance.md). The options are
        # rendered by country_options_html; the choices only validate.
        choices=_country_field_choices,
        error_messages={
            "required": gettext_lazy("Select the country you lived in"),
            "invalid_choice": gettext_lazy("Select the country you lived in"),
        },
    )
    start = GovukDateField(subject=gettext_lazy("the date you started living there"))
    end = GovukDateField(subject=gettext_lazy("the date you stopped living there"), required=False)
    reason = forms.ChoiceField(
        choices=REASON_CHOICES,
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("Select why you were living outside the UK")
        },
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

    def country_options_html(self):
        # Markup escaped in countries.py from the fixed ISO list: safe to mark.
        return mark_safe(country_options_html(self["country"].value()))  # noqa: S308

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and start > self.today:
            self.add_date_error(
                "start", _("The date you started living there must be today or in the past")
            )
            start = None
        if end and end > self.today:
            self.add_date_error(
                "end",
                _(
                    "The date you stopped living there must be today or in the past. "
                    "Leave it blank if you still live there"
                ),
            )
        elif start and end and end < start:
            self.add_date_error(
                "end",
                _(
                    "The date you stopped living there must be the same as or after the date "
                    "you started living there"
                ),
            )
        elif "end" in cleaned and end is None and "end" not in self.errors:
            still_there = next((p for p in self.other_periods if p.end is None), None)
            if still_there is not None:
                self.add_date_error(
                    "end",
                    _(
                        "Enter the date you stopped living there. You have already said you "
                        "still live in %(country)s"
                    )
                    % {"country": country_name(still_there.country)},
                )
        country = cleaned.get("country")
        if country and start and not self.errors.get("end"):
            self._check_overlaps(country, start, end or self.today)
        if country and country != rules.UK_COUNTRY_CODE and not cleaned.get("reason"):
            self.add_error("reason", _("Select why you were living outside the UK"))
        return cleaned

    def _check_overlaps(self, country: str, start: date, end: date) -> None:
        message = overlap_error(
            country=country,
            start=start,
            end=end,
            other_periods=self.other_periods,
            today=self.today,
            allowance_days=self.overlap_allowance_days,
        )
        if message:
            self.add_date_error("start", message)

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


YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


class YesNoForm(GovukHandRenderedForm):
    choice_items = [Choice(value=value, label=label) for value, label in YES_NO]


class AddAnotherForm(YesNoForm):
    add_another = forms.ChoiceField(
        choices=YES_NO,
        error_messages={
            "required": gettext_lazy("Select yes if you need to add another place"),
            "invalid_choice": gettext_lazy("Select yes if you need to add another place"),
        },
    )


class RemoveForm(YesNoForm):
    remove = forms.ChoiceField(
        choices=YES_NO,
        error_messages={
            "required": gettext_lazy("Select yes if you want to remove this place"),
            "invalid_choice": gettext_lazy("Select yes if you want to remove this place"),
        },
    )


class HoldsClearanceForm(YesNoForm):
    """Do you already hold vetting clearance? (yes: HeldClearanceForm asks the details)."""

    holds = forms.ChoiceField(
        choices=YES_NO,
        error_messages={
            "required": gettext_lazy("Select yes if you already hold vetting clearance"),
            "invalid_choice": gettext_lazy("Select yes if you already hold vetting clearance"),
        },
    )


class HeldClearanceForm(GovukHandRenderedForm):
    """Clearance the candidate holds: which level, granted by whom, and when.

    Reusable: the self-check asks it after HoldsClearanceForm's "yes", and an
    application's vetting section can use the same two forms and store
    `held_clearance()` with the application (never in logs or emails). `levels`
    are VettingLevel rows (the active ones).
    """

    level = forms.ChoiceField(
        error_messages={
            "required": gettext_lazy("Select the level of clearance you hold"),
            "invalid_choice": gettext_lazy("Select the level of clearance you hold"),
        }
    )
    granted_by = forms.CharField(
        max_length=120,
        error_messages={
            "required": gettext_lazy("Enter the force or organisation that granted your clearance"),
            "max_length": gettext_lazy(
                "The name of the force or organisation must be 120 characters or fewer"
            ),
        },
    )
    granted_on = GovukDateField(subject=gettext_lazy("the date your clearance was granted"))

    def __init__(self, *args, levels, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["level"].choices = self.level_choices(levels)

    @staticmethod
    def level_choices(levels) -> tuple[tuple[str, str], ...]:
        """The level select's options; the self-check's frame is keyed by them too."""
        return (
            ("", _("Select a level")),
            *((level.code, f"{level.name} ({level.code})") for level in levels),
        )

    def clean_granted_by(self):
        granted_by = self.cleaned_data["granted_by"].strip()
        if not granted_by:
            raise forms.ValidationError(
                _("Enter the force or organisation that granted your clearance")
            )
        return granted_by

    def clean(self):
        cleaned = super().clean()
        granted_on = cleaned.get("granted_on")
        if granted_on is not None and granted_on > self.today:
            self.add_date_error(
                "granted_on", _("The date your clearance was granted must be today or in the past")
            )
        return cleaned

    def held_clearance(self) -> HeldClearance:
        return HeldClearance(
            level_code=self.cleaned_data["level"],
            granted_by=self.cleaned_data["granted_by"],
            granted_on=self.cleaned_data["granted_on"],
        )

    @classmethod
    def initial_for(cls, held: HeldClearance | None) -> dict:
        if held is None:
            return {}
        return {
            "level": held.level_code,
            "granted_by": held.granted_by,
            "granted_on": held.granted_on,
        }
