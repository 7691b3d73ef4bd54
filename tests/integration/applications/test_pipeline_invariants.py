"""The nightly invariant check: silent on a healthy pipeline, names each breach by id only."""

import logging

import pytest

from applications import tasks
from applications.models import Application
from tests.factories.accounts import rocu_hr
from tests.factories.applications import move, submitted_application

pytestmark = pytest.mark.django_db


def test_a_pipeline_moved_only_through_the_service_has_no_breaches(caplog):
    hr = rocu_hr("nersou")
    move(move(submitted_application("a@example.com"), "sift", hr), "on_hold", hr, reason="Wait")
    move(submitted_application("b@example.com"), "unsuccessful", hr, reasons=("posts_filled",))
    with caplog.at_level(logging.INFO, logger="applications.services"):
        assert tasks.check_pipeline_invariants() == 0
    assert "found 0 breach" in caplog.text


def test_rows_written_around_the_service_are_reported_without_personal_data(caplog):
    hr = rocu_hr("nersou")
    application = move(submitted_application("c@example.com"), "sift", hr)
    # Writes that bypass applications.services: what the nightly check is for.
    Application.objects.filter(pk=application.pk).update(stage="offer_confirmed")
    with caplog.at_level(logging.INFO, logger="applications.services"):
        assert tasks.check_pipeline_invariants() == 4
    text = caplog.text
    for invariant in (
        "offer confirmed without cleared checks",
        "offer without two panel scores",
        "stage without its timestamp",
        "stage differs from the last event",
    ):
        assert f"invariant breached: {invariant} (application {application.pk})" in text
    assert "c@example.com" not in text and "Sam Example" not in text
