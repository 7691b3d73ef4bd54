"""The self-check's answers, kept in one encrypted cookie in the visitor's browser.

Nothing a candidate enters in the self-check is stored on our side, not even for
a while: the answers travel in one cookie (``toex_self_check``), encrypted and
authenticated with Fernet (AES-128-CBC and HMAC-SHA256) under a key derived from
SECRET_KEY, so the visitor's browser holds them and we cannot be made to read
back anything we did not write. A question page therefore costs no session
round trip, the result page deletes the answers with an expired Set-Cookie (no
write anywhere), and the self-check works while Redis is down.

The answers expire 2 hours (ANONYMOUS_SESSION_IDLE_SECONDS) after the last
*answer*: every answer re-issues the cookie; a page that only reads them does
not (that would cost an encryption per page view). The browser drops the cookie
then (Max-Age), and a copy kept past it is refused here (Fernet's TTL, checked
against the time the cookie was issued). A cookie we cannot read (tampered,
garbled, expired, another key, an older format) starts the check afresh.

The payload is compact JSON compressed with zlib, so MAX_PERIODS places with
varied countries and dates fit well under the 4,096 bytes a browser keeps of a
cookie (docs/eligibility-self-check.md gives the worst case measured).
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from . import rules
from .clearance import HeldClearance

COOKIE_NAME = "toex_self_check"
# Bumped when the payload's layout changes: a cookie of another layout starts afresh.
_FORMAT = 1
_KEY_SALT = "vetting.self_check.cookie-key"
# A fixed order: a reason travels as its position in this tuple.
_REASONS = rules.ALL_RESIDENCE_REASONS

# Why a candidate was abroad, in the words the question page uses.
REASON_LABELS = {
    "british_forces": _("Employed by the British Armed Forces"),
    "hmg_official_duty": _("On official duty for HM Government"),
    "family_of_forces": _("Living with a family member who was in the British Armed Forces"),
    "family_of_hmg": _("Living with a family member who was on official duty for HM Government"),
    "study": _("Studying"),
    "work": _("Working (not for the British Armed Forces or HM Government)"),
    "travel": _("Travelling"),
    "other": _("Another reason"),
}


class AnswersTooLarge(Exception):
    """The answers would make a cookie longer than a browser keeps."""


@dataclass
class Period:
    country: str
    start: date
    end: date | None
    reason: str = rules.RESIDENT

    def as_rule(self) -> rules.ResidencePeriod:
        return rules.ResidencePeriod(
            start=self.start, end=self.end, country=self.country, reason=self.reason
        )

    @classmethod
    def from_json(cls, raw: dict) -> Period:
        """From the assess_eligibility command's shape (ISO dates)."""
        return cls(
            country=raw["country"],
            start=date.fromisoformat(raw["start"]),
            end=date.fromisoformat(raw["end"]) if raw["end"] else None,
            reason=raw["reason"],
        )


@dataclass
class Answers:
    """What the candidate has said so far: the levels (perhaps from an advert), the places
    they lived, and whether they already hold clearance (None: not asked or "no")."""

    level_codes: list[str] = field(default_factory=list)
    vacancy_reference: str | None = None
    periods: list[Period] = field(default_factory=list)
    clearance_answered: bool = False
    held_clearance: HeldClearance | None = None

    def as_rule_periods(self) -> list[rules.ResidencePeriod]:
        return [period.as_rule() for period in self.periods]


# --- The request and the response ---------------------------------------------------


def load(request) -> Answers:
    """The answers the visitor's cookie holds (none if it is missing or unreadable)."""
    value = request.COOKIES.get(COOKIE_NAME)
    return decoded(value) if value else Answers()


def save(response, answers: Answers) -> None:
    """Set the cookie on ``response``; AnswersTooLarge (and the response untouched)
    if a browser would not keep it."""
    response.set_cookie(
        COOKIE_NAME, encoded(answers), max_age=settings.ANONYMOUS_SESSION_IDLE_SECONDS, **_flags()
    )


def clear(response) -> None:
    """Delete the answers: an empty, expired cookie with the same name, path and flags
    (Django's ``delete_cookie`` would leave out Secure)."""
    response.set_cookie(COOKIE_NAME, "", max_age=0, expires=_LONG_AGO, **_flags())


_LONG_AGO = "Thu, 01 Jan 1970 00:00:00 GMT"


def _flags() -> dict:
    return {
        "path": "/",  # the application's residence page prefills from it too
        "secure": settings.SESSION_COOKIE_SECURE,
        "httponly": True,
        "samesite": "Lax",
    }


# --- The cookie's value -----------------------------------------------------------


def encoded(answers: Answers) -> str:
    """The cookie value holding ``answers``, encrypted and authenticated."""
    value = _seal(_as_payload(answers))
    if len(COOKIE_NAME) + 1 + len(value) > settings.VETTING_SELF_CHECK_COOKIE_MAX_BYTES:
        raise AnswersTooLarge
    return value


def decoded(value: str) -> Answers:
    """The answers in a cookie value; none if it is not one of ours, still fresh."""
    payload = _unseal(value)
    if payload is None:
        return Answers()
    try:
        return _from_payload(payload)
    except (IndexError, KeyError, TypeError, ValueError, OverflowError):
        # Authentic but not this layout (a format we no longer write): start afresh.
        return Answers()


def _as_payload(answers: Answers):
    """A JSON list: position, not names, says which answer is which (short), dates as
    day numbers, a reason as its index."""
    held = answers.held_clearance
    return [
        _FORMAT,
        answers.level_codes,
        answers.vacancy_reference,
        int(answers.clearance_answered),
        [held.level_code, held.granted_by, held.granted_on.toordinal()] if held else None,
        [
            [
                period.country,
                period.start.toordinal(),
                period.end.toordinal() if period.end else 0,
                _REASONS.index(period.reason),
            ]
            for period in answers.periods
        ],
    ]


def _from_payload(payload) -> Answers:
    layout, level_codes, vacancy, clearance_answered, held, periods = payload
    if layout != _FORMAT:
        raise ValueError("another layout")
    return Answers(
        level_codes=[str(code) for code in level_codes],
        vacancy_reference=str(vacancy) if vacancy is not None else None,
        periods=[
            Period(
                country=str(country),
                start=date.fromordinal(start),
                end=date.fromordinal(end) if end else None,
                reason=_REASONS[reason],
            )
            for country, start, end, reason in periods
        ],
        clearance_answered=bool(clearance_answered),
        held_clearance=(
            HeldClearance(
                level_code=str(held[0]),
                granted_by=str(held[1]),
                granted_on=date.fromordinal(held[2]),
            )
            if held is not None
            else None
        ),
    )


def _seal(payload) -> str:
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    token = _fernet().encrypt(zlib.compress(text.encode(), 9))
    # Fernet's URL-safe base64 without its "=" padding: "=" would make Django quote the value.
    return token.decode().rstrip("=")


def _unseal(value: str):
    # Longer than any cookie we write: not worth decrypting.
    if len(value) > settings.VETTING_SELF_CHECK_COOKIE_MAX_BYTES:
        return None
    try:
        token = (value + "=" * (-len(value) % 4)).encode("ascii")
        compressed = _fernet().decrypt(token, ttl=settings.ANONYMOUS_SESSION_IDLE_SECONDS)
        return json.loads(zlib.decompress(compressed))
    except (InvalidToken, UnicodeError, binascii.Error, zlib.error, ValueError):
        return None


def _fernet() -> MultiFernet:
    return _fernet_for(settings.SECRET_KEY, tuple(settings.SECRET_KEY_FALLBACKS))


@lru_cache(maxsize=4)
def _fernet_for(secret_key: str, fallbacks: tuple[str, ...]) -> MultiFernet:
    """Encrypt with SECRET_KEY's key; decrypt with it or a fallback's, so rotating the
    key does not wipe the answers of everyone in the middle of the check."""
    return MultiFernet([Fernet(_derived_key(secret)) for secret in (secret_key, *fallbacks)])


def _derived_key(secret: str) -> bytes:
    # Its own salt: this key is used for nothing else that SECRET_KEY signs.
    digest = salted_hmac(_KEY_SALT, "fernet", secret=secret, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest)
