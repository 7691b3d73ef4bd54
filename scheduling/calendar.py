"""The calendar file (RFC 5545 .ics) sent with a booking's emails.

Built at send time from the email's stored context (``calendar_event``), so the
outbox keeps JSON only and a re-send builds the same file. One event per
application and round (the UID), with SEQUENCE counting the bookings made for
that round: a changed slot updates the event already in the candidate's
calendar, and a cancellation (METHOD:CANCEL) removes it.
"""

from __future__ import annotations

import datetime

import icalendar
from django.conf import settings
from django.utils.translation import gettext

from notifications.kinds import Attachment

CONTEXT_KEY = "calendar_event"
FILENAME = "invite.ics"


def calendar_event_context(*, booking, slot, job_title: str, cancelled: bool) -> dict:
    """What the email context holds for the file: JSON, no personal data."""
    return {
        "uid": (
            f"application-{booking.application_id}-{booking.round}"
            f"@{settings.NOTIFICATIONS_MESSAGE_ID_DOMAIN}"
        ),
        # A cancellation outranks the booking it cancels.
        "sequence": booking.sequence + (1 if cancelled else 0),
        "starts_at": slot.starts_at.astimezone(datetime.UTC).isoformat(),
        "ends_at": slot.ends_at.astimezone(datetime.UTC).isoformat(),
        "stamp": booking.booked_at.astimezone(datetime.UTC).isoformat(),
        "summary": f"{slot.get_round_display()}: {job_title}",
        # The round's name and "Online" are in the language of the request that booked.
        "location": gettext("Online") if slot.online else slot.place,
        "cancelled": cancelled,
    }


def ics_text(event: dict) -> str:
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.SERVICE_NAME}//Bookings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if event["cancelled"] else "PUBLISH")
    entry = icalendar.Event()
    entry.add("uid", event["uid"])
    entry.add("sequence", event["sequence"])
    entry.add("dtstamp", datetime.datetime.fromisoformat(event["stamp"]))
    entry.add("dtstart", datetime.datetime.fromisoformat(event["starts_at"]))
    entry.add("dtend", datetime.datetime.fromisoformat(event["ends_at"]))
    entry.add("summary", event["summary"])
    entry.add("location", event["location"])
    entry.add("status", "CANCELLED" if event["cancelled"] else "CONFIRMED")
    calendar.add_component(entry)
    return calendar.to_ical().decode()


def calendar_attachments(context: dict) -> list[Attachment]:
    """The email kinds' attachment hook: a file when the context holds an event."""
    event = context.get(CONTEXT_KEY)
    if not event:
        return []
    method = "CANCEL" if event["cancelled"] else "PUBLISH"
    return [Attachment(FILENAME, ics_text(event), f"text/calendar; method={method}")]
