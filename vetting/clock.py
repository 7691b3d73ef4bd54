"""The self-check's idea of "today": the one clock seam of the vetting app.

The rule engine never reads the clock (its date is passed in). The public
self-check assesses "as of today" in the UK, whatever the server's time zone,
so every view asks this module. Tests move it with time-machine, which also
moves the live server's clock in browser tests.
"""

from datetime import date
from zoneinfo import ZoneInfo

from django.utils import timezone

# The rule's dates are UK calendar dates (docs/vetting-rule.md, "Inputs": "Europe/London").
UK_TIME_ZONE = ZoneInfo("Europe/London")


def today() -> date:
    """Today's date in the UK."""
    return timezone.now().astimezone(UK_TIME_ZONE).date()
