"""The outbox in admin: National HR only; filters, search, re-send, template preview."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from accounts.models import User
from accounts.roles import NATIONAL_HR, ROCU_HR, ROCU_LEAD
from notifications.models import Notification, NotificationStatus
from notifications.services import NotificationDraft, notification_enqueue_many
from tests.support.staff import login_staff

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/notifications/notification/"
CONTEXT = {"requested_at": "1 December 2026 at 9:00am"}


def staff(role, username=None):
    user = User.objects.create_user(
        username=username or role.replace(" ", "-").lower(), password="x" * 16, is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def make_rows(count, *, status=NotificationStatus.PENDING, prefix="adm"):
    notification_enqueue_many(
        drafts=[
            NotificationDraft(
                "staff_test_email", f"{prefix}{n}@example.com", f"{prefix}:{n}", CONTEXT
            )
            for n in range(count)
        ]
    )
    Notification.objects.filter(idempotency_key__startswith=f"{prefix}:").update(
        status=status, last_error="550 5.1.1 Mailbox does not exist" if status == "failed" else ""
    )


@pytest.mark.parametrize("role", [ROCU_HR, ROCU_LEAD])
def test_rocu_staff_cannot_see_the_outbox(client, role):
    make_rows(1)
    login_staff(client, staff(role))
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(CHANGELIST + "preview/").status_code == 403


def test_national_hr_sees_status_attempts_and_last_error_and_can_filter(client):
    make_rows(2, status=NotificationStatus.FAILED, prefix="bad")
    make_rows(3, status=NotificationStatus.SENT, prefix="good")
    login_staff(client, staff(NATIONAL_HR))

    page = client.get(CHANGELIST, {"status__exact": "failed"})

    assert page.status_code == 200
    body = page.content.decode()
    assert body.count("550 5.1.1 Mailbox does not exist") == 2
    assert page.context["cl"].result_count == 2
    assert client.get(CHANGELIST, {"q": "good:1"}).context["cl"].result_count == 1


@pytest.mark.parametrize("count", [3, 60])
def test_the_outbox_list_runs_a_constant_number_of_queries(
    client, count, django_assert_max_num_queries
):
    make_rows(count, status=NotificationStatus.FAILED)
    login_staff(client, staff(NATIONAL_HR))
    with django_assert_max_num_queries(12):
        assert client.get(CHANGELIST).status_code == 200


def test_national_hr_re_sends_failed_rows_and_only_failed_ones(
    client, django_capture_on_commit_callbacks
):
    make_rows(2, status=NotificationStatus.FAILED, prefix="bad")
    make_rows(1, status=NotificationStatus.SENT, prefix="good")
    login_staff(client, staff(NATIONAL_HR))
    every_id = list(Notification.objects.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST, {"action": "resend_failed", "_selected_action": every_id}, follow=True
        )

    assert "2 failed email(s) queued to send again" in response.content.decode()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "bad0@example.com",
        "bad1@example.com",
    ]
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_a_row_cannot_be_edited_added_or_deleted_in_admin(client):
    make_rows(1)
    login_staff(client, staff(NATIONAL_HR))
    pk = Notification.objects.get().pk
    assert client.get(CHANGELIST + "add/").status_code == 403
    assert client.get(f"{CHANGELIST}{pk}/delete/").status_code == 403
    detail = client.get(f"{CHANGELIST}{pk}/change/")
    assert detail.status_code == 200
    assert b'name="to_email"' not in detail.content  # read-only


def test_the_preview_shows_every_kind_in_text_and_links_its_html(client):
    from notifications import kinds

    login_staff(client, staff(NATIONAL_HR))
    page = client.get(CHANGELIST + "preview/")
    assert page.status_code == 200
    body = page.content.decode()
    for kind in kinds.all_kinds():
        assert f'id="kind-{kind.name}"' in body
        html = client.get(f"{CHANGELIST}preview/{kind.name}/html/")
        assert html.status_code == 200
        assert html.content.startswith(b"<!DOCTYPE html>")
        policy = html["Content-Security-Policy"]
        assert "style-src 'unsafe-inline'" in policy and "script-src 'none'" in policy
    assert "25 November 2026 at 9:30am" in body  # staff_test_email's example data
    assert client.get(CHANGELIST + "preview/nope/html/").status_code == 404
