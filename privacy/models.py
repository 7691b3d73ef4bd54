"""Audit rows of the privacy work: who read what, and every subject access and erasure.

Neither row holds the personal data itself: a read names the record and the
part opened; a subject access record names the person only by a keyed digest of
their address (``privacy.services.subject_digest``), so the proof that an
erasure happened survives the erasure without undoing it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ReadPart(models.TextChoices):
    APPLICATION = "application", "Application (with residence assessment)"
    RESIDENCE_ASSESSMENT = "residence_assessment", "Residence assessment"
    VETTING_CASE = "vetting_case", "Vetting case"
    SUBJECT_ACCESS_EXPORT = "subject_access_export", "Subject access export"


class ReadAuditEntry(models.Model):
    """One staff member opened one sensitive record (one insert per page view)."""

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="staff"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # What was opened: "applications.application" and its id (a string: any key type).
    record_type = models.CharField(max_length=60)
    record_id = models.CharField(max_length=40)
    # A label staff recognise that is not personal data (an application reference).
    record_label = models.CharField(max_length=60, blank=True)
    part = models.CharField(max_length=30, choices=ReadPart.choices)

    class Meta:
        ordering = ["-at", "-id"]
        default_permissions = ("view",)
        verbose_name = "read of sensitive data"
        verbose_name_plural = "reads of sensitive data"
        indexes = [
            models.Index(fields=["record_type", "record_id", "at"], name="readaudit_record"),
            models.Index(fields=["by", "at"], name="readaudit_by"),
        ]

    def __str__(self):
        return f"{self.get_part_display()} {self.record_label or self.record_id}"


class SubjectAccessKind(models.TextChoices):
    EXPORT = "export", "Export (subject access)"
    ERASURE = "erasure", "Erasure"


class SubjectAccessRecord(models.Model):
    """An export or erasure of one person's data: who asked for it, why, and what it covered."""

    kind = models.CharField(max_length=10, choices=SubjectAccessKind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(max_length=2000)
    # HMAC of the address key: recomputable from an address, not reversible to one.
    subject_digest = models.CharField(max_length=64, db_index=True)
    # What it covered, in counts by provider and kind ({"applications": {"anonymised": 2}}).
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]
        default_permissions = ("view",)
        permissions = [("subject_access", "Can export and erase one person's data")]
        verbose_name = "subject access or erasure"
        verbose_name_plural = "subject access and erasure"

    def __str__(self):
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"
