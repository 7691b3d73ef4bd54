"""Writes for the outbox: enqueue (in the caller's transaction), send, sweep, re-send.

Every email in the service goes through here; docs/outbox.md explains the
guarantees. In short: an outbox row is written in the same transaction as the
change that causes it, under a unique idempotency key; a worker claims rows
atomically, sends them over one SMTP connection per batch and marks each one
sent straight after the server accepted it; a periodic sweeper re-queues rows
that were never queued (Redis down) or whose worker died.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import smtplib
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache, partial
from itertools import islice

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Now
from django.template import Context, engines
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

from . import kinds, liveness
from .addresses import InvalidEmailAddress, check_email_address
from .models import FailureReason, Notification, NotificationStatus

logger = logging.getLogger(__name__)

# Broker failures that must never escape to the caller: the row is already
# committed and the sweeper will queue it later.
_BROKER_ERRORS = (KombuOperationalError, RedisError, OSError)


@dataclass(frozen=True, slots=True)
class NotificationDraft:
    kind: str
    to_email: str
    idempotency_key: str
    context: dict


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str
    headers: dict[str, str]
    attachments: tuple[kinds.Attachment, ...] = ()


# --- Enqueue -----------------------------------------------------------------------


def _address_problem(address: str) -> str:
    """Why we cannot send to ``address`` ("" if we can): notifications/addresses.py."""
    try:
        check_email_address(address)
    except InvalidEmailAddress as problem:
        return str(problem)
    return ""


def _insert_new(drafts: list[NotificationDraft]) -> tuple[list[int], int]:
    """INSERT … ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, for one chunk.

    bulk_create(ignore_conflicts=True) cannot say which rows were new, and only
    new rows may be queued and counted; this one statement can, on PostgreSQL
    and on SQLite (the embedded default) alike.

    A draft whose address cannot receive email is written straight away as
    ``failed`` (``invalid_address``), never queued, so one bad address neither
    stops a fan-out nor reaches the SMTP layer. Returns (ids to queue, rows written).
    """
    if not drafts:
        return [], 0
    table = Notification._meta.db_table
    params: list = []
    for draft in drafts:
        kinds.get(draft.kind)  # an unknown kind is a programming error: fail now, not at send
        problem = _address_problem(draft.to_email)
        # json.dumps (not DjangoJSONEncoder): a context must be plain JSON to render later.
        params += [
            draft.kind,
            draft.to_email,
            draft.idempotency_key,
            json.dumps(draft.context),
            NotificationStatus.FAILED if problem else NotificationStatus.PENDING,
            FailureReason.INVALID_ADDRESS if problem else "",
            f"Invalid address: {problem}" if problem else "",
        ]
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(drafts))
    sql = (
        f"INSERT INTO {table} "  # noqa: S608
        "(kind, to_email, idempotency_key, context, status, failure_reason, last_error) "
        f"VALUES {values} ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, status"
    )
    with db_connection.cursor() as cursor:
        cursor.execute(sql, params)
        written = cursor.fetchall()
    refused = sum(1 for _, status in written if status == NotificationStatus.FAILED)
    if refused:
        logger.warning("%d notification(s) not queued: invalid address", refused)
    queue = sorted(pk for pk, status in written if status == NotificationStatus.PENDING)
    return queue, len(written)


def _queue_send_batch(ids: list[int], *, countdown: float | None = None) -> bool:
    """Queue one send task; never raise if the broker is down (the sweeper covers it)."""
    from .tasks import send_batch

    app = send_batch.app
    try:
        if app.conf.task_always_eager:
            send_batch.apply_async(args=[ids], countdown=countdown)
            return True
        # Fail at once rather than hold a request while Redis is away: Celery's own
        # publish would retry the connection for broker_connection_timeout (~6s).
        with app.pool.acquire(block=True, timeout=2) as broker:
            broker.ensure_connection(max_retries=0)
            send_batch.apply_async(args=[ids], countdown=countdown, retry=False, connection=broker)
    except _BROKER_ERRORS as exc:
        # No addresses or ids in bulk: how many, and why.
        logger.warning(
            "Could not queue %d notification(s) (%s); they stay pending for the sweeper",
            len(ids),
            type(exc).__name__,
        )
        return False
    return True


def notification_enqueue(*, kind: str, to_email: str, idempotency_key: str, context: dict) -> bool:
    """Write one outbox row in the caller's transaction; queue its send after commit.

    Returns True if the row is new, False if that idempotency key already exists
    (then nothing is written or queued). A row for an address that cannot receive
    email is new but ``failed`` at once (``invalid_address``) and never queued.
    """
    ids, written = _insert_new([NotificationDraft(kind, to_email, idempotency_key, context)])
    if ids:
        transaction.on_commit(partial(_queue_send_batch, ids))
    return bool(written)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def notification_enqueue_many(*, drafts: Iterable[NotificationDraft]) -> int:
    """Write many outbox rows (a fan-out) in chunks; returns how many were new.

    The drafts are consumed lazily, one chunk (NOTIFICATIONS_BATCH_SIZE) at a
    time, so memory does not grow with their number: pass a generator over an
    ``.iterator()`` queryset. Each chunk's new rows become one send task, queued
    when the caller's transaction commits.
    """
    created = 0
    for chunk in _chunks(drafts, settings.NOTIFICATIONS_BATCH_SIZE):
        ids, written = _insert_new(chunk)
        created += written
        if ids:
            # Held until commit as id ranges (one INSERT's ids are nearly always
            # consecutive), so a 100,000-row fan-out keeps ~200 small tuples, not 100,000 ints.
            transaction.on_commit(partial(_queue_id_ranges, _as_ranges(ids)))
    return created


def _as_ranges(ids: list[int]) -> tuple[tuple[int, int], ...]:
    ranges: list[tuple[int, int]] = []
    for pk in ids:  # sorted
        if ranges and ranges[-1][1] == pk - 1:
            ranges[-1] = (ranges[-1][0], pk)
        else:
            ranges.append((pk, pk))
    return tuple(ranges)


def _queue_id_ranges(ranges: tuple[tuple[int, int], ...]) -> None:
    _queue_send_batch([pk for first, last in ranges for pk in range(first, last + 1)])


# --- Render ------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _compiled_subject(source: str):
    return engines["django"].engine.from_string(source)


def message_id_for(idempotency_key: str) -> str:
    """A Message-ID that is the same on every attempt, so a receiving system can
    recognise a re-send; hashed, because keys hold database ids."""
    domain = settings.NOTIFICATIONS_MESSAGE_ID_DOMAIN
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:40]
    return f"<{digest}@{domain}>"


def notification_render(*, kind: str, context: dict) -> RenderedEmail:
    email_kind = kinds.get(kind)
    engine = engines["django"].engine
    full_context = {
        **context,
        "service_name": settings.SERVICE_NAME,
        "site_url": settings.SITE_URL,
    }
    subject = _compiled_subject(email_kind.subject).render(Context(full_context, autoescape=False))
    subject = " ".join(subject.split())  # a header: no newlines
    full_context["subject"] = subject
    text = engine.get_template(email_kind.text_template).render(
        Context(full_context, autoescape=False)
    )
    html = engine.get_template(email_kind.html_template).render(Context(full_context))
    headers = dict(email_kind.headers(context)) if email_kind.headers else {}
    attachments = tuple(email_kind.attachments(context)) if email_kind.attachments else ()
    return RenderedEmail(
        subject=subject, text=text, html=html, headers=headers, attachments=attachments
    )


# --- Send --------------------------------------------------------------------------


class _Pacer:
    """NOTIFICATIONS_MAX_PER_SECOND within one worker process (0 = unlimited)."""

    def __init__(self, per_second: float):
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self.next_at = time.monotonic()

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if self.next_at > now:
            time.sleep(self.next_at - now)
        self.next_at = max(now, self.next_at) + self.interval


def _is_permanent(exc: BaseException) -> bool:
    """5xx replies are permanent; 4xx, disconnects and network errors are transient."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


def _smtp_code(exc: BaseException) -> int | None:
    """The server's reply code (for a refused recipient, that recipient's), if any."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return max(codes) if codes else None
    return getattr(exc, "smtp_code", None)


def _permanent_reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return FailureReason.RECIPIENT_REFUSED
    return FailureReason.MESSAGE_REFUSED


def _log_reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _ in exc.recipients.values()})
        return f"{type(exc).__name__} {','.join(map(str, codes))}"
    return f"{type(exc).__name__} {getattr(exc, 'smtp_code', '')}".strip()


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def _claim(ids: list[int], token: str) -> list[Notification]:
    """Claim the due, pending rows among ``ids`` for this run, atomically.

    SKIP LOCKED: a row another worker is claiming right now is simply not ours;
    the status condition: a row already claimed or sent is not claimable.
    """
    with transaction.atomic():
        claimable = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk__in=ids, status=NotificationStatus.PENDING, available_at__lte=Now())
            .values_list("pk", flat=True)
        )
        if not claimable:
            return []
        Notification.objects.filter(pk__in=claimable).update(
            status=NotificationStatus.SENDING,
            claimed_at=Now(),
            claim_token=token,
            # Whose claim this is: if that process stops beating, the sweeper takes it back.
            claimed_by=liveness.worker_identity(),
            attempts=F("attempts") + 1,
        )
    return list(
        Notification.objects.filter(pk__in=claimable, claim_token=token)
        .only("pk", "kind", "to_email", "idempotency_key", "context", "attempts")
        .order_by("pk")
    )


def _mine(row: Notification, token: str):
    return Notification.objects.filter(
        pk=row.pk, status=NotificationStatus.SENDING, claim_token=token
    )


def _still_mine(row: Notification, token: str) -> bool:
    """Renew this row's claim just before sending it; False if it was taken back.

    The lease then runs from this moment, not from the batch's claim, and a row
    the sweeper reclaimed (a lease set too short) is left to whoever holds it now.
    """
    return _mine(row, token).update(claimed_at=Now()) == 1


def _mark_sent(row: Notification, token: str) -> None:
    # Its own tiny transaction (autocommit), straight after the server's 250.
    _mine(row, token).update(
        status=NotificationStatus.SENT,
        sent_at=Now(),
        claim_token="",
        last_error="",
        smtp_code=None,
    )


def _mark_failed(
    row: Notification, token: str, error: str, *, reason: str, smtp_code: int | None = None
) -> None:
    _mine(row, token).update(
        status=NotificationStatus.FAILED,
        claim_token="",
        last_error=error,
        failure_reason=reason,
        smtp_code=smtp_code,
    )


def _backoff_seconds(attempts: int) -> float:
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), settings.NOTIFICATIONS_RETRY_MAX_SECONDS)


def _mark_retry(
    row: Notification, token: str, error: str, *, smtp_code: int | None = None
) -> float | None:
    """Back to pending after a back-off, or failed at the attempt limit.

    Returns the back-off in seconds, or None if the row has now failed.
    """
    if row.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        _mark_failed(
            row,
            token,
            f"Gave up after {row.attempts} attempts. {error}",
            reason=FailureReason.RETRIES_EXHAUSTED,
            smtp_code=smtp_code,
        )
        return None
    delay = _backoff_seconds(row.attempts)
    _mine(row, token).update(
        status=NotificationStatus.PENDING,
        available_at=timezone.now() + timedelta(seconds=delay),
        claimed_at=None,
        claim_token="",
        claimed_by="",
        last_error=error,
        smtp_code=smtp_code,
    )
    return delay


def _queue_retry(ids: list[int], *, delay: float) -> None:
    # Redis hands an unacknowledged ETA task to another worker after the
    # visibility timeout, again and again while it waits: long back-offs are
    # left to the sweeper instead, which finds the row once it is due.
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    if delay < visibility / 2:
        _queue_send_batch(ids, countdown=delay)


def _release(rows: list[Notification], token: str) -> None:
    """Hand unsent claimed rows back, without counting the attempt against them."""
    Notification.objects.filter(
        pk__in=[row.pk for row in rows], status=NotificationStatus.SENDING, claim_token=token
    ).update(
        status=NotificationStatus.PENDING,
        claimed_at=None,
        claim_token="",
        claimed_by="",
        attempts=F("attempts") - 1,
    )


def _build_message(row: Notification, smtp) -> EmailMultiAlternatives:
    rendered = notification_render(kind=row.kind, context=row.context)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.to_email],
        headers={**rendered.headers, "Message-ID": message_id_for(row.idempotency_key)},
        connection=smtp,
    )
    message.attach_alternative(rendered.html, "text/html")
    for attachment in rendered.attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    released: int = 0


def notification_send_batch(*, ids: list[int]) -> SendResult:
    """Claim and send the given rows over one SMTP connection.

    Each row is marked sent in its own transaction right after the server
    accepted it, so if this process is killed at most the one message in flight
    is uncertain (docs/outbox.md). A row that cannot be sent for a reason of its
    own (its address, its template, anything unexpected) is set aside as
    ``failed`` with a reason code, and the rest of the batch goes on.
    """
    result = SendResult()
    token = uuid.uuid4().hex
    rows = _claim(ids, token)
    if not rows:
        return result
    retry_delays: list[float] = []
    retry_ids: list[int] = []

    def retry_later(row: Notification, error: str, smtp_code: int | None = None) -> None:
        delay = _mark_retry(row, token, error, smtp_code=smtp_code)
        if delay is None:
            result.failed += 1
        else:
            result.retried += 1
            retry_delays.append(delay)
            retry_ids.append(row.pk)

    def set_aside(row: Notification, error: str, reason: str, smtp_code=None) -> None:
        _mark_failed(row, token, error, reason=reason, smtp_code=smtp_code)
        result.failed += 1

    def hand_back(unsent: list[Notification]) -> None:
        # No connection for them: back to pending without counting an attempt.
        _release(unsent, token)
        result.released += len(unsent)
        retry_ids.extend(r.pk for r in unsent)
        retry_delays.append(_backoff_seconds(1))

    pacer = _Pacer(settings.NOTIFICATIONS_MAX_PER_SECOND)
    smtp = get_connection(fail_silently=False)
    remaining = list(rows)
    try:
        try:
            smtp.open()
        except (smtplib.SMTPException, OSError) as exc:
            # Could not even connect: every row is a transient failure of this attempt.
            logger.warning("SMTP connection failed for a batch of %d: %s", len(rows), exc)
            for row in rows:
                retry_later(row, _error_text(exc))
            remaining = []
        while remaining:
            row = remaining.pop(0)
            problem = _address_problem(row.to_email)
            if problem:
                # Written before addresses were checked at enqueue, or by hand.
                logger.warning("Notification %s not sent: invalid address", row.pk)
                set_aside(row, f"Invalid address: {problem}", FailureReason.INVALID_ADDRESS)
                continue
            try:
                message = _build_message(row, smtp)
            except SoftTimeLimitExceeded:
                raise
            except Exception as exc:  # a template or context bug: retrying will not help
                logger.exception("Notification %s could not be rendered", row.pk)
                set_aside(row, f"Could not render: {_error_text(exc)}", FailureReason.RENDER_ERROR)
                continue
            pacer.wait()
            if not _still_mine(row, token):
                logger.warning("Notification %s was taken back before sending; skipped", row.pk)
                continue
            try:
                message.send()
            except SoftTimeLimitExceeded:
                raise
            except (smtplib.SMTPException, OSError) as exc:
                # Logs name the row and the reply code only: a refusal's text
                # often repeats the address (last_error keeps it, for admin).
                reason = _log_reason(exc)
                code = _smtp_code(exc)
                if _is_permanent(exc):
                    logger.warning("Notification %s refused permanently (%s)", row.pk, reason)
                    set_aside(row, _error_text(exc), _permanent_reason(exc), code)
                    continue
                logger.warning("Notification %s failed transiently (%s)", row.pk, reason)
                retry_later(row, _error_text(exc), code)
                if isinstance(exc, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused):
                    continue  # the session is still usable
                # Disconnected or a network error: the rest wait for a new connection.
                hand_back(remaining)
                remaining = []
                break
            except Exception as exc:
                # Something about this one message we did not foresee: set it aside
                # and carry on with a fresh connection (the session's state is unknown).
                logger.exception("Notification %s could not be sent", row.pk)
                set_aside(
                    row, f"Could not send: {_error_text(exc)}", FailureReason.UNEXPECTED_ERROR
                )
                with contextlib.suppress(smtplib.SMTPException, OSError):
                    smtp.close()
                try:
                    smtp.open()
                except (smtplib.SMTPException, OSError):
                    hand_back(remaining)
                    remaining = []
                continue
            _mark_sent(row, token)
            result.sent += 1
    except SoftTimeLimitExceeded:
        # Out of time: the row in hand is uncertain only if the server had its
        # whole message; hand back the rest now rather than after the lease.
        _release(remaining, token)
        result.released += len(remaining)
        raise
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            smtp.close()
        if retry_ids:
            _queue_retry(retry_ids, delay=max(retry_delays or [0]))
    return result


# --- Sweep -------------------------------------------------------------------------


@dataclass
class SweepResult:
    reclaimed: int = 0
    abandoned: int = 0
    queued: int = 0
    dead_workers: int = 0


def _claims_of_dead_workers() -> tuple[list[str], int]:
    """Identities holding claims whose heartbeat has expired, and how many were asked about.

    Only claims older than one heartbeat TTL are considered, so a claim made a
    moment ago by a process whose first beat is still on its way is left alone.
    """
    cutoff = timezone.now() - timedelta(seconds=liveness.heartbeat_ttl_seconds())
    holders = list(
        Notification.objects.filter(status=NotificationStatus.SENDING, claimed_at__lt=cutoff)
        .exclude(claimed_by="")
        .order_by()  # no default ordering columns in the DISTINCT
        .values_list("claimed_by", flat=True)
        .distinct()
    )
    living = liveness.alive(holders)
    if living is None:  # Redis cannot say: presume nobody dead, the lease still applies
        return [], len(holders)
    return [holder for holder in holders if holder not in living], len(holders)


def notification_sweep(*, requeue_all_due: bool = False) -> SweepResult:
    """Re-queue what the normal path missed: run by Celery beat every
    NOTIFICATIONS_SWEEP_INTERVAL_SECONDS, when a worker starts, and when the
    broker comes back (notifications/liveness.py).

    * rows claimed by a worker process whose heartbeat has expired (it died),
      or whose claim is older than the lease (a worker without a heartbeat, or
      Redis could not be asked): back to pending, or failed if they have used
      every attempt;
    * pending rows due for longer than the grace period (never queued because
      Redis was down, a lost task, or a back-off that has expired) — or every
      due pending row, with ``requeue_all_due`` or when a dead worker was found,
      since the tasks it had reserved will not be handed out again for a long time.
    """
    result = SweepResult()
    dead, _ = _claims_of_dead_workers()
    result.dead_workers = len(dead)
    lease_cutoff = timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_CLAIM_LEASE_SECONDS)
    taken_back = Q(claimed_at__lt=lease_cutoff)
    if dead:
        taken_back |= Q(claimed_by__in=dead)
    with transaction.atomic():
        expired = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(taken_back, status=NotificationStatus.SENDING)
            .values_list("pk", "attempts")
        )
        exhausted = [
            pk for pk, attempts in expired if attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
        ]
        reclaimed = [
            pk for pk, attempts in expired if attempts < settings.NOTIFICATIONS_MAX_ATTEMPTS
        ]
        if exhausted:
            Notification.objects.filter(pk__in=exhausted).update(
                status=NotificationStatus.FAILED,
                claim_token="",
                claimed_by="",
                failure_reason=FailureReason.WORKER_LOST,
                last_error="The worker sending it stopped before finishing, on every attempt.",
            )
        if reclaimed:
            Notification.objects.filter(pk__in=reclaimed).update(
                status=NotificationStatus.PENDING,
                claimed_at=None,
                claim_token="",
                claimed_by="",
                available_at=Now(),
            )
    result.abandoned = len(exhausted)
    result.reclaimed = len(reclaimed)
    if exhausted:
        logger.error(
            "%d notification(s) failed: their worker died on every attempt", len(exhausted)
        )
    if dead:
        logger.warning(
            "Outbox: %d worker process(es) stopped beating; %d claim(s) taken back",
            len(dead),
            len(reclaimed) + len(exhausted),
        )

    size = settings.NOTIFICATIONS_BATCH_SIZE
    for chunk in _chunks(reclaimed, size):
        if _queue_send_batch(chunk):
            result.queued += len(chunk)
    grace = 0 if (requeue_all_due or dead) else settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS
    grace_cutoff = timezone.now() - timedelta(seconds=grace)
    due = (
        Notification.objects.filter(
            status=NotificationStatus.PENDING, available_at__lte=grace_cutoff
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for chunk in _chunks(due.iterator(chunk_size=size), size):
        if not _queue_send_batch(chunk):
            break  # the broker is still down: the next sweep tries again
        # A fresh grace period: a row that is only waiting behind a long queue
        # (a large fan-out) is not queued again by every sweep.
        Notification.objects.filter(pk__in=chunk, status=NotificationStatus.PENDING).update(
            available_at=Now()
        )
        result.queued += len(chunk)
    return result


# --- Re-send (admin) ---------------------------------------------------------------


def notification_resend(*, notification_ids: Iterable[int], by) -> int:
    """Put failed rows back in the queue (after someone fixed the cause). Returns how many."""
    if not by.has_perm("notifications.resend_notification"):
        raise PermissionDenied("You cannot re-send notifications")
    with transaction.atomic():
        ids = list(
            Notification.objects.select_for_update()
            .filter(pk__in=list(notification_ids), status=NotificationStatus.FAILED)
            .values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=ids).update(
            status=NotificationStatus.PENDING,
            attempts=0,
            available_at=Now(),
            claimed_at=None,
            claim_token="",
            claimed_by="",
            failure_reason="",
            smtp_code=None,
        )
        for chunk in _chunks(ids, settings.NOTIFICATIONS_BATCH_SIZE):
            transaction.on_commit(partial(_queue_send_batch, chunk))
    logger.info("User %s re-sent %d failed notification(s)", by.pk, len(ids))
    return len(ids)
