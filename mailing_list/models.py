"""The recruitment mailing list: who asked to hear about adverts, where, and how often.

Matching an advert to subscribers is SQL over indexed columns: a subscriber either
``wants_everywhere`` or has rows in the ``rocus`` M2M table (whose ``rocu_id``
column Django indexes). See selectors.py.
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("As soon as an advert opens")
    WEEKLY = "weekly", _("Once a week, in a summary email")


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", "Waiting for confirmation"
    CONFIRMED = "confirmed", "Confirmed"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
    SUPPRESSED = "suppressed", "Suppressed (address bounced)"


def new_token_key() -> str:
    # 192 random bits; the whole of what a link names (mailing_list/tokens.py).
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    # As the person typed it, trimmed, with the domain lower-cased (and IDN domains
    # in their Unicode form). The local part keeps its case: RFC 5321 lets a mail
    # server treat it as case-sensitive, so we send to exactly what was given.
    email = models.CharField(max_length=254)
    # The whole address lower-cased: one person, one row, whatever case they type.
    address_key = models.CharField(max_length=254, unique=True)
    first_name = models.CharField(max_length=100)
    wants_everywhere = models.BooleanField(default=False)
    rocus = models.ManyToManyField(
        "accounts.Rocu", blank=True, related_name="subscribers", verbose_name="ROCUs"
    )
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    status = models.CharField(
        max_length=12, choices=SubscriberStatus.choices, default=SubscriberStatus.PENDING
    )
    # What every signed link names (no id in links): changing it revokes them all.
    token_key = models.CharField(max_length=32, default=new_token_key, unique=True)
    consent_text_version = models.CharField(max_length=20)
    consented_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_reconfirmed_at = models.DateTimeField(null=True, blank=True)
    reconfirm_requested_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    unsubscribe_reason = models.TextField(blank=True)
    suppressed_at = models.DateTimeField(null=True, blank=True)
    suppression_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "frequency"], name="subscriber_status_freq"),
            models.Index(fields=["status", "created_at"], name="subscriber_status_created"),
            models.Index(
                fields=["status", "frequency"],
                condition=models.Q(wants_everywhere=True),
                name="subscriber_everywhere",
            ),
        ]
        permissions = [
            ("export_subscriber_addresses", "Can export subscriber addresses (with a reason)"),
            ("view_subscriber_counts", "Can see subscriber counts by region"),
        ]

    def __str__(self):
        return f"Subscriber {self.pk} ({self.get_status_display()})"


class AlertFanOut(models.Model):
    """One row per published advert: the durable record that its alerts must go out.

    Written by the vacancy_published receiver inside the publish transaction; the
    one-to-one on vacancy is the idempotency key, so a replayed event adds nothing.
    """

    vacancy = models.OneToOneField(
        "vacancies.Vacancy", on_delete=models.CASCADE, related_name="alert_fan_out"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    enqueued_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["completed_at"], name="fanout_completed")]

    def __str__(self):
        return f"Alerts for vacancy {self.vacancy_id}"


class AddressExport(models.Model):
    """Audit row: who exported subscriber addresses, when, why, and how many."""

    exported_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="subscriber_exports"
    )
    exported_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()
    row_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["-exported_at"]

    def __str__(self):
        return f"Export of {self.row_count} addresses at {self.exported_at:%Y-%m-%d %H:%M}"
