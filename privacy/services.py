"""Writes of the privacy app: read audit, subject access export, erasure, retention.

Every function asks the providers and rules in ``privacy.registry``; none imports
another app. Logs carry counts and ids, never an address (docs/security.md).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import io
import json
import logging
import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from core.govuk_dates import govuk_date, govuk_datetime

from . import registry
from .models import ReadAuditEntry, ReadPart, SubjectAccessKind, SubjectAccessRecord

logger = logging.getLogger(__name__)

SUBJECT_ACCESS_PERMISSION = "privacy.subject_access"


class ErasureRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def subject_digest(email: str, *, key: str | None = None) -> str:
    """A keyed digest of the address: the audit can say "this person" without holding them."""
    return hmac.new(
        (key or settings.SECRET_KEY).encode(), registry.address_key(email).encode(), hashlib.sha256
    ).hexdigest()


def subject_digests(email: str) -> list[str]:
    """The digest under the current key and each fallback, so records survive a key rotation."""
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return [subject_digest(email, key=key) for key in keys]


# --- Audit of reads ------------------------------------------------------------------


def read_audit_record(*, by, record_type: str, record_id, part: str, record_label: str = ""):
    """One insert: ``by`` opened ``part`` of a record. Never the data itself."""
    return ReadAuditEntry.objects.create(
        by=by,
        record_type=record_type,
        record_id=str(record_id),
        record_label=record_label[:60],
        part=part,
    )


def read_audit_delete_older_than(*, cutoff: datetime.datetime, batch_size: int) -> int:
    with transaction.atomic():
        ids = list(
            ReadAuditEntry.objects.filter(at__lt=cutoff)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:batch_size]
        )
        ReadAuditEntry.objects.filter(pk__in=ids).delete()
    return len(ids)


# --- Subject access: export ---------------------------------------------------------


def _check_may_act(by) -> None:
    if not by.has_perm(SUBJECT_ACCESS_PERMISSION):
        raise PermissionDenied


def subject_sections(email: str) -> list[tuple[str, list[registry.ExportSection]]]:
    key = registry.address_key(email)
    return [(provider.name, provider.export(key)) for provider in registry.providers()]


def _readable(value):
    """A record's value as escaped HTML: nested lists and mappings as lists and terms."""
    if isinstance(value, dict):
        return format_html(
            "<dl>{}</dl>",
            format_html_join(
                "", "<dt>{}</dt><dd>{}</dd>", ((_label(k), _readable(v)) for k, v in value.items())
            ),
        )
    if isinstance(value, list | tuple):
        if not value:
            return "—"
        return format_html(
            "<ol>{}</ol>", format_html_join("", "<li>{}</li>", ((_readable(v),) for v in value))
        )
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.datetime):
        return govuk_datetime(value)
    if isinstance(value, datetime.date):
        return govuk_date(value)
    return str(value)


def _label(name: str) -> str:
    return str(name).replace("_", " ").capitalize()


def _readable_record(record: dict) -> list[tuple[str, str]]:
    return [(_label(name), _readable(value)) for name, value in record.items()]


def subject_export(*, by, email: str, reason: str) -> tuple[bytes, SubjectAccessRecord]:
    """A ZIP of everything held about ``email``: ``export.json`` and a readable ``export.html``.

    Audited twice: a ``SubjectAccessRecord`` (who, why, counts) and a read of the export.
    """
    _check_may_act(by)
    now = timezone.now()
    by_provider = subject_sections(email)
    summary = {
        name: {str(section.title): len(section.records) for section in sections}
        for name, sections in by_provider
    }
    document = {
        "subject": registry.address_key(email),
        "exported_at": now,
        "sections": [
            {
                "source": name,
                "title": section.title,
                "explanation": section.explanation,
                "records": section.records,
            }
            for name, sections in by_provider
            for section in sections
        ],
    }
    html = render_to_string(
        "privacy/export.html",
        {
            "subject": document["subject"],
            "exported_at": now,
            "sections": [
                {
                    "title": section.title,
                    "explanation": section.explanation,
                    "rows": [_readable_record(record) for record in section.records],
                }
                for _, sections in by_provider
                for section in sections
            ],
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("export.json", json.dumps(document, cls=DjangoJSONEncoder, indent=2))
        archive.writestr("export.html", html)
    with transaction.atomic():
        record = SubjectAccessRecord.objects.create(
            kind=SubjectAccessKind.EXPORT,
            by=by,
            at=now,
            reason=reason,
            subject_digest=subject_digest(email),
            summary=summary,
        )
        read_audit_record(
            by=by,
            record_type="privacy.subjectaccessrecord",
            record_id=record.pk,
            part=ReadPart.SUBJECT_ACCESS_EXPORT,
        )
    logger.info("Subject access export %s by staff %s", record.pk, by.pk)
    return buffer.getvalue(), record


# --- Erasure --------------------------------------------------------------------------


def subject_erasure_preview(email: str) -> tuple[list[str], list[str]]:
    """(what erasure would do, in lines; why it must be refused now) for the confirmation page."""
    key = registry.address_key(email)
    lines, problems = [], []
    for provider in registry.providers():
        lines.extend(provider.erasure_preview(key))
        problems.extend(provider.erasure_problems(key))
    return lines, problems


def subject_erase(*, by, email: str, reason: str) -> SubjectAccessRecord:
    """Erase ``email``'s personal data everywhere, in one transaction, or refuse.

    Refuses (``ErasureRefused``) while any provider says no (a live application),
    listing every reason. What stays: rows without personal data that reports and
    the law need (an anonymised application's stage and dates; this record).
    """
    _check_may_act(by)
    if not reason.strip():
        raise ErasureRefused(["Say why the data is being erased"])
    key = registry.address_key(email)
    with transaction.atomic():
        problems = [
            problem
            for provider in registry.providers()
            for problem in provider.erasure_problems(key)
        ]
        if problems:
            raise ErasureRefused(problems)
        summary = {provider.name: provider.erase(key) for provider in registry.providers()}
        record = SubjectAccessRecord.objects.create(
            kind=SubjectAccessKind.ERASURE,
            by=by,
            reason=reason,
            subject_digest=subject_digest(email),
            summary=summary,
        )
    logger.info("Erasure %s by staff %s", record.pk, by.pk)
    return record


# --- Retention ------------------------------------------------------------------------


def retention_periods() -> dict[str, int]:
    return dict(settings.RETENTION_DAYS)


def retention_apply(*, now: datetime.datetime | None = None, batch_size: int | None = None) -> dict:
    """Apply every registered retention rule, batch by batch, until nothing is past its period.

    Safe to run twice or in two workers at once: each batch locks its rows with
    ``SKIP LOCKED`` and a handled row no longer matches.
    """
    now = now or timezone.now()
    batch_size = batch_size or settings.RETENTION_BATCH_SIZE
    periods = retention_periods()
    handled: dict[str, int] = {}
    for rule in registry.retention_rules():
        cutoff = registry.retention_cutoff(rule, now=now, periods=periods)
        total = 0
        while True:
            count = rule.apply(cutoff=cutoff, batch_size=batch_size)
            total += count
            if count < batch_size:
                break
        handled[rule.key] = total
        if total:
            logger.info("Retention %s: %s rows %s", rule.key, total, rule.action)
    return handled
