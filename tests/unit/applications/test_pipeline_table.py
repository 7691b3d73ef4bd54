"""The pipeline's stage table (applications.workflow): complete, consistent, documented."""

from collections import deque
from pathlib import Path

import pytest

from applications import workflow
from applications.workflow import Actor, Guard, GuardFacts, Stage

DOC = Path(__file__).resolve().parents[3] / "docs" / "pipeline.md"
BEGIN, END = "<!-- generated from applications/workflow.py: begin -->", "<!-- generated: end -->"


def _reachable_from(start: Stage) -> set[Stage]:
    seen, queue = {start}, deque([start])
    while queue:
        stage = queue.popleft()
        for move in workflow.MOVES:
            if move.from_stage == stage and move.to_stage not in seen:
                seen.add(move.to_stage)
                queue.append(move.to_stage)
    return seen


def test_every_stage_is_reachable_from_a_draft():
    assert _reachable_from(Stage.DRAFT) == set(Stage)


def test_the_path_the_issue_names_is_there_in_order():
    path = [Stage.DRAFT, *workflow.PATH]
    for from_stage, to_stage in zip(path, path[1:], strict=False):
        if (from_stage, to_stage) == (Stage.PREFERRED, Stage.RESERVE):
            assert workflow.can_move(Stage.INTERVIEW_COMPLETED, Stage.RESERVE, Actor.STAFF)
            continue
        if (from_stage, to_stage) == (Stage.RESERVE, Stage.CONDITIONAL_OFFER):
            assert workflow.can_move(Stage.RESERVE, Stage.PREFERRED, Actor.STAFF)
            continue
        actor = Actor.CANDIDATE if from_stage == Stage.DRAFT else Actor.STAFF
        assert workflow.can_move(from_stage, to_stage, actor), (from_stage, to_stage)


def test_terminal_stages_have_no_exits_and_every_other_stage_has_one():
    for stage in Stage:
        exits = [move for move in workflow.MOVES if move.from_stage == stage]
        if stage in workflow.TERMINAL_STAGES:
            assert exits == [], stage
        else:
            assert exits, stage


def test_every_move_has_both_labels_an_email_and_a_permission_for_staff():
    for move in workflow.MOVES:
        assert move.staff_label.strip() and move.candidate_label.strip(), move
        assert move.email_kind, move
        if Actor.STAFF in move.actors:
            assert move.permission in (workflow.MOVE, workflow.OFFER, workflow.SIFT), move
        assert "reject" not in move.candidate_label.lower()
    for stage, (staff, candidate) in workflow.STAGE_LABELS.items():
        assert staff and candidate, stage
        assert "reject" not in candidate.lower()
    for _staff, candidate in workflow.UNSUCCESSFUL_REASONS.values():
        assert "reject" not in candidate.lower()


def test_offers_need_the_offer_permission_and_every_stage_name_fits_the_column():
    for move in workflow.MOVES:
        if move.to_stage in (Stage.CONDITIONAL_OFFER, Stage.OFFER_CONFIRMED):
            assert move.permission == workflow.OFFER
    assert max(len(stage.value) for stage in Stage) <= workflow.STAGE_MAX_LENGTH


def test_the_ends_and_hold_are_declared():
    assert workflow.move("sift", "unsuccessful", "staff").needs == {workflow.Needs.REASONS}
    assert workflow.can_move("interview_booked", "withdrawn", "candidate")
    assert not workflow.can_move("conditional_offer", "withdrawn", "candidate")
    assert workflow.can_move("conditional_offer", "offer_declined", "candidate")
    assert workflow.move("pre_employment_checks", "offer_withdrawn", "staff").needs == {
        workflow.Needs.REASON
    }
    assert workflow.can_move("interview_invited", "on_hold", "staff")
    assert workflow.can_move("on_hold", "interview_invited", "staff")
    assert not workflow.can_move("sift", "conditional_offer", "staff")
    assert not workflow.can_move("sift", "assessment_invited", "candidate")


def test_off_hold_the_only_way_back_is_to_the_held_stage():
    back = [m.to_stage for m in workflow.moves_from("on_hold", "staff", held_from="sift")]
    assert back == [Stage.SIFT]
    wrong = workflow.move("on_hold", "interview_invited", "staff")
    assert workflow.check_guards(wrong, GuardFacts(held_from="sift")) == [
        "An application comes off hold to the stage it was held at (Sift)"
    ]


@pytest.mark.parametrize(
    ("facts", "override", "problems"),
    [
        (GuardFacts(assessment_score=3.0, pass_mark=3.0), False, []),
        (
            GuardFacts(assessment_score=2.5, pass_mark=3.0),
            False,
            ["The moderated assessment score (2.5) is below the advert's pass mark (3)"],
        ),
        (
            GuardFacts(assessment_score=2.5, pass_mark=3.0),
            True,
            [
                "The moderated assessment score (2.5) is below the advert's pass mark (3)",
                "Give a reason for the override",
            ],
        ),
        (
            GuardFacts(assessment_score=2.5, pass_mark=3.0, override_reason="Panel agreed"),
            True,
            [],
        ),
        (GuardFacts(pass_mark=3.0), False, ["The assessment has no moderated score yet"]),
    ],
)
def test_the_pass_mark_guard_and_its_override(facts, override, problems):
    declared = workflow.move("assessment_completed", "interview_invited", "staff")
    assert workflow.check_guards(declared, facts, override=override) == problems


def test_an_offer_needs_two_panel_scores_and_no_override_lifts_it():
    declared = workflow.move("preferred", "conditional_offer", "staff")
    facts = GuardFacts(interview_panel_scorers=1, override_reason="We are sure")
    assert workflow.check_guards(declared, facts, override=True) == [
        "An offer needs interview scores from at least 2 panel members (there are 1)"
    ]
    assert workflow.check_guards(declared, GuardFacts(interview_panel_scorers=2)) == []


def test_offer_confirmed_lists_every_check_not_cleared():
    declared = workflow.move("pre_employment_checks", "offer_confirmed", "staff")
    assert workflow.check_guards(declared, GuardFacts(checks_cleared={"medical": True})) == [
        "Both references must be satisfactory",
        "The right to work must be checked",
        "Vetting must be cleared at the advert's level",
    ]
    cleared = {"references": True, "medical": True, "right_to_work": True, "vetting": True}
    assert workflow.check_guards(declared, GuardFacts(checks_cleared=cleared)) == []


def test_a_disability_confident_candidate_is_not_unsuccessful_at_sift_without_a_reason():
    at_sift = workflow.move("sift", "unsuccessful", "staff")
    assert Guard.DISABILITY_CONFIDENT_SIFT in at_sift.guards
    assert workflow.check_guards(at_sift, GuardFacts(disability_confident=True))
    assert not workflow.check_guards(
        at_sift, GuardFacts(disability_confident=True, override_reason="No evidence"), override=True
    )
    after_interview = workflow.move("interview_completed", "unsuccessful", "staff")
    assert not workflow.check_guards(after_interview, GuardFacts(disability_confident=True))


def test_docs_pipeline_md_holds_the_diagram_and_tables_drawn_from_the_table():
    """Rewrites the generated part of docs/pipeline.md when it is stale, and fails: commit it."""
    text = DOC.read_text()
    before, rest = text.split(BEGIN, 1)
    _, after = rest.split(END, 1)
    generated = f"{BEGIN}\n{workflow.mermaid()}\n{workflow.markdown_tables()}{END}"
    fresh = before + generated + after
    if fresh != text:
        DOC.write_text(fresh)
        pytest.fail("docs/pipeline.md was stale; it has been redrawn from the table: commit it")
    for stage in Stage:
        assert f"`{stage.value}`" in text


def test_the_sift_permission_covers_exactly_the_sift_decisions():
    sift_moves = {
        (m.from_stage, m.to_stage) for m in workflow.MOVES if m.permission == workflow.SIFT
    }
    assert sift_moves == {
        (Stage.SUBMITTED, Stage.SIFT),
        (Stage.SIFT, Stage.ASSESSMENT_INVITED),
        (Stage.SUBMITTED, Stage.UNSUCCESSFUL),
        (Stage.SIFT, Stage.UNSUCCESSFUL),
    }


def test_each_live_stage_has_a_target_and_a_rocu_may_set_its_own():
    live = set(Stage) - workflow.TERMINAL_STAGES - {Stage.DRAFT}
    assert set(workflow.STAGE_TARGET_DAYS) == live
    assert workflow.is_overdue("sift", 10.5)
    assert not workflow.is_overdue("sift", 9.9)
    assert workflow.is_overdue("sift", 7.5, {"sift": 7})
    assert not workflow.is_overdue("sift", 9.9, {"sift": "seven"})  # a bad override is ignored
    assert not workflow.is_overdue("unsuccessful", 1000)
