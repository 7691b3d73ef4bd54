"""The closing reminder: one email per unsubmitted draft 48 hours before closing,
exactly once even when the beat task runs twice."""

import datetime

import pytest
from django.utils import timezone

from applications import services, tasks
from notifications.models import Notification
from tests.factories.applications import complete_application, make_candidate, open_vacancy

pytestmark = pytest.mark.django_db


def test_drafts_closing_within_48_hours_get_one_reminder_even_if_the_task_runs_twice():
    now = timezone.now()
    soon = open_vacancy(closing_at=now + datetime.timedelta(hours=47))
    later = open_vacancy(closing_at=now + datetime.timedelta(hours=49))
    draft = complete_application(make_candidate("a@example.com"), soon)
    complete_application(make_candidate("b@example.com"), later)
    sent = complete_application(make_candidate("c@example.com"), soon)
    services.application_submit(application=sent, at=now)

    assert tasks.remind_unsubmitted_drafts.delay().get() == 1
    assert tasks.remind_unsubmitted_drafts.delay().get() == 0

    reminders = Notification.objects.filter(kind="application_closing_reminder")
    assert list(reminders.values_list("to_email", flat=True)) == ["a@example.com"]
    assert reminders.get().idempotency_key == f"application:{draft.pk}:closing-reminder"
    draft.refresh_from_db()
    assert draft.reminder_sent_at is not None


def test_a_closed_advert_gets_no_reminder():
    now = timezone.now()
    vacancy = open_vacancy(closing_at=now + datetime.timedelta(hours=1))
    complete_application(make_candidate(), vacancy)
    assert services.application_drafts_remind(now=now + datetime.timedelta(hours=2)) == 0
