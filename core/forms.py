"""GOV.UK form parts every app uses: the form bases, the date input, radio items.

Most forms render through crispy-forms-gds: templates write ``<form method="post"
novalidate>`` themselves (novalidate so the browser's own validation never hides
the GOV.UK error summary) and call ``{% error_summary form %}`` above the heading
and ``{% crispy form %}`` inside.

Where crispy-forms-gds gets a GOV.UK pattern wrong (its error summary links
radios to an id no input has; its date input cannot mark only the day, month or
year that is wrong), the template renders the components by hand from
templates/core/includes/, on a ``GovukHandRenderedForm``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Widgets whose GOV.UK markup is a single <input class="govuk-input">.
_TEXT_INPUT_WIDGETS = (forms.TextInput, forms.EmailInput, forms.NumberInput, forms.URLInput)


class GovukFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False

    def full_clean(self):
        super().full_clean()
        # crispy-forms-gds marks a TextInput in error with govuk-input--error but
        # not an EmailInput (crispy-forms-gds 2.0.1); mark every text-like input the same way.
        for name in self.errors:
            field = self.fields.get(name)
            if field is not None and isinstance(field.widget, _TEXT_INPUT_WIDGETS):
                classes = field.widget.attrs.get("class", "")
                if "govuk-input--error" not in classes:
                    field.widget.attrs["class"] = f"{classes} govuk-input--error".strip()


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


@dataclass(frozen=True)
class Choice:
    """One radio item for templates/core/includes/radios.html."""

    value: str
    label: str
    hint: str = ""
    divider_before: str = ""


DATE_PARTS = ("day", "month", "year")
# Each part's label above its box, and its name inside an error message ("must include a day").
_PART_LABELS = {
    "day": gettext_lazy("Day"),
    "month": gettext_lazy("Month"),
    "year": gettext_lazy("Year"),
}
_PART_NAMES = {
    "day": gettext_lazy("day"),
    "month": gettext_lazy("month"),
    "year": gettext_lazy("year"),
}
_DIGITS = re.compile(r"[0-9]+")
# No date a candidate gives us is older than this; it also keeps years like 0202
# (a slip for 2020) from being read as real dates.
EARLIEST_YEAR = 1900


def date_part_values(value) -> list[str]:
    """The day, month and year a date input shows for ``value`` (blank for no date)."""
    if isinstance(value, date):
        return [str(value.day), str(value.month), str(value.year)]
    return ["", "", ""]


class DateInputWidget(forms.MultiWidget):
    """Three text boxes (day, month, year), named <name>_0, _1, _2."""

    def __init__(self, attrs=None):
        super().__init__(
            [forms.TextInput(attrs={"inputmode": "numeric"}) for _part in DATE_PARTS], attrs
        )

    def decompress(self, value):
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]


class GovukDateField(forms.Field):
    """A GOV.UK date input with the Design System's error messages.

    `subject` names the date in messages, e.g. "the date you started living
    there" gives "Enter the date you started living there" and "The date you
    started living there must be a real date". After validation `error_parts`
    holds the parts (day, month, year) to highlight.
    """

    widget = DateInputWidget

    def __init__(self, *, subject: str, **kwargs):
        self.subject = subject
        self.error_parts: tuple[str, ...] = ()
        super().__init__(**kwargs)

    def _fail(self, message: str, parts=DATE_PARTS):
        self.error_parts = tuple(parts)
        raise forms.ValidationError(message)

    def clean(self, value):
        self.error_parts = ()
        parts = [(str(part or "")).strip() for part in (value or ["", "", ""])]
        # `subject` is marked where the field is declared; it reads "the date ..." here.
        subject = str(self.subject)
        subject = subject[0].upper() + subject[1:]
        real_date = _("%(subject)s must be a real date") % {"subject": subject}
        if not any(parts):
            if self.required:
                self._fail(_("Enter %(subject)s") % {"subject": self.subject})
            return None
        missing = [name for name, part in zip(DATE_PARTS, parts, strict=True) if not part]
        if missing:
            names = [_PART_NAMES[name] for name in missing]
            # One or two parts: all three missing is "Enter ..." above.
            if len(names) == 2:
                names = [_("%(first)s and %(second)s") % {"first": names[0], "second": names[1]}]
            self._fail(
                _("%(subject)s must include a %(parts)s") % {"subject": subject, "parts": names[0]},
                missing,
            )
        not_numbers = [
            name
            for name, part in zip(DATE_PARTS, parts, strict=True)
            if not _DIGITS.fullmatch(part)
        ]
        if not_numbers:
            self._fail(real_date, not_numbers)
        # Lengths before int(): Python refuses to convert a string of over 4,300
        # digits, and no real day or month has more than 2.
        if len(parts[2]) != 4:
            self._fail(_("Year must include 4 numbers"), ["year"])
        too_long = [
            name for name, part in zip(DATE_PARTS[:2], parts, strict=False) if len(part) > 2
        ]
        if too_long:
            self._fail(real_date, too_long)
        day, month, year = (int(part) for part in parts)
        if not 1 <= month <= 12:
            self._fail(real_date, ["month"])
        try:
            value = date(year, month, day)
        except (ValueError, OverflowError):  # 31 February; a 20-digit day
            self._fail(real_date, ["day"])
        if year < EARLIEST_YEAR:
            self._fail(
                _("%(subject)s must be after 1 January %(year)s")
                % {"subject": subject, "year": EARLIEST_YEAR},
                ["year"],
            )
        return value


class GovukHandRenderedForm(GovukForm):
    """For templates that render GOV.UK components by hand (templates/core/includes/).

    Adds what they need: the error summary's links, in field order, to the input
    that is wrong, and each date input's parts with their error state.
    """

    def add_date_error(self, name: str, message: str) -> None:
        """An error about a whole date (in the future, before another): every part is wrong."""
        self.fields[name].error_parts = DATE_PARTS
        self.add_error(name, message)

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor id, message) for each error, in the order the fields appear."""
        items = []
        for name in self.fields:
            for message in self.errors.get(name, []):
                items.append((self.error_anchor(name), message))
        return items

    @property
    def date_inputs(self) -> dict[str, list[dict]]:
        """For each date field: its parts' id, name, label, value and error state."""
        inputs = {}
        for name, field in self.fields.items():
            if not isinstance(field, GovukDateField):
                continue
            bound = self[name]
            value = bound.value()
            values = field.widget.decompress(value) if not isinstance(value, list) else value
            inputs[name] = [
                {
                    "id": f"id_{name}_{index}",
                    "name": f"{name}_{index}",
                    "label": _PART_LABELS[part],
                    "value": values[index] or "",
                    "width": 4 if part == "year" else 2,
                    "error": part in field.error_parts,
                }
                for index, part in enumerate(DATE_PARTS)
            ]
        return inputs

    def error_anchor(self, name: str) -> str:
        field = self.fields[name]
        if isinstance(field, GovukDateField):
            first = field.error_parts[0] if field.error_parts else "day"
            return f"id_{name}_{DATE_PARTS.index(first)}"
        # Radios and selects: the first input carries the field's own id.
        return f"id_{name}"
