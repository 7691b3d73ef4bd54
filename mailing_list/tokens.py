"""Signed links in mailing-list emails: confirm, manage, unsubscribe, keep.

A token is ``django.core.signing.TimestampSigner`` over the subscriber's random
``token_key`` alone, with a salt per purpose: ``<token_key>:<time>:<signature>``.

* **Opaque**: no database id inside (on main the base64 payload showed the
  sequential subscriber id to anyone who saw a link in a log). The key is
  random and unique; the subscriber is found by it, after the signature checks.
* **Per purpose**: a manage token is no unsubscribe token (the salt differs).
* **Revocable and rotated**: changing ``token_key`` revokes every link ever
  sent; it changes on suppression and when a subscriber asks for a new link.
* **Expiring**: confirmation links after 7 days; manage, unsubscribe and keep
  links after ``MAILING_LIST_LINK_MAX_AGE_DAYS`` (400: longer than the yearly
  re-confirmation cycle, so a link in any email still relevant works). An
  expired but genuine link says so and offers a fresh one by email.

Paths holding tokens are masked in logs (core/log_filters.py).
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.urls import reverse

from core.site import absolute_url

from .models import Subscriber

CONFIRMATION_MAX_AGE = datetime.timedelta(days=7)


class Purpose(StrEnum):
    CONFIRM = "confirm"
    MANAGE = "manage"
    UNSUBSCRIBE = "unsubscribe"
    KEEP = "keep"


_URL_NAMES = {
    Purpose.CONFIRM: "mailing_list:confirm",
    Purpose.MANAGE: "mailing_list:manage",
    Purpose.UNSUBSCRIBE: "mailing_list:unsubscribe",
    Purpose.KEEP: "mailing_list:keep",
}


class InvalidToken(Exception):
    """The link was altered, is for another purpose, or was revoked."""


class ExpiredToken(Exception):
    """A genuine link older than its purpose allows."""

    def __init__(self, subscriber: Subscriber):
        super().__init__("expired")
        self.subscriber = subscriber


def _signer(purpose: Purpose) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"mailing_list.link.{purpose}")


def _max_age(purpose: Purpose) -> datetime.timedelta:
    if purpose == Purpose.CONFIRM:
        return CONFIRMATION_MAX_AGE
    return datetime.timedelta(days=settings.MAILING_LIST_LINK_MAX_AGE_DAYS)


def make_token(*, token_key: str, purpose: Purpose) -> str:
    return _signer(purpose).sign(token_key)


def make_path(*, token_key: str, purpose: Purpose) -> str:
    return reverse(_URL_NAMES[purpose], args=[make_token(token_key=token_key, purpose=purpose)])


def make_url(*, token_key: str, purpose: Purpose) -> str:
    """The absolute link for an email (emails have no request, so SITE_URL)."""
    return absolute_url(make_path(token_key=token_key, purpose=purpose))


def _subscriber_for(token_key: str) -> Subscriber:
    subscriber = Subscriber.objects.filter(token_key=token_key).first()
    if subscriber is None:
        raise InvalidToken
    return subscriber


def read_token(token: str, *, purpose: Purpose) -> Subscriber:
    """The subscriber a token names; raises InvalidToken or ExpiredToken."""
    signer = _signer(purpose)
    try:
        token_key = signer.unsign(token, max_age=_max_age(purpose))
    except signing.SignatureExpired:
        # Genuine but old: find who it was for, so the page can offer a new link.
        raise ExpiredToken(_subscriber_for(signer.unsign(token))) from None
    except signing.BadSignature:
        raise InvalidToken from None
    return _subscriber_for(token_key)
