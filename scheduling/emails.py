"""The booking emails of our own: a changed (or staff-recorded) booking, and the reminder.

The first booking and a cancellation are stage moves, so their emails are the
application's stage emails (with the slot and the calendar file added through
``applications.extensions``). Both kinds here carry the calendar file too.
"""

from notifications.kinds import EmailKind, register

from .calendar import calendar_attachments

BOOKING_CONFIRMED = "scheduling_booking_confirmed"
BOOKING_REMINDER = "scheduling_booking_reminder"

_EXAMPLE = {
    "job_title": "Intelligence Researcher (TOEX)",
    "application_reference": "NERSOU-2026-0012-0042",
    "link_url": "https://recruit.toex.example/your-applications/42/book/assessment/",
    "appointment_when": "10am to midday on Tuesday 12 January 2027",
    "appointment_where": "Online: we will email you the link to join",
}

# Subjects are templates of their own, so that makemessages finds their words (it
# reads templates, but not template strings inside Python).
for _name in (BOOKING_CONFIRMED, BOOKING_REMINDER):
    register(
        EmailKind(
            name=_name,
            subject=f'{{% include "emails/{_name}_subject.txt" %}}',
            text_template=f"emails/{_name}.txt",
            html_template=f"emails/{_name}.html",
            example_context=_EXAMPLE,
            attachments=calendar_attachments,
        )
    )
