"""The link in a reference request email: ``/give-a-reference/<token>/``.

The token is ``django.core.signing.Signer`` over the request's random
``token_key`` (no database id inside), so a changed character fails the
signature before any database lookup. How long it works is on the row
(``expires_at``, REFERENCES_LINK_MAX_AGE_DAYS after the first request), so a
chaser repeats the same link rather than extending it. The path is masked in
every log line (core/log_filters.py).
"""

from __future__ import annotations

import secrets

from django.core import signing
from django.urls import reverse

from core.site import absolute_url

_SIGNER = signing.Signer(salt="references.referee_link")


class InvalidLink(Exception):
    """The link was altered or never existed."""


def new_token_key() -> str:
    return secrets.token_urlsafe(32)


def make_token(token_key: str) -> str:
    return _SIGNER.sign(token_key)


def make_url(token_key: str) -> str:
    return absolute_url(reverse("references:give", args=[make_token(token_key)]))


def read_token(token: str) -> str:
    """The token key a genuine link carries; InvalidLink otherwise."""
    try:
        return _SIGNER.unsign(token)
    except signing.BadSignature:
        raise InvalidLink from None
