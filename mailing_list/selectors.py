"""Reads for the mailing list: who matches an advert, counts for staff."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db.models import Count, Q, QuerySet

from accounts.models import Region, Rocu

from .models import Frequency, Subscriber, SubscriberStatus


def subscribers_matching(*, rocu_ids, frequency: Frequency) -> QuerySet[Subscriber]:
    """Confirmed subscribers at ``frequency`` who want any of ``rocu_ids`` (or anywhere).

    One SQL query: ``wants_everywhere`` OR the id is in the M2M rows for those
    ROCUs (a subquery, so a subscriber with several matching ROCUs appears once).
    """
    through = Subscriber.rocus.through
    return Subscriber.objects.filter(status=SubscriberStatus.CONFIRMED, frequency=frequency).filter(
        Q(wants_everywhere=True)
        | Q(pk__in=through.objects.filter(rocu_id__in=list(rocu_ids)).values("subscriber_id"))
    )


def subscribers_matching_with_rocu_ids(
    *, rocu_ids: Iterable[int], frequency: Frequency, chunk_size: int
) -> Iterator[tuple[int, str, str, str, bool, set[int]]]:
    """(id, email, first name, token key, wants everywhere, which of ``rocu_ids`` they chose)
    for each subscriber ``subscribers_matching`` finds, in id order.

    Portable SQL on purpose (the embedded default is SQLite, which has no array
    aggregate): the subscribers are streamed, and each chunk of ``chunk_size``
    costs one more query for its ROCU choices, so memory stays bounded.
    """
    rocu_ids = list(rocu_ids)
    through = Subscriber.rocus.through
    rows = (
        subscribers_matching(rocu_ids=rocu_ids, frequency=frequency)
        .order_by("pk")
        .values_list("pk", "email", "first_name", "token_key", "wants_everywhere")
    )
    streamed = rows.iterator(chunk_size=chunk_size)
    while chunk := list(islice(streamed, chunk_size)):
        chosen: defaultdict[int, set[int]] = defaultdict(set)
        for subscriber_id, rocu_id in through.objects.filter(
            subscriber_id__in=[row[0] for row in chunk], rocu_id__in=rocu_ids
        ).values_list("subscriber_id", "rocu_id"):
            chosen[subscriber_id].add(rocu_id)
        for row in chunk:
            yield (*row, chosen[row[0]])


def subscriber_counts_by_region() -> list[dict]:
    """Confirmed subscribers per ROCU (and 'anywhere'), in two queries whatever the size."""
    confirmed = Q(subscribers__status=SubscriberStatus.CONFIRMED)
    rows = [
        {
            "label": f"{Region(rocu.region).label} ({rocu.short_name})",
            "immediately": rocu.immediately,
            "weekly": rocu.weekly,
        }
        for rocu in Rocu.objects.annotate(
            immediately=Count(
                "subscribers", filter=confirmed & Q(subscribers__frequency=Frequency.IMMEDIATELY)
            ),
            weekly=Count(
                "subscribers", filter=confirmed & Q(subscribers__frequency=Frequency.WEEKLY)
            ),
        ).order_by("region")
    ]
    everywhere = Subscriber.objects.filter(
        status=SubscriberStatus.CONFIRMED, wants_everywhere=True
    ).aggregate(
        immediately=Count("pk", filter=Q(frequency=Frequency.IMMEDIATELY)),
        weekly=Count("pk", filter=Q(frequency=Frequency.WEEKLY)),
    )
    rows.insert(0, {"label": "Anywhere in England and Wales", **everywhere})
    return rows


def rocus_for_choice() -> QuerySet[Rocu]:
    return Rocu.objects.order_by("region")


def hard_bounced_addresses(*, since) -> list[tuple[str, int]]:
    """(address, SMTP code) for mailing-list emails the SMTP server refused permanently.

    The outbox records a 5xx *recipient* refusal as a failed row with
    ``failure_reason="recipient_refused"`` and the server's ``smtp_code``: that
    is what a hard bounce looks like at our relay. Other failures (a template
    bug, a 5xx for the whole message, an address refused before sending) say
    nothing about the mailbox.
    """
    from notifications.models import FailureReason, Notification, NotificationStatus

    rows = (
        Notification.objects.filter(
            kind__startswith="mailing_list_",
            status=NotificationStatus.FAILED,
            failure_reason=FailureReason.RECIPIENT_REFUSED,
            smtp_code__gte=500,
            created_at__gte=since,
        )
        .order_by("to_email", "-pk")
        .distinct("to_email")
        .values_list("to_email", "smtp_code")
    )
    return list(rows)
