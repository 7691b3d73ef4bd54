"""ROCU HR's daily email: counts only, only when there is something to say, once a day."""

import datetime

import pytest
from django.utils import timezone

from applications import services
from notifications.models import Notification
from notifications.services import notification_render
from tests.factories.accounts import rocu_hr, rocu_lead
from tests.factories.applications import submitted_application

pytestmark = pytest.mark.django_db


def test_rocu_hr_get_one_digest_a_day_with_counts_and_nothing_personal():
    nersou_hr = rocu_hr("nersou", email="hr@nersou.example")
    rocu_hr("semrocu", email="hr@semrocu.example")  # nothing happened there
    rocu_lead("nersou", email="lead@nersou.example")  # not HR
    submitted_application("cand@example.com")
    tomorrow = timezone.now() + datetime.timedelta(days=1)

    assert services.pipeline_hr_digest_send(now=tomorrow) == 1
    assert services.pipeline_hr_digest_send(now=tomorrow) == 0
    email = Notification.objects.get(kind="pipeline_hr_digest")
    assert email.to_email == nersou_hr.email
    assert email.context["received"] == 1 and email.context["overdue"] == 0
    assert email.context["admin_url"] == "https://recruit.toex.test/admin/applications/application/"
    rendered = notification_render(kind=email.kind, context=email.context)
    assert "received yesterday: 1" in rendered.text
    assert "cand@example.com" not in rendered.text and "Sam Example" not in rendered.text

    # Two weeks on, nothing new was received but it is overdue at submitted.
    later = timezone.now() + datetime.timedelta(days=15)
    assert services.pipeline_hr_digest_send(now=later) == 1
    latest = Notification.objects.filter(kind="pipeline_hr_digest").latest("id")
    assert (latest.context["received"], latest.context["overdue"]) == (0, 1)
