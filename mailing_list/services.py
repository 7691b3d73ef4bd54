"""Writes for the mailing list. Every email goes through the notifications outbox,
in the same transaction as the row that causes it, with an idempotency key.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from core.govuk_dates import govuk_date
from core.site import absolute_url
from notifications.services import (
    NotificationDraft,
    notification_enqueue,
    notification_enqueue_many,
)
from vacancies.models import Vacancy

from . import emails, selectors
from .addresses import address_key, normalise_email
from .models import AlertFanOut, Frequency, Subscriber, SubscriberStatus, new_token_key
from .tokens import Purpose, make_url

logger = logging.getLogger(__name__)

CONSENT_TEXT_VERSION = "2026-11-v1"
UNCONFIRMED_RETENTION = datetime.timedelta(days=7)
RECONFIRM_AFTER = datetime.timedelta(days=365)
RECONFIRM_ANSWER_WITHIN = datetime.timedelta(days=30)


def _list_links(subscriber_id: int, token_key: str) -> dict:
    # Links name the token key only (no id: mailing_list/tokens.py).
    return {
        "manage_url": make_url(token_key=token_key, purpose=Purpose.MANAGE),
        "unsubscribe_url": make_url(token_key=token_key, purpose=Purpose.UNSUBSCRIBE),
    }


def _today_key() -> str:
    return timezone.localdate().isoformat()


def _enqueue_confirmation(subscriber: Subscriber) -> None:
    # One confirmation email per address per day at most, however often they submit.
    notification_enqueue(
        kind=emails.CONFIRM,
        to_email=subscriber.email,
        idempotency_key=f"confirm:{subscriber.pk}:{_today_key()}",
        # No first name: this goes to an address nobody has verified yet, so no
        # text typed on the form may ride along (docs/security.md).
        context={
            "confirm_url": make_url(token_key=subscriber.token_key, purpose=Purpose.CONFIRM),
        },
    )


def _set_preferences(subscriber, *, wants_everywhere: bool, rocu_ids, frequency: str) -> None:
    subscriber.wants_everywhere = wants_everywhere
    subscriber.frequency = frequency
    subscriber.save(update_fields=["wants_everywhere", "frequency", "updated_at"])
    subscriber.rocus.set([] if wants_everywhere else list(rocu_ids))


@transaction.atomic
def subscriber_register(
    *, email: str, first_name: str, wants_everywhere: bool, rocu_ids, frequency: str
) -> None:
    """Record a sign-up and queue the right email. Returns nothing on purpose: the
    caller shows the same page whether or not the address was already known.
    """
    now = timezone.now()
    key = address_key(email)
    subscriber = Subscriber.objects.select_for_update().filter(address_key=key).first()
    if subscriber is None:
        try:
            with transaction.atomic():  # a savepoint: a racing insert of the same address
                subscriber = Subscriber.objects.create(
                    email=normalise_email(email),
                    address_key=key,
                    first_name=first_name.strip(),
                    frequency=frequency,
                    consent_text_version=CONSENT_TEXT_VERSION,
                    consented_at=now,
                )
        except IntegrityError:
            subscriber = Subscriber.objects.select_for_update().get(address_key=key)
        else:
            _set_preferences(
                subscriber,
                wants_everywhere=wants_everywhere,
                rocu_ids=rocu_ids,
                frequency=frequency,
            )
            _enqueue_confirmation(subscriber)
            return

    if subscriber.status == SubscriberStatus.CONFIRMED:
        # Someone else may be typing this address: change nothing, tell the owner.
        notification_enqueue(
            kind=emails.ALREADY_SUBSCRIBED,
            to_email=subscriber.email,
            idempotency_key=f"already:{subscriber.pk}:{_today_key()}",
            context={
                "first_name": subscriber.first_name,
                **_list_links(subscriber.pk, subscriber.token_key),
            },
        )
        return
    if subscriber.status == SubscriberStatus.SUPPRESSED:
        # The address bounced permanently; sending again would only bounce again.
        logger.info("mailing_list: sign-up for suppressed subscriber %s ignored", subscriber.pk)
        return
    # Pending or unsubscribed: take the new answers and ask for confirmation again.
    subscriber.status = SubscriberStatus.PENDING
    subscriber.first_name = first_name.strip()
    subscriber.consent_text_version = CONSENT_TEXT_VERSION
    subscriber.consented_at = now
    subscriber.save(
        update_fields=["status", "first_name", "consent_text_version", "consented_at", "updated_at"]
    )
    _set_preferences(
        subscriber, wants_everywhere=wants_everywhere, rocu_ids=rocu_ids, frequency=frequency
    )
    _enqueue_confirmation(subscriber)


def subscriber_confirm(*, subscriber: Subscriber) -> None:
    """Confirm a pending sign-up; confirming twice is harmless."""
    now = timezone.now()
    Subscriber.objects.filter(pk=subscriber.pk, status=SubscriberStatus.PENDING).update(
        status=SubscriberStatus.CONFIRMED,
        confirmed_at=now,
        last_reconfirmed_at=now,
        updated_at=now,
    )
    subscriber.refresh_from_db()


@transaction.atomic
def subscriber_send_new_confirmation(*, subscriber: Subscriber) -> None:
    """A fresh link for someone whose link expired (only while still pending)."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status == SubscriberStatus.PENDING:
        _enqueue_confirmation(subscriber)


@transaction.atomic
def subscriber_update_preferences(
    *, subscriber: Subscriber, wants_everywhere: bool, rocu_ids, frequency: str
) -> None:
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    _set_preferences(
        subscriber, wants_everywhere=wants_everywhere, rocu_ids=rocu_ids, frequency=frequency
    )


@transaction.atomic
def subscriber_send_new_links(*, subscriber: Subscriber) -> bool:
    """Rotate the subscriber's links and email them fresh ones (their own request,
    from an expired link or the manage page). Every older link stops working.

    At most one a day (key ``newlinks:<subscriber>:<date>``): a second request
    that day changes nothing, so the link already emailed keeps working.
    Returns True if a new email was queued.
    """
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status not in (SubscriberStatus.CONFIRMED, SubscriberStatus.PENDING):
        return False
    token_key = new_token_key()
    queued = notification_enqueue(
        kind=emails.NEW_LINKS,
        to_email=subscriber.email,
        idempotency_key=f"newlinks:{subscriber.pk}:{_today_key()}",
        context=_list_links(subscriber.pk, token_key),
    )
    if queued:
        subscriber.token_key = token_key
        subscriber.save(update_fields=["token_key", "updated_at"])
    return queued


def subscriber_unsubscribe(*, subscriber: Subscriber, reason: str = "") -> None:
    """Stop every email to this subscriber. Repeating it changes nothing further."""
    now = timezone.now()
    Subscriber.objects.filter(
        pk=subscriber.pk, status__in=[SubscriberStatus.PENDING, SubscriberStatus.CONFIRMED]
    ).update(
        status=SubscriberStatus.UNSUBSCRIBED,
        unsubscribed_at=now,
        unsubscribe_reason=reason.strip()[:2000],
        reconfirm_requested_at=None,
        updated_at=now,
    )


def subscriber_keep(*, subscriber: Subscriber) -> None:
    """The answer "yes, keep sending" to the yearly check."""
    now = timezone.now()
    Subscriber.objects.filter(pk=subscriber.pk, status=SubscriberStatus.CONFIRMED).update(
        last_reconfirmed_at=now, reconfirm_requested_at=None, updated_at=now
    )


def subscriber_suppress(*, email: str, reason: str) -> int:
    """Stop all email to an address that hard-bounced (or for another recorded reason).

    Its links are revoked too (new token key). Returns how many rows changed (0 or 1).
    """
    now = timezone.now()
    return (
        Subscriber.objects.filter(address_key=address_key(email))
        .exclude(status=SubscriberStatus.SUPPRESSED)
        .update(
            status=SubscriberStatus.SUPPRESSED,
            suppressed_at=now,
            suppression_reason=reason[:200],
            token_key=new_token_key(),
            updated_at=now,
        )
    )


# --- Hygiene (beat tasks; each is idempotent) -------------------------------------


def subscribers_suppress_hard_bounces(*, within: datetime.timedelta) -> int:
    """Suppress every subscriber whose mailing-list email was refused with a 5xx
    recipient error in the last ``within`` (the outbox records those as failed).
    """
    since = timezone.now() - within
    return sum(
        subscriber_suppress(email=email, reason=f"Hard bounce: SMTP {smtp_code}")
        for email, smtp_code in selectors.hard_bounced_addresses(since=since)
    )


def subscribers_purge_unconfirmed() -> int:
    """Delete sign-ups never confirmed within 7 days: we may not keep or email them."""
    cutoff = timezone.now() - UNCONFIRMED_RETENTION
    deleted, _ = Subscriber.objects.filter(
        status=SubscriberStatus.PENDING, consented_at__lt=cutoff
    ).delete()
    return deleted


def subscribers_request_reconfirmation() -> int:
    """Ask every subscriber confirmed (or re-confirmed) a year ago whether to carry on."""
    now = timezone.now()
    remove_by = timezone.localdate() + RECONFIRM_ANSWER_WITHIN
    due = (
        Subscriber.objects.filter(
            status=SubscriberStatus.CONFIRMED, reconfirm_requested_at__isnull=True
        )
        .annotate(since=Coalesce("last_reconfirmed_at", "confirmed_at"))
        .filter(since__lt=now - RECONFIRM_AFTER)
    )
    count = 0
    for subscriber_id, email, first_name, token_key in due.values_list(
        "pk", "email", "first_name", "token_key"
    ).iterator(chunk_size=settings.MAILING_LIST_FAN_OUT_CHUNK):
        with transaction.atomic():
            marked = Subscriber.objects.filter(
                pk=subscriber_id, reconfirm_requested_at__isnull=True
            ).update(reconfirm_requested_at=now)
            if not marked:
                continue
            notification_enqueue(
                kind=emails.RECONFIRM,
                to_email=email,
                idempotency_key=f"reconfirm:{subscriber_id}:{now.date().isoformat()}",
                context={
                    "first_name": first_name,
                    "keep_url": make_url(token_key=token_key, purpose=Purpose.KEEP),
                    "remove_by": govuk_date(remove_by, weekday=True),
                    **_list_links(subscriber_id, token_key),
                },
            )
            count += 1
    return count


def subscribers_remove_unanswered() -> int:
    """Delete subscribers who did not answer the yearly check within a month."""
    cutoff = timezone.now() - RECONFIRM_ANSWER_WITHIN
    deleted, _ = Subscriber.objects.filter(
        status=SubscriberStatus.CONFIRMED, reconfirm_requested_at__lt=cutoff
    ).delete()
    return deleted


# --- Alerts -------------------------------------------------------------------------


def _advert_context(vacancy_values: dict) -> dict:
    return {
        "title": vacancy_values["title"],
        "reference": vacancy_values["reference"],
        "rocu_name": vacancy_values["rocu__name"],
        "closing_date": govuk_date(vacancy_values["closing_at"], weekday=True),
        "url": absolute_url(reverse("vacancies:detail", args=[vacancy_values["reference"]])),
    }


_ADVERT_FIELDS = ("pk", "reference", "title", "rocu_id", "rocu__name", "closing_at")


def alert_fan_out_record(*, vacancy: Vacancy) -> None:
    """Inside the publish transaction: the durable "send alerts for this advert" row.

    Insert-or-nothing on the vacancy, so a replayed event or a second publication
    records nothing new; the task is queued only once the publication commits.
    """
    fan_out, created = AlertFanOut.objects.get_or_create(vacancy=vacancy)
    if created:
        from .tasks import run_alert_fan_out

        # robust: if Redis is down the publication still succeeds; the resume
        # sweeper (alert_fan_outs_resume) starts the fan-out later.
        transaction.on_commit(lambda: run_alert_fan_out.delay(fan_out.pk), robust=True)


def alert_fan_out_run(*, fan_out_id: int) -> int:
    """Queue one alert per matching "immediately" subscriber; safe to run again.

    Subscribers are streamed from one SQL query (server-side cursor), drafts are
    handed over in chunks, and each key ``alert:<vacancy>:<subscriber>`` is
    insert-or-nothing, so a run cut short by a dead worker is simply run again.
    """
    now = timezone.now()
    claimed = AlertFanOut.objects.filter(pk=fan_out_id, completed_at__isnull=True).update(
        started_at=now
    )
    if not claimed:
        return 0
    fan_out = AlertFanOut.objects.get(pk=fan_out_id)
    vacancy = Vacancy.objects.filter(pk=fan_out.vacancy_id).values(*_ADVERT_FIELDS).first()
    enqueued = 0
    if vacancy is not None:
        advert = _advert_context(vacancy)
        subscribers = (
            selectors.subscribers_matching(
                rocu_ids=[vacancy["rocu_id"]], frequency=Frequency.IMMEDIATELY
            )
            .order_by("pk")
            .values_list("pk", "email", "first_name", "token_key")
        )
        drafts = (
            NotificationDraft(
                kind=emails.ALERT,
                to_email=email,
                idempotency_key=f"alert:{vacancy['pk']}:{subscriber_id}",
                context={
                    "first_name": first_name,
                    "advert": advert,
                    **_list_links(subscriber_id, token_key),
                },
            )
            for subscriber_id, email, first_name, token_key in subscribers.iterator(
                chunk_size=settings.MAILING_LIST_FAN_OUT_CHUNK
            )
        )
        enqueued = notification_enqueue_many(drafts=drafts)
    AlertFanOut.objects.filter(pk=fan_out_id).update(
        completed_at=timezone.now(), enqueued_count=F("enqueued_count") + enqueued
    )
    return enqueued


def alert_fan_outs_pending_ids(*, stale_after: datetime.timedelta) -> list[int]:
    """Fan-outs never started, or started longer ago than ``stale_after`` and unfinished."""
    cutoff = timezone.now() - stale_after
    return list(
        AlertFanOut.objects.filter(completed_at__isnull=True)
        .filter(Q(started_at__isnull=True, created_at__lt=cutoff) | Q(started_at__lt=cutoff))
        .values_list("pk", flat=True)[:100]
    )


def _week_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    monday = day - datetime.timedelta(days=day.weekday())
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
    return start, start + datetime.timedelta(days=7)


def weekly_digest_send(*, week_of: datetime.date) -> int:
    """One email per "weekly" subscriber listing the matching adverts opened in the
    ISO week containing ``week_of`` and still open. Key ``digest:<iso-week>:<id>``.
    """
    start, end = _week_bounds(week_of)
    year, week, _ = week_of.isocalendar()
    week_label = f"{year}-W{week:02d}"
    adverts_by_rocu: dict[int, list[dict]] = {}
    all_adverts: list[dict] = []
    for values in (
        Vacancy.objects.open()
        .filter(published_at__gte=start, published_at__lt=end)
        .order_by("published_at", "pk")
        .values(*_ADVERT_FIELDS)
    ):
        advert = _advert_context(values)
        adverts_by_rocu.setdefault(values["rocu_id"], []).append(advert)
        all_adverts.append(advert)
    if not all_adverts:
        return 0

    subscribers = selectors.subscribers_matching_with_rocu_ids(
        rocu_ids=adverts_by_rocu,
        frequency=Frequency.WEEKLY,
        chunk_size=settings.MAILING_LIST_FAN_OUT_CHUNK,
    )
    week_text = f"{govuk_date(start, year=False)} to {govuk_date(end - datetime.timedelta(days=1))}"

    def drafts():
        for (
            subscriber_id,
            email,
            first_name,
            token_key,
            everywhere,
            rocu_ids,
        ) in subscribers:
            if everywhere:
                adverts = all_adverts
            else:
                adverts = [a for rocu_id in sorted(rocu_ids) for a in adverts_by_rocu[rocu_id]]
            if not adverts:
                continue
            yield NotificationDraft(
                kind=emails.DIGEST,
                to_email=email,
                idempotency_key=f"digest:{week_label}:{subscriber_id}",
                context={
                    "first_name": first_name,
                    "week": week_text,
                    "adverts": adverts,
                    **_list_links(subscriber_id, token_key),
                },
            )

    return notification_enqueue_many(drafts=drafts())


# --- Staff ----------------------------------------------------------------------------


@transaction.atomic
def subscriber_addresses_export(*, by, reason: str, subscriber_ids) -> tuple[str, int]:
    """CSV of the chosen subscribers' addresses, with an audit row saying who and why."""
    from .exports import rows_to_csv
    from .models import AddressExport

    if not by.has_perm("mailing_list.export_subscriber_addresses"):
        raise PermissionDenied("This user may not export subscriber addresses")
    rows = list(
        Subscriber.objects.filter(pk__in=list(subscriber_ids))
        .order_by("pk")
        .values_list(
            "email", "first_name", "status", "frequency", "wants_everywhere", "confirmed_at"
        )
    )
    AddressExport.objects.create(exported_by=by, reason=reason.strip(), row_count=len(rows))
    return rows_to_csv(rows), len(rows)
