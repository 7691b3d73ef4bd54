"""What the mailing list holds about a person: their subscription.

Registered with ``privacy.registry`` from ``MailingListConfig.ready()``.
(Unconfirmed sign-ups are deleted after 7 days and unanswered yearly checks after
a month by this app's own jobs; the unsubscribed rule is here.)
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from privacy.registry import ExportSection, PersonalDataProvider, RetentionRule

from .models import Subscriber, SubscriberStatus


def _subscribers(key: str):
    return Subscriber.objects.filter(address_key=key).prefetch_related("rocus")


def export(key: str) -> list[ExportSection]:
    records = [
        {
            "email": subscriber.email,
            "first_name": subscriber.first_name,
            "regions": "everywhere"
            if subscriber.wants_everywhere
            else ", ".join(rocu.name for rocu in subscriber.rocus.all()),
            "frequency": subscriber.get_frequency_display(),
            "status": subscriber.get_status_display(),
            "consent_text_version": subscriber.consent_text_version,
            "consented_at": subscriber.consented_at,
            "confirmed_at": subscriber.confirmed_at,
            "last_reconfirmed_at": subscriber.last_reconfirmed_at,
            "unsubscribed_at": subscriber.unsubscribed_at,
            "unsubscribe_reason": subscriber.unsubscribe_reason,
            "suppressed_at": subscriber.suppressed_at,
        }
        for subscriber in _subscribers(key)
    ]
    return [
        ExportSection(
            title=_("Mailing list"),
            records=records,
            explanation=_("The job alerts you asked for, and the consent you gave."),
        )
    ]


def erasure_preview(key: str) -> list[str]:
    return ["Mailing-list subscription deleted"] if _subscribers(key).exists() else []


def erase(key: str) -> dict[str, int]:
    deleted = Subscriber.objects.filter(address_key=key).delete()[1].get(Subscriber._meta.label, 0)
    return {"subscriptions deleted": deleted}


def unsubscribed_delete(*, cutoff: datetime.datetime, batch_size: int) -> int:
    with transaction.atomic():
        ids = list(
            Subscriber.objects.filter(
                status=SubscriberStatus.UNSUBSCRIBED, unsubscribed_at__lt=cutoff
            )
            .order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:batch_size]
        )
        Subscriber.objects.filter(pk__in=ids).delete()
    return len(ids)


PROVIDER = PersonalDataProvider(
    name="mailing_list", export=export, erasure_preview=erasure_preview, erase=erase, order=30
)

RETENTION_RULES = (
    RetentionRule(
        key="mailing_list.unsubscribed",
        what="Unsubscribed mailing-list addresses",
        counted_from="the unsubscribe",
        action="deleted",
        apply=unsubscribed_delete,
    ),
)
