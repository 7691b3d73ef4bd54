"""The rounds' stages match the pipeline's table; the calendar file survives awkward text."""

import icalendar

from applications import workflow
from scheduling import calendar
from scheduling.rounds import STAGES, Round, round_for_event, round_for_stage


def test_each_round_names_stages_and_events_the_pipeline_declares_for_the_candidate():
    for stages in STAGES.values():
        booked = workflow.move(stages.invited, stages.booked, workflow.Actor.CANDIDATE)
        cancelled = workflow.move(stages.booked, stages.invited, workflow.Actor.CANDIDATE)
        assert (booked.event, cancelled.event) == (stages.booked_event, stages.cancelled_event)
        invited = [m for m in workflow.MOVES if m.to_stage == stages.invited and m.event]
        assert stages.invited_event in {m.event for m in invited}


def test_events_and_stages_map_back_to_their_round():
    assert round_for_event("interview_booking_cancelled") == (Round.INTERVIEW, "cancelled")
    assert round_for_event("assessment_invited") == (Round.ASSESSMENT, "invited")
    assert round_for_event("sift_started") is None
    assert round_for_stage("interview_booked") == Round.INTERVIEW
    assert round_for_stage("assessment_completed") is None


def test_the_calendar_file_parses_with_commas_semicolons_and_long_places():
    place = "Suite 4; Floor 2, Long Building Name " + "x" * 120 + ", Leeds\\LS1"
    event = {
        "uid": "application-7-assessment@toex.example",
        "sequence": 3,
        "starts_at": "2027-01-12T10:00:00+00:00",
        "ends_at": "2027-01-12T12:00:00+00:00",
        "stamp": "2026-12-01T09:00:00+00:00",
        "summary": "Assessment exercise: Intelligence Researcher, Durham",
        "location": place,
        "cancelled": False,
    }
    text = calendar.ics_text(event)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # folded (RFC 5545 3.1)
    (parsed,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert str(parsed["LOCATION"]) == place
    assert str(parsed["SUMMARY"]) == event["summary"]
    assert int(parsed["SEQUENCE"]) == 3
    (attachment,) = calendar.calendar_attachments({"calendar_event": {**event, "cancelled": True}})
    assert attachment.mimetype == "text/calendar; method=CANCEL"
    assert "STATUS:CANCELLED" in attachment.content
    assert calendar.calendar_attachments({"calendar_event": None}) == []
