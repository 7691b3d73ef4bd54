"""Template filters for GOV.UK dates: ``{% load govuk_dates %}``.

``{{ value|govuk_date }}`` gives "14 March 2022", ``{{ value|govuk_datetime }}``
"11:59pm on 14 March 2022", ``{{ value|govuk_time }}`` "11:59pm". All three
come from ``core.govuk_dates``, which every other caller uses too.
"""

from django import template

from core import govuk_dates

register = template.Library()


@register.filter
def govuk_date(value):
    return govuk_dates.govuk_date(value)


@register.filter
def govuk_time(value):
    return govuk_dates.govuk_time(value)


@register.filter
def govuk_datetime(value):
    return govuk_dates.govuk_datetime(value)
