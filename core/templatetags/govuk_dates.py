"""Template filters for GOV.UK dates: ``{% load govuk_dates %}``.

``{{ value|govuk_date }}`` gives "14 March 2022", ``{{ value|govuk_datetime }}``
"11:59pm on 14 March 2022", ``{{ value|govuk_time }}`` "11:59pm". All three
come from ``core.govuk_dates``, which every other caller uses too.
"""

from django import template

from core import govuk_dates

register = template.Library()


# The module's own functions, registered as they are: one formatter for every caller.
register.filter("govuk_date", govuk_dates.govuk_date)
register.filter("govuk_time", govuk_dates.govuk_time)
register.filter("govuk_datetime", govuk_dates.govuk_datetime)
