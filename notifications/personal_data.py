"""What the outbox holds about a person: every email sent (or to be sent) to their address.

Registered with ``privacy.registry`` from ``NotificationsConfig.ready()``. A row's
kind, status and times stay for counts; the address, the email's context (names,
links) and the last error (which may quote the address) go.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from privacy.registry import ExportSection, PersonalDataProvider, RetentionRule

from .models import Notification, NotificationStatus

_BLANKED = {"to_email": "", "context": {}, "last_error": ""}
_DONE = (NotificationStatus.SENT, NotificationStatus.FAILED)


def _rows(key: str):
    return Notification.objects.filter(to_email__iexact=key)


def export(key: str) -> list[ExportSection]:
    records = [
        {
            "kind": row.kind,
            "to": row.to_email,
            "status": row.status,
            "created_at": row.created_at,
            "sent_at": row.sent_at,
            # Links in emails are credentials (sign-in, manage, unsubscribe): left out.
            "content": {k: v for k, v in row.context.items() if not k.endswith("_url")},
        }
        for row in _rows(key).order_by("created_at", "pk")
    ]
    return [
        ExportSection(
            title=_("Emails sent"),
            records=records,
            explanation=_("Every email we sent, or meant to send, to your address."),
        )
    ]


def erasure_preview(key: str) -> list[str]:
    count = _rows(key).count()
    return [f"Emails: address and contents removed from {count} outbox rows"] if count else []


def erase(key: str) -> dict[str, int]:
    # An email not sent yet must not go to someone who asked to be erased.
    unsent, _ = _rows(key).filter(status=NotificationStatus.PENDING).delete()
    blanked = _rows(key).update(**_BLANKED)
    return {"unsent deleted": unsent, "blanked": blanked}


def addresses_blank(*, cutoff: datetime.datetime, batch_size: int) -> int:
    with transaction.atomic():
        ids = list(
            Notification.objects.filter(status__in=_DONE, created_at__lt=cutoff)
            .exclude(to_email="")
            .order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:batch_size]
        )
        Notification.objects.filter(pk__in=ids).update(**_BLANKED)
    return len(ids)


PROVIDER = PersonalDataProvider(
    name="notifications", export=export, erasure_preview=erasure_preview, erase=erase, order=90
)

RETENTION_RULES = (
    RetentionRule(
        key="notifications.addresses",
        what="Emails sent or failed: the address and contents",
        counted_from="when the email was queued",
        action="anonymised",
        apply=addresses_blank,
    ),
)
