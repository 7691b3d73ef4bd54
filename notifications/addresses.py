"""The one test of "can we send email to this address?", used wherever an address enters.

Modelled on GOV.UK Notify's ``validate_email_address``: an ASCII local part of
the characters RFC 5322 allows unquoted, at most 64 long; a domain that encodes
to IDNA, with at least one dot, every label a valid host name and a real-looking
top-level domain, so no ``localhost`` and no IP literals; no ``..``; at most 320
characters. We are stricter in one way: no control or format characters at all
(a right-to-left override or a zero-width joiner can make an address read as
another one, and made the SMTP layer raise ``UnicodeError`` at send time).

Pure Python (no Django import) so forms, the outbox and commands share it.
"""

from __future__ import annotations

import re
import unicodedata

_LOCAL_CHARS = r"a-zA-Z0-9.!#$%&'*+/=?^_`{|}~\-"
_ADDRESS = re.compile(rf"^[{_LOCAL_CHARS}]+@([^.@][^@\s]+)$")
_HOSTNAME_LABEL = re.compile(r"^(xn|[a-z0-9]+)(-?-[a-z0-9]+)*$", re.IGNORECASE)
_TOP_LEVEL = re.compile(r"^([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)$", re.IGNORECASE)

MAX_LENGTH = 320
MAX_LOCAL_LENGTH = 64


class InvalidEmailAddress(ValueError):
    """Why an address was refused, in words for logs and the outbox row (no address)."""


def check_email_address(address: str) -> None:
    """Raise InvalidEmailAddress unless we can send to ``address`` exactly as given."""
    if not isinstance(address, str) or not address:
        raise InvalidEmailAddress("empty")
    if len(address) > MAX_LENGTH:
        raise InvalidEmailAddress("longer than 320 characters")
    if any(unicodedata.category(character) in {"Cc", "Cf", "Zl", "Zp"} for character in address):
        raise InvalidEmailAddress("contains a control or formatting character")
    match = _ADDRESS.match(address)
    if not match:
        raise InvalidEmailAddress("not in the form name@domain")
    local_part = address[: match.start(1) - 1]
    if len(local_part) > MAX_LOCAL_LENGTH:
        raise InvalidEmailAddress("the part before @ is longer than 64 characters")
    if ".." in address:
        raise InvalidEmailAddress("has two dots together")
    try:
        hostname = match.group(1).encode("idna").decode("ascii")
    except UnicodeError:
        raise InvalidEmailAddress("the domain cannot be encoded for sending") from None
    labels = hostname.split(".")
    if len(hostname) > 253 or len(labels) < 2:
        raise InvalidEmailAddress("the domain has no dot, or is too long")
    for label in labels:
        if not label or len(label) > 63 or not _HOSTNAME_LABEL.match(label):
            raise InvalidEmailAddress("the domain is not a valid host name")
    if not _TOP_LEVEL.match(labels[-1]):
        raise InvalidEmailAddress("the domain does not end in a top-level domain")


def is_valid_email_address(address: str) -> bool:
    try:
        check_email_address(address)
    except InvalidEmailAddress:
        return False
    return True
