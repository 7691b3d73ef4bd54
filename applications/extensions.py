"""What the apps above applications add to an application, registered at start-up.

Slots and bookings (assessment and interview), the conditional offer and the
pre-employment checks (references, medical, right to work, vetting case) each
live in their own app *above* applications in the layers (docs/architecture.md,
"App layers"), because they hang off an application. The move service, the
stage emails and the admin change page still need to hear from them: whether a
check is cleared (the offer-confirmed guard), what a stage email should link to
(a booking page, an offer page), and what the HR change page should show. Each
app registers its readers here from its ``AppConfig.ready()`` (the pattern of
``vetting/adverts.py``); applications asks through this module and never
imports them.

Readers must be cheap: the guard reader runs inside the move's transaction with
the application row locked; the admin panels run once per change page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# check name (a workflow.REQUIRED_CHECKS name) -> reader(application) -> cleared?
_CHECK_READERS: dict[str, Callable[[Any], bool]] = {}
# readers(application, event) -> extra context for that stage email (may be empty)
_EMAIL_CONTEXT_READERS: list[Callable[[Any, Any], dict]] = []
# readers(request, application) -> rendered HTML for the change page, or "" (nothing to show)
_ADMIN_PANELS: list[Callable[[Any, Any], str]] = []
# readers(application) -> rendered HTML for the candidate's view of the application, or ""
_CANDIDATE_PANELS: list[Callable[[Any], str]] = []
# listeners(application, event) run inside every move's transaction, after its event row
_MOVE_LISTENERS: list[Callable[[Any, Any], None]] = []
# invariant name -> reader() -> ids of the applications that break it (the nightly check)
_INVARIANTS: dict[str, Callable[[], Any]] = {}
# builders(email context) -> attachments for a stage email, built at send time
_EMAIL_ATTACHMENT_BUILDERS: list[Callable[[dict], list]] = []


def register_check(name: str, reader: Callable[[Any], bool]) -> None:
    """``reader(application)`` says whether the named pre-employment check is cleared."""
    if _CHECK_READERS.get(name, reader) is not reader:
        raise ValueError(f"A reader for the {name!r} check is already registered")
    _CHECK_READERS[name] = reader


def checks_cleared(application) -> dict[str, bool]:
    """Each registered check's state; a check nobody registered is absent (not cleared)."""
    return {name: bool(reader(application)) for name, reader in _CHECK_READERS.items()}


def register_email_context(reader: Callable[[Any, Any], dict]) -> None:
    if reader not in _EMAIL_CONTEXT_READERS:
        _EMAIL_CONTEXT_READERS.append(reader)


def email_context(application, event) -> dict:
    """Extra context for the stage email of ``event`` (e.g. ``link_url`` to book a slot)."""
    extra: dict = {}
    for reader in _EMAIL_CONTEXT_READERS:
        extra.update(reader(application, event) or {})
    return extra


def register_admin_panel(reader: Callable[[Any, Any], str]) -> None:
    if reader not in _ADMIN_PANELS:
        _ADMIN_PANELS.append(reader)


def admin_panels(request, application) -> list[str]:
    return [html for reader in _ADMIN_PANELS if (html := reader(request, application))]


def register_candidate_panel(reader: Callable[[Any], str]) -> None:
    if reader not in _CANDIDATE_PANELS:
        _CANDIDATE_PANELS.append(reader)


def candidate_panels(application) -> list[str]:
    return [html for reader in _CANDIDATE_PANELS if (html := reader(application))]


def register_move_listener(listener: Callable[[Any, Any], None]) -> None:
    """``listener(application, event)`` runs in the move's transaction (row locked), once
    per moved application, bulk moves included: e.g. open reference requests when
    checks start, or release a booked slot when the candidate withdraws. It writes
    through its own app's services; emails it queues go through the outbox with
    their own idempotency keys, so a rolled-back move queues nothing."""
    if listener not in _MOVE_LISTENERS:
        _MOVE_LISTENERS.append(listener)


def moved(application, event) -> None:
    for listener in _MOVE_LISTENERS:
        listener(application, event)


def register_email_attachment(builder: Callable[[dict], list]) -> None:
    """``builder(context)`` returns the attachments of a stage email (``notifications.kinds
    .Attachment``; empty for most), from the context stored on the outbox row, at send
    time: e.g. the calendar file of a booked slot, from what ``register_email_context``
    put in. Nothing but the context is stored, so a re-send builds the same file."""
    if builder not in _EMAIL_ATTACHMENT_BUILDERS:
        _EMAIL_ATTACHMENT_BUILDERS.append(builder)


def email_attachments(context: dict) -> list:
    return [item for builder in _EMAIL_ATTACHMENT_BUILDERS for item in builder(context)]


def register_invariant(name: str, reader: Callable[[], Any]) -> None:
    """``reader()`` returns the ids of applications that break the named rule (a
    ``values_list`` query): the nightly check logs each (``pipeline_invariants_check``)."""
    if _INVARIANTS.get(name, reader) is not reader:
        raise ValueError(f"The invariant {name!r} is already registered")
    _INVARIANTS[name] = reader


def invariants() -> dict[str, Callable[[], Any]]:
    return dict(_INVARIANTS)
