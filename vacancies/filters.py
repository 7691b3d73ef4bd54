"""The public list's filter form (GET) and the query-string normalisation its cache uses.

``normalized_list_query`` turns any query string into one canonical string, with
no database work, so a cached page can be found before anything is validated:
the same filters in any order, repeated or with unrelated parameters (``utm_*``)
give the same key. Only a valid form's page is ever stored, so a made-up value
never fills the cache.
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.forms import GovukForm

from .selectors import VacancyFilters, VacancySort

# Bound what one request may ask for: more values than there are ROCUs, or a
# value longer than any slug or code, is not a filter anyone chose.
MAX_VALUES = 20
MAX_VALUE_LENGTH = 40
MAX_PAGE = 10_000


def page_number_from(query: QueryDict) -> int:
    """The page asked for; anything that is not a sensible page number means page 1."""
    raw = query.get("page", "1")
    if raw.isascii() and raw.isdigit() and 0 < len(raw) <= 5:
        return min(max(1, int(raw)), MAX_PAGE)
    return 1


def normalized_list_query(query: QueryDict) -> str:
    rocus = sorted({value[:MAX_VALUE_LENGTH] for value in query.getlist("rocu")[:MAX_VALUES]})
    level = query.get("level", "")[:MAX_VALUE_LENGTH]
    sort = query.get("sort", "")[:MAX_VALUE_LENGTH]
    page = page_number_from(query)
    return f"rocu={','.join(rocus)}|level={level}|sort={sort}|page={page}"


class VacancyFilterForm(GovukForm):
    rocu = forms.MultipleChoiceField(
        label=_("Region"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Select regions from the list"),
            "invalid_list": _("Select regions from the list"),
        },
    )
    level = forms.ChoiceField(
        label=_("Vetting level"),
        required=False,
        initial="",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Select a vetting level from the list")},
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        initial=VacancySort.CLOSING_SOONEST,
        choices=VacancySort.CHOICES,
        error_messages={"invalid_choice": _("Select how to sort the vacancies from the list")},
    )

    def __init__(self, *args, rocus, vetting_levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rocu"].choices = [
            (rocu.slug, f"{rocu.get_region_display()} ({rocu.short_name})") for rocu in rocus
        ]
        self.fields["level"].choices = [("", _("Any level"))] + [
            (level.code, f"{level.name} ({level.code})") for level in vetting_levels
        ]
        # A GET form: a CSRF token would land in every URL and in the shared cache.
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.checkboxes("rocu", legend_size=Size.SMALL, small=True),
            Field.radios("level", legend_size=Size.SMALL, small=True),
            Field("sort", context={"label_size": "govuk-label--s"}),
        )

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary. crispy-forms-gds links a checkbox or
        radio group to ``#id_<name>``, which no element has; GOV.UK links the first
        option, whose id crispy-forms-gds makes ``id_<name>_1``."""
        links = []
        for name in self.fields:
            anchor = f"#id_{name}_1" if name in ("rocu", "level") else f"#id_{name}"
            links.extend((anchor, message) for message in self.errors.get(name, ()))
        return links

    def filters(self) -> VacancyFilters:
        """The filters to apply: the valid fields only, so one bad value never hides the list."""
        cleaned = getattr(self, "cleaned_data", {})
        return VacancyFilters(
            rocu_slugs=tuple(sorted(cleaned.get("rocu") or ())),
            vetting_level_code=cleaned.get("level") or "",
            sort=cleaned.get("sort") or VacancySort.CLOSING_SOONEST,
        )
