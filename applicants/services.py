"""Writes for candidates: request a sign-in link, use one.

A link is 32 random bytes in the URL; only their SHA-256 is stored, so a copy
of the database cannot be turned into working links. Using a link is one
conditional UPDATE (unused and unexpired → used), so a link works exactly once
even when two tabs open it at the same moment.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.site import absolute_url
from notifications.services import notification_enqueue

from .emails import SIGN_IN
from .models import Candidate, SignInLink

logger = logging.getLogger(__name__)

SIGN_IN_LINK_LIFETIME = datetime.timedelta(minutes=20)


class SignInLinkInvalid(Exception):
    """The link was altered, never existed, or has already been used."""


class SignInLinkExpired(Exception):
    """A genuine, unused link older than 20 minutes."""


def email_key(raw: str) -> str:
    """The form we store an address in: trimmed and lower-cased (one row per mailbox)."""
    return raw.strip().lower()


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _safe_next(next_path: str) -> str:
    # Only a path on this site: never "//evil.example" or "https://…".
    if next_path.startswith("/") and not next_path.startswith("//") and "\\" not in next_path:
        return next_path[:200]
    return ""


@transaction.atomic
def sign_in_link_request(
    *, email: str, next_path: str = "", now: datetime.datetime | None = None
) -> None:
    """Email a single-use sign-in link to ``email``, whether or not it has applied before."""
    now = now or timezone.now()
    secret = secrets.token_urlsafe(32)
    link = SignInLink.objects.create(
        email=email_key(email),
        secret_hash=_hash(secret),
        next_path=_safe_next(next_path),
        created_at=now,
        expires_at=now + SIGN_IN_LINK_LIFETIME,
    )
    notification_enqueue(
        kind=SIGN_IN.name,
        to_email=link.email,
        idempotency_key=f"applicants:sign-in:{link.pk}",
        context={
            "sign_in_url": absolute_url(reverse("applicants:use_link", args=[secret])),
            "minutes": int(SIGN_IN_LINK_LIFETIME.total_seconds() // 60),
        },
    )
    logger.info("applicants: sign-in link %s issued", link.pk)


def sign_in_link_check(*, secret: str, now: datetime.datetime | None = None) -> SignInLink:
    """The unused link for ``secret`` (without using it); raises if invalid or expired."""
    now = now or timezone.now()
    link = SignInLink.objects.filter(secret_hash=_hash(secret), used_at__isnull=True).first()
    if link is None:
        raise SignInLinkInvalid
    if link.expires_at <= now:
        raise SignInLinkExpired
    return link


@transaction.atomic
def sign_in_link_use(*, secret: str, now: datetime.datetime | None = None) -> tuple[Candidate, str]:
    """Use a link once: (the candidate, made on first use; the page to go to next)."""
    now = now or timezone.now()
    link = sign_in_link_check(secret=secret, now=now)
    used = SignInLink.objects.filter(pk=link.pk, used_at__isnull=True, expires_at__gt=now).update(
        used_at=now
    )
    if not used:  # another tab used it a moment ago
        raise SignInLinkInvalid
    candidate, _ = Candidate.objects.get_or_create(email=link.email)
    Candidate.objects.filter(pk=candidate.pk).update(last_signed_in_at=now)
    logger.info("applicants: candidate %s signed in", candidate.pk)
    return candidate, link.next_path


def sign_in_links_delete_expired(*, now: datetime.datetime | None = None) -> int:
    """Links are useless a day after they expire; deleting them keeps no stray addresses."""
    now = now or timezone.now()
    deleted, _ = SignInLink.objects.filter(expires_at__lt=now - datetime.timedelta(days=1)).delete()
    return deleted
