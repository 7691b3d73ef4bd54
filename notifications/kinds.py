"""The registry of email kinds: what each email says, and the headers it carries.

Each app registers its kinds from its AppConfig.ready() (by importing
``<app>/emails.py``). A kind names a subject (a Django template string) and two
templates, ``templates/emails/<kind>.txt`` and ``.html`` (the HTML ones extend
``emails/base.html``). Contexts are stored on the outbox row as JSON and rendered
at send time, so they must be JSON-serialisable and must hold no sensitive data
(no residence history, equality or vetting answers): a test checks every kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str


@dataclass(frozen=True)
class EmailKind:
    name: str
    subject: str
    text_template: str
    html_template: str
    example_context: dict = field(default_factory=dict)
    # Extra headers from the row's context, e.g. List-Unsubscribe (RFC 8058).
    headers: Callable[[dict], dict] | None = None
    # Files built from the row's context at send time (e.g. a calendar invitation),
    # so the outbox stores the context only and a re-send builds the same file.
    attachments: Callable[[dict], list[Attachment]] | None = None


_REGISTRY: dict[str, EmailKind] = {}


class UnknownEmailKind(LookupError):
    pass


def register(kind: EmailKind) -> EmailKind:
    existing = _REGISTRY.get(kind.name)
    if existing is not None and existing != kind:
        raise ValueError(f"Email kind {kind.name!r} is already registered differently")
    _REGISTRY[kind.name] = kind
    return kind


def get(name: str) -> EmailKind:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownEmailKind(f"No email kind {name!r} is registered") from None


def all_kinds() -> list[EmailKind]:
    return sorted(_REGISTRY.values(), key=lambda kind: kind.name)
