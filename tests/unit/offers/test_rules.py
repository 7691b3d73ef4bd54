"""The vetting case's rules and the offer's deadline arithmetic (pure)."""

import datetime

from offers import rules

TODAY = datetime.date(2026, 11, 30)


def _facts(**fields):
    return rules.VettingFacts(**{"status": "not_started", **fields})


def test_each_status_needs_its_dates_and_a_refusal_its_reason():
    assert rules.vetting_problems(_facts(), today=TODAY) == {}
    assert set(rules.vetting_problems(_facts(status="submitted"), today=TODAY)) == {
        "forms_sent_on",
        "submitted_on",
    }
    assert set(rules.vetting_problems(_facts(status="refused"), today=TODAY)) == {
        "decided_on",
        "refusal_detail",
    }


def test_dates_are_in_order_and_not_in_the_future():
    problems = rules.vetting_problems(
        _facts(
            status="cleared",
            forms_sent_on=TODAY,
            submitted_on=TODAY - datetime.timedelta(days=3),
            decided_on=TODAY + datetime.timedelta(days=1),
        ),
        today=TODAY,
    )
    assert problems == {
        "submitted_on": "The date must not be before the date the forms were sent",
        "decided_on": "The date must be today or in the past",
    }


def test_only_a_refusal_is_appealed_and_an_appeal_decision_has_both_parts():
    assert "appeal_lodged_on" in rules.vetting_problems(
        _facts(status="cleared", decided_on=TODAY, appeal_lodged_on=TODAY), today=TODAY
    )
    refused = {"status": "refused", "decided_on": TODAY, "refusal_detail": "x"}
    assert "appeal_outcome" in rules.vetting_problems(
        _facts(**refused, appeal_lodged_on=TODAY, appeal_decided_on=TODAY), today=TODAY
    )


def test_an_upheld_appeal_clears_and_a_refusal_is_final_only_without_an_appeal_waiting():
    refused = _facts(status="refused", decided_on=TODAY, refusal_detail="x")
    assert rules.vetting_refused_finally(refused)
    waiting = _facts(status="refused", decided_on=TODAY, appeal_lodged_on=TODAY)
    assert not rules.vetting_refused_finally(waiting)
    upheld = _facts(
        status="refused", appeal_lodged_on=TODAY, appeal_decided_on=TODAY, appeal_outcome="upheld"
    )
    assert rules.vetting_cleared_on(upheld) == TODAY and not rules.vetting_refused_finally(upheld)
    dismissed = _facts(
        status="refused",
        appeal_lodged_on=TODAY,
        appeal_decided_on=TODAY,
        appeal_outcome="dismissed",
    )
    assert rules.vetting_refused_finally(dismissed) and rules.vetting_cleared_on(dismissed) is None


def test_renewal_is_the_levels_period_after_clearance():
    assert rules.renewal_due_on(TODAY, 10) == datetime.date(2036, 11, 30)
    assert rules.renewal_due_on(datetime.date(2028, 2, 29), 7) == datetime.date(2035, 2, 28)
    assert rules.renewal_due_on(TODAY, None) is None
    assert rules.renewal_due_on(None, 10) is None
