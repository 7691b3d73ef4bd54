"""Signed links in mailing-list emails: confirm, manage, unsubscribe, keep.

Each token is ``django.core.signing`` over the subscriber id and that
subscriber's ``token_key``, with a salt per purpose. So a token cannot be turned
into another subscriber's (the id is signed), cannot be used for another purpose
(the salt differs), and every token ever sent is revoked by changing the key.
Only confirmation links expire (7 days): a manage or unsubscribe link must keep
working in an old email, which is what RFC 8058 one-click unsubscribe expects.
"""

from __future__ import annotations

import datetime
import hmac
from enum import StrEnum

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
    """A genuine confirmation link that is older than 7 days."""

    def __init__(self, subscriber: Subscriber):
        super().__init__("expired")
        self.subscriber = subscriber


def _salt(purpose: Purpose) -> str:
    return f"mailing_list.{purpose}"


def make_token(*, subscriber_id: int, token_key: str, purpose: Purpose) -> str:
    return signing.dumps({"s": subscriber_id, "k": token_key}, salt=_salt(purpose))


def make_url(*, subscriber_id: int, token_key: str, purpose: Purpose) -> str:
    """The absolute link for an email (emails have no request, so SITE_URL)."""
    token = make_token(subscriber_id=subscriber_id, token_key=token_key, purpose=purpose)
    return absolute_url(reverse(_URL_NAMES[purpose], args=[token]))


def _subscriber_for(payload) -> Subscriber:
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise InvalidToken
    subscriber = Subscriber.objects.filter(pk=payload["s"]).first()
    if subscriber is None or not hmac.compare_digest(
        str(payload.get("k", "")), subscriber.token_key
    ):
        raise InvalidToken
    return subscriber


def read_token(token: str, *, purpose: Purpose) -> Subscriber:
    """The subscriber a token names; raises InvalidToken or (confirm only) ExpiredToken."""
    max_age = CONFIRMATION_MAX_AGE if purpose == Purpose.CONFIRM else None
    try:
        payload = signing.loads(token, salt=_salt(purpose), max_age=max_age)
    except signing.SignatureExpired:
        # Genuine but old: find who it was for, so the page can offer a new link.
        payload = signing.loads(token, salt=_salt(purpose))
        raise ExpiredToken(_subscriber_for(payload)) from None
    except signing.BadSignature:
        raise InvalidToken from None
    return _subscriber_for(payload)
