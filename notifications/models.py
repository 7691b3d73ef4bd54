"""The outbox: one row per email the service means to send, written in the same
transaction as the change that causes it (docs/outbox.md).

The unique ``idempotency_key`` is what makes "exactly once" hold across retries
and replayed events: a second enqueue with the same key inserts nothing.
"""

from django.db import models
from django.db.models.functions import Now


class NotificationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"  # claimed by a worker; see claimed_at / claim_token
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class FailureReason(models.TextChoices):
    """Why a row ended ``failed``: a code other apps can act on (docs/outbox.md)."""

    INVALID_ADDRESS = "invalid_address", "Address cannot receive email"
    RECIPIENT_REFUSED = "recipient_refused", "Mail server refused the recipient (5xx)"
    MESSAGE_REFUSED = "message_refused", "Mail server refused the message (5xx)"
    RENDER_ERROR = "render_error", "Email could not be rendered"
    RETRIES_EXHAUSTED = "retries_exhausted", "Temporary failures on every attempt"
    WORKER_LOST = "worker_lost", "Worker stopped while sending, on every attempt"
    UNEXPECTED_ERROR = "unexpected_error", "Unexpected error while sending"


class Notification(models.Model):
    # Database defaults (not only Python ones) because enqueue inserts with raw
    # INSERT … ON CONFLICT DO NOTHING RETURNING, naming only the caller's columns.
    kind = models.CharField(max_length=100)
    to_email = models.EmailField(max_length=254)
    idempotency_key = models.CharField(max_length=255, unique=True)
    context = models.JSONField(default=dict, db_default={})
    status = models.CharField(
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
        db_default=NotificationStatus.PENDING,
    )
    attempts = models.PositiveIntegerField(default=0, db_default=0)
    created_at = models.DateTimeField(db_default=Now())
    # Not claimable before this (back-off after a transient failure).
    available_at = models.DateTimeField(db_default=Now())
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Which task run holds the claim: marking sent is conditional on it.
    claim_token = models.CharField(max_length=32, blank=True, default="", db_default="")
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="", db_default="")
    # Set with status=failed; "" otherwise. What the mailing list's bounce handling reads.
    failure_reason = models.CharField(
        max_length=32, choices=FailureReason.choices, blank=True, default="", db_default=""
    )
    # The SMTP server's reply code to the last attempt that got one (for a refused
    # recipient, that recipient's code), so nobody parses last_error's text.
    smtp_code = models.PositiveSmallIntegerField(null=True, blank=True)
    # The worker process holding the claim (notifications/liveness.py): when its
    # heartbeat stops, the sweeper takes the claim back without waiting for the lease.
    claimed_by = models.CharField(max_length=200, blank=True, default="", db_default="")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The sweeper's two scans: pending rows due, and sending rows whose claim expired.
            models.Index(
                fields=["available_at"],
                name="notif_pending_due_idx",
                condition=models.Q(status="pending"),
            ),
            models.Index(
                fields=["claimed_at"],
                name="notif_sending_claim_idx",
                condition=models.Q(status="sending"),
            ),
            models.Index(fields=["kind", "status"], name="notif_kind_status_idx"),
            # The mailing list's hard-bounce scan (recent refused recipients).
            models.Index(
                fields=["created_at"],
                name="notif_refused_recipient_idx",
                condition=models.Q(status="failed", failure_reason="recipient_refused"),
            ),
        ]
        permissions = [("resend_notification", "Can re-send a failed notification")]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"
