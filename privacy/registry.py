"""Where each app declares the personal data it holds: subject access, erasure, retention.

The privacy app sits low in the layers (just above core, docs/architecture.md), so
every app that holds personal data can import this module and register, from its
``AppConfig.ready()``:

- a :class:`PersonalDataProvider`: how to export everything it holds about one
  email address, what erasing it would do (in words, for the confirmation page),
  why erasure must be refused now (a live application), and how to erase it;
- any number of :class:`RetentionRule`: what it keeps, for how long (the period
  is a setting, ``RETENTION_DAYS[rule.key]``), and a function that deletes or
  anonymises one batch of what is past it.

The privacy services ask every registered provider and rule; they never import
the apps. A new app (offers, references, scheduling, reports) adds a
``personal_data.py`` and two lines in its ``ready()``: docs/privacy.md says how.

Subjects are named by their **address key**: the email address trimmed and
lower-cased (:func:`address_key`), which is how candidates and subscribers are
stored.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def address_key(email: str) -> str:
    """The one spelling of an address every provider matches on."""
    return email.strip().lower()


@dataclass(frozen=True)
class ExportSection:
    """One part of a subject access export: a heading and its records (JSON-able dicts)."""

    title: str
    records: list[dict[str, Any]]
    # One sentence for the reader: what these records are and why we hold them.
    explanation: str = ""


@dataclass(frozen=True)
class PersonalDataProvider:
    """How one app answers for the personal data it holds about an address.

    ``export(key)`` returns the app's sections (empty records when it holds nothing);
    ``erasure_preview(key)`` lines saying what erasure would delete or anonymise
    (empty when it holds nothing); ``erasure_problems(key)`` why erasure must be
    refused now (empty: it may go ahead); ``erase(key)`` does it inside the caller's
    transaction and returns counts by what it removed.
    """

    name: str
    export: Callable[[str], list[ExportSection]]
    erasure_preview: Callable[[str], list[str]]
    erase: Callable[[str], dict[str, int]]
    erasure_problems: Callable[[str], list[str]] = field(default=lambda key: [])
    # Providers run in this order for export and erasure (lower first): an app whose
    # rows point at another's (applications at candidates) erases before it.
    order: int = 100


@dataclass(frozen=True)
class RetentionRule:
    """One line of the retention schedule.

    ``apply(cutoff=, batch_size=)`` handles at most ``batch_size`` rows older than
    ``cutoff`` in one transaction (locking with ``SKIP LOCKED``) and returns how
    many it handled; the runner calls it again until it returns fewer than a batch.
    It must be idempotent: a row already handled is not matched again.
    """

    key: str  # "applications.ended": also the RETENTION_DAYS setting's key
    what: str  # "Unsuccessful and withdrawn applications"
    counted_from: str  # "the advert's closing date"
    action: str  # "anonymised" or "deleted"
    apply: Callable[..., int]


_PROVIDERS: dict[str, PersonalDataProvider] = {}
_RULES: dict[str, RetentionRule] = {}


def register_provider(provider: PersonalDataProvider) -> None:
    if _PROVIDERS.get(provider.name, provider) is not provider:
        raise ValueError(f"A personal data provider named {provider.name!r} is registered")
    _PROVIDERS[provider.name] = provider


def register_retention_rule(rule: RetentionRule) -> None:
    if _RULES.get(rule.key, rule) is not rule:
        raise ValueError(f"A retention rule {rule.key!r} is already registered")
    _RULES[rule.key] = rule


def register_app(module) -> None:
    """Register an app's ``personal_data`` module: its ``PROVIDER`` and ``RETENTION_RULES``."""
    if getattr(module, "PROVIDER", None) is not None:
        register_provider(module.PROVIDER)
    for rule in getattr(module, "RETENTION_RULES", ()):
        register_retention_rule(rule)


def providers() -> list[PersonalDataProvider]:
    return sorted(_PROVIDERS.values(), key=lambda provider: (provider.order, provider.name))


def retention_rules() -> list[RetentionRule]:
    return [_RULES[key] for key in sorted(_RULES)]


def retention_cutoff(
    rule: RetentionRule, *, now: datetime.datetime, periods: dict
) -> datetime.datetime:
    return now - datetime.timedelta(days=periods[rule.key])
