"""How a slot is described to people: when and where, in GOV.UK style."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_lazy, gettext_noop

from core.govuk_dates import govuk_date, govuk_time

# The round's name in the candidate's sentences ("Book your assessment").
ROUND_NAMES = {"assessment": gettext_lazy("assessment"), "interview": gettext_lazy("interview")}
ONLINE = gettext_noop("Online: we will email you the link to join")


def slot_when(slot) -> str:
    """ "10am to midday on Tuesday 12 January 2027" (UK time)."""
    return gettext("%(start)s to %(end)s on %(day)s") % {
        "start": govuk_time(slot.starts_at),
        "end": govuk_time(slot.ends_at),
        "day": govuk_date(slot.starts_at, weekday=True),
    }


def slot_where(slot) -> str:
    """The address, or the (translatable) words for an online slot."""
    return ONLINE if slot.online else slot.place
