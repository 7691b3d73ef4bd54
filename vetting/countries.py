"""The ISO 3166-1 country list for the self-check, the United Kingdom first.

From pycountry (the same data rules.py validates against), using the everyday
name where ISO gives a formal one ("South Korea", not "Korea, Republic of").
"""

from functools import cache

import pycountry

from .rules import UK_COUNTRY_CODE


@cache
def country_choices() -> tuple[tuple[str, str], ...]:
    """(code, name) pairs: the UK, then every other country by name."""
    others = sorted(
        (
            (country.alpha_2, _everyday_name(country))
            for country in pycountry.countries
            if country.alpha_2 != UK_COUNTRY_CODE
        ),
        key=lambda choice: choice[1].casefold(),
    )
    return ((UK_COUNTRY_CODE, "United Kingdom"), *others)


@cache
def _names_by_code() -> dict[str, str]:
    return dict(country_choices())


def country_name(code: str) -> str:
    return _names_by_code().get(code, code)


def is_country_code(code: str) -> bool:
    return code in _names_by_code()


def _everyday_name(country) -> str:
    return getattr(country, "common_name", None) or country.name


@cache
def _option_tags(language: str | None) -> tuple[tuple[str, str], ...]:
    """Built once per language: the empty choice's words are translated."""
    from django.utils.html import escape
    from django.utils.translation import gettext

    options = (("", gettext("Select a country")), *country_choices())
    return tuple(
        (code, f'<option value="{escape(code)}">{escape(name)}</option>') for code, name in options
    )


def country_options_html(selected: str | None) -> str:
    """The country select's ~250 <option>s, built once: looping over them in the
    template cost several milliseconds a request (docs/performance.md)."""
    from django.utils.translation import get_language

    options, selected_at = _options_with_none_selected(get_language())
    # Where the chosen option's tag closes: the same markup with " selected" put in,
    # without walking the ~250 options again (about 10 us a request).
    at = selected_at.get(selected) if selected else None
    return options if at is None else f"{options[:at]} selected{options[at:]}"


@cache
def _options_with_none_selected(language: str | None) -> tuple[str, dict[str, int]]:
    """The options' markup, and for each country code where its opening tag closes."""
    parts, selected_at, length = [], {}, 0
    for code, tag in _option_tags(language):
        if code:
            selected_at[code] = length + tag.index('">') + 1
        parts.append(tag)
        length += len(tag)
    return "".join(parts), selected_at
