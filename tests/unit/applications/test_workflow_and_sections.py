"""The stage table and the section rules: pure, no database."""

from datetime import date
from pathlib import Path

import pytest

from applications import sections, workflow
from applications.forms import PlainTextField


def test_the_declared_moves_are_the_only_moves():
    assert workflow.move("draft", "submitted", "candidate").email_kind == "application_submitted"
    assert workflow.can_move("submitted", "withdrawn", "candidate")
    for from_stage, to_stage, actor in [
        ("draft", "withdrawn", "candidate"),
        ("submitted", "draft", "candidate"),
        ("withdrawn", "submitted", "candidate"),
        ("draft", "submitted", "staff"),
        ("draft", "nonsense", "candidate"),
    ]:
        with pytest.raises(workflow.MoveRefused):
            workflow.move(from_stage, to_stage, actor)


def test_every_stage_has_its_own_timestamp_field():
    assert workflow.STAGE_TIMESTAMP_FIELDS["draft"] == "draft_at"
    assert workflow.STAGE_TIMESTAMP_FIELDS["pre_employment_checks"] == "pre_employment_checks_at"
    assert len(workflow.STAGE_TIMESTAMP_FIELDS) == len(workflow.Stage)


def test_the_workflow_module_imports_no_django():
    source = Path(workflow.__file__).read_text()
    assert "django" not in source.lower().replace("no django import", "")


def test_word_count_counts_runs_of_non_space_like_the_govuk_component():
    assert sections.word_count("") == 0
    assert sections.word_count("  one\ttwo\n\nthree  ") == 3


def test_uncovered_stretches_finds_gaps_at_the_start_middle_and_end():
    gaps = sections.uncovered_stretches(
        [(date(2020, 2, 1), date(2020, 3, 31)), (date(2020, 5, 1), date(2020, 5, 31))],
        window_start=date(2020, 1, 1),
        window_end=date(2020, 6, 30),
    )
    assert [(gap.start, gap.end) for gap in gaps] == [
        (date(2020, 1, 1), date(2020, 1, 31)),
        (date(2020, 4, 1), date(2020, 4, 30)),
        (date(2020, 6, 1), date(2020, 6, 30)),
    ]


def test_only_gaps_over_three_months_in_the_last_three_years_count():
    as_of = date(2026, 11, 30)
    spans = [(date(2026, 3, 1), None), (date(2020, 1, 1), date(2025, 11, 28))]
    gaps = sections.employment_gaps(spans, as_of=as_of)
    assert [(gap.start, gap.end) for gap in gaps] == [(date(2025, 11, 29), date(2026, 2, 28))]
    # 91 days is allowed, 92 is not.
    assert not sections.employment_gaps(
        [(date(2023, 1, 1), date(2025, 12, 30)), (date(2026, 4, 1), None)], as_of=date(2026, 11, 30)
    )


def test_referees_and_questions_status():
    assert (
        sections.referees_status(count=0, has_recent_employer=False, consent=False) == "not_started"
    )
    assert (
        sections.referees_status(count=2, has_recent_employer=False, consent=True) == "incomplete"
    )
    assert sections.referees_status(count=2, has_recent_employer=True, consent=True) == "completed"
    assert sections.questions_status(answers=[("a b c", 3), ("", 3)]) == "incomplete"
    assert sections.questions_status(answers=[("a b c d", 3), ("x", 3)]) == "incomplete"
    assert sections.questions_status(answers=[("a b c", 3), ("x", 3)]) == "completed"
    assert sections.questions_status(answers=[]) == "completed"


def test_plain_text_strips_control_characters_but_keeps_lines():
    field = PlainTextField(required=False, max_length=100)
    assert field.clean("a\x00b\x1bc\r\nd\te\u2028") == "abc\nd\te"
