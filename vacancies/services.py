"""Writes for adverts: every life-cycle step and every edit goes through here.

Each service takes keyword-only arguments, checks that ``by`` may do it (via
``vacancies.selectors``, which defers to ``accounts.selectors``), locks the
advert's row, writes one ``VacancyAuditEntry`` per step, and after commit
tells the public pages' cache that they changed. A refusal is a
``VacancyActionRefused`` carrying every problem in plain English, so that the
admin can show them all at once.

Life cycle: draft -> published -> closed -> archived (a draft may also be
archived without ever being published). The steps are declared as data in
``VACANCY_WORKFLOW`` and carried out by one function, ``_transition`` (see
docs/architecture.md, "State changes"). ``vacancy_published`` is sent inside
the publishing transaction, exactly once per draft -> published.

Concurrency: state changes take ``select_for_update`` on the advert, so a
publish racing a close (or the close task) sees the other's result; the close
task uses ``skip_locked`` and a conditional update, so it never waits on an
editor and never closes an advert twice.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from . import cache, events
from .models import (
    AdvertQuestion,
    AuditAction,
    Vacancy,
    VacancyAuditEntry,
    VacancyLocation,
    VacancyReferenceCounter,
    VacancyStatus,
)
from .selectors import (
    EDITABLE_STATUSES,
    user_may_create_vacancy,
    user_may_edit_vacancy,
    user_may_publish_vacancy,
)

# The fields staff write through vacancy_create / vacancy_update, in the order the
# admin form lists them (vacancies/admin.py builds its form from this tuple).
EDITABLE_FIELDS = (
    "title",
    "vetting_level",
    "national_security_level",
    "closing_at",
    "number_of_posts",
    "salary_min",
    "salary_max",
    "working_pattern",
    "contract_type",
    "fixed_term_ends_on",
    "start_window_from",
    "start_window_to",
    "contact_email",
    "summary",
    "description",
    "role_involves",
    "selection_process",
    "focus_areas",
)
# Changing these on a published advert changes what candidates relied on.
REASON_REQUIRED_FIELDS = {
    "vetting_level": AuditAction.VETTING_LEVEL_CHANGED,
    "national_security_level": AuditAction.VETTING_LEVEL_CHANGED,
    "closing_at": AuditAction.CLOSING_DATE_CHANGED,
}
AUTO_CLOSE_REASON = "Closed automatically at its closing time"
CLOSE_BATCH_SIZE = 200


class VacancyActionRefused(Exception):
    """The advert cannot be changed as asked; ``problems`` says why, one sentence each."""

    def __init__(self, problems: Iterable[str]):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


def _audit(*, vacancy: Vacancy, action: str, by, at, **fields) -> VacancyAuditEntry:
    return VacancyAuditEntry.objects.create(vacancy=vacancy, action=action, by=by, at=at, **fields)


def _pages_changed_after_commit() -> None:
    transaction.on_commit(cache.public_pages_changed)


def _lock(vacancy: Vacancy) -> Vacancy:
    """The advert's row, re-read under a row lock (the caller's copy may be stale)."""
    return Vacancy.objects.select_for_update().get(pk=vacancy.pk)


def _validate(vacancy: Vacancy) -> None:
    try:
        vacancy.full_clean(exclude=["rocu", "reference"])
    except ValidationError as error:
        raise VacancyActionRefused(
            message for messages in error.message_dict.values() for message in messages
        ) from error


def _display(field: str, value) -> str:
    if value is None:
        return ""
    if field == "closing_at":
        return timezone.localtime(value).isoformat(timespec="minutes")
    if field in ("vetting_level", "national_security_level"):
        return value.code
    return str(value)[:200]


def vacancy_reference_next(*, rocu, year: int) -> str:
    """A new reference such as NERSOU-2026-0012: ROCU, year, then a per-ROCU-year number."""
    while True:
        number = VacancyReferenceCounter.next_number(rocu_id=rocu.pk, year=year)
        reference = f"{rocu.slug.upper()[:16]}-{year}-{number:04d}"
        # Numbers are issued atomically, so only rows written some other way
        # (imported, or test factories) can already hold one: skip past them.
        if not Vacancy.objects.filter(reference=reference).exists():
            return reference


def _set_locations(*, vacancy: Vacancy, locations: Iterable[Mapping[str, str]]) -> None:
    VacancyLocation.objects.bulk_create(
        VacancyLocation(
            vacancy=vacancy,
            town=location["town"].strip(),
            postcode=location.get("postcode", "").strip().upper(),
        )
        for location in locations
    )


def vacancy_update_problems(
    *, vacancy: Vacancy, changes: Mapping[str, object], reason: str, now: datetime.datetime
) -> list[tuple[str, str]]:
    """What stops ``changes`` being made to ``vacancy``, as (field, plain-English sentence).

    The one statement of the edit rules beyond the model's own ``clean()``: the
    admin form shows each sentence against its field, and ``vacancy_create`` /
    ``vacancy_update`` refuse with the same sentences. ``vacancy`` may be unsaved
    (a new draft). ``changes`` holds only the fields whose value changes.
    """
    problems: list[tuple[str, str]] = []
    is_published = vacancy.pk is not None and vacancy.status == VacancyStatus.PUBLISHED
    if is_published and changes.keys() & REASON_REQUIRED_FIELDS.keys() and not reason.strip():
        problems.append(("reason", "Give a reason for changing the vetting level or closing date"))
    if is_published and "vetting_level" in changes and changes["vetting_level"] is None:
        problems.append(("vetting_level", "A published advert must keep a vetting level"))
    if "closing_at" in changes:
        closing_at = changes["closing_at"]
        if closing_at is None and is_published:
            problems.append(("closing_at", "A published advert must keep a closing date"))
        elif closing_at is not None and closing_at <= now:
            problems.append(("closing_at", "The closing date must be in the future"))
    return problems


def _refuse_if_problems(problems: list[tuple[str, str]]) -> None:
    if problems:
        raise VacancyActionRefused(message for _, message in problems)


def _check_fields(service: str, fields: Iterable[str]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"{service}() got unexpected fields: {sorted(unknown)}")


@transaction.atomic
def vacancy_create(*, by, rocu, locations: Iterable[Mapping[str, str]] = (), **fields) -> Vacancy:
    """A new draft advert for ``rocu`` with a fresh reference."""
    if not user_may_create_vacancy(by, rocu_id=rocu.pk):
        raise VacancyActionRefused([f"You cannot create adverts for {rocu}"])
    _check_fields("vacancy_create", fields)
    now = timezone.now()
    if not fields.get("contact_email"):
        fields["contact_email"] = rocu.contact_email
    vacancy = Vacancy(rocu=rocu, status=VacancyStatus.DRAFT, **fields)
    _refuse_if_problems(
        vacancy_update_problems(vacancy=vacancy, changes=fields, reason="", now=now)
    )
    _validate(vacancy)
    vacancy.reference = vacancy_reference_next(rocu=rocu, year=timezone.localdate(now).year)
    vacancy.save()
    _set_locations(vacancy=vacancy, locations=locations)
    _audit(
        vacancy=vacancy,
        action=AuditAction.CREATED,
        by=by,
        at=now,
        to_status=VacancyStatus.DRAFT,
    )
    return vacancy


@transaction.atomic
def vacancy_update(*, vacancy: Vacancy, by, reason: str = "", **changes) -> Vacancy:
    """Edit a draft or published advert.

    On a published advert a change of vetting level or closing date needs a
    ``reason`` and is recorded on its own audit row with the old and new value;
    a new closing date must still be in the future (``vacancy_update_problems``).
    """
    _check_fields("vacancy_update", changes)
    vacancy = _lock(vacancy)
    if not user_may_edit_vacancy(by, vacancy=vacancy):
        raise VacancyActionRefused([f"You cannot edit adverts for {vacancy.rocu}"])
    if vacancy.status not in EDITABLE_STATUSES:
        raise VacancyActionRefused(
            [f"A {vacancy.get_status_display().lower()} advert cannot be edited"]
        )
    before = {field: getattr(vacancy, field) for field in changes}
    changed = {field: value for field, value in changes.items() if before[field] != value}
    if not changed:
        return vacancy
    now = timezone.now()
    reason = reason.strip()
    _refuse_if_problems(
        vacancy_update_problems(vacancy=vacancy, changes=changed, reason=reason, now=now)
    )
    for field, value in changed.items():
        setattr(vacancy, field, value)
    _validate(vacancy)
    vacancy.save()

    _audit(
        vacancy=vacancy,
        action=AuditAction.EDITED,
        by=by,
        at=now,
        from_status=vacancy.status,
        to_status=vacancy.status,
        new_value=", ".join(sorted(changed))[:200],
        reason=reason,
    )
    if vacancy.status == VacancyStatus.PUBLISHED:
        key_changes = [field for field in changed if field in REASON_REQUIRED_FIELDS]
        for field in key_changes:
            _audit(
                vacancy=vacancy,
                action=REASON_REQUIRED_FIELDS[field],
                by=by,
                at=now,
                from_status=vacancy.status,
                to_status=vacancy.status,
                old_value=_display(field, before[field]),
                new_value=_display(field, changed[field]),
                reason=reason,
            )
        _pages_changed_after_commit()
    return vacancy


def vacancy_locations_changed(*, vacancy: Vacancy, by) -> None:
    """The admin saved the advert's locations inline: record it; refresh public pages."""
    if not user_may_edit_vacancy(by, vacancy=vacancy):
        raise VacancyActionRefused([f"You cannot edit adverts for {vacancy.rocu}"])
    _audit(
        vacancy=vacancy,
        action=AuditAction.EDITED,
        by=by,
        at=timezone.now(),
        from_status=vacancy.status,
        to_status=vacancy.status,
        new_value="locations",
    )
    if vacancy.status == VacancyStatus.PUBLISHED:
        _pages_changed_after_commit()


def vacancy_publish_problems(*, vacancy: Vacancy, now: datetime.datetime) -> list[str]:
    """Everything that stops this advert being published, in plain English (empty: ready)."""
    problems = []
    if not vacancy.title.strip():
        problems.append("Enter a job title")
    if vacancy.vetting_level_id is None:
        problems.append("Choose the vetting level the post needs")
    elif not vacancy.vetting_level.is_active:
        problems.append("Choose a vetting level that is still offered for new adverts")
    elif vacancy.vetting_level.is_national_security:
        # A new advert needs a force level; national security vetting is the second,
        # optional level. Adverts published before levels had kinds keep theirs.
        problems.append(
            "Choose the force vetting level the post needs (Recruitment or Management "
            "Vetting), and put national security vetting in its own field"
        )
    if (
        vacancy.national_security_level_id is not None
        and not vacancy.national_security_level.is_active
    ):
        problems.append(
            "Choose a national security vetting level that is still offered for new adverts"
        )
    if vacancy.closing_at is None:
        problems.append("Enter a closing date and time")
    elif vacancy.closing_at <= now:
        problems.append("Change the closing date so that it is in the future")
    if not vacancy.locations.exists():
        problems.append("Add at least one base location")
    if vacancy.salary_min is None or vacancy.salary_max is None:
        problems.append("Enter the minimum and maximum salary")
    if not vacancy.summary.strip():
        problems.append("Enter a summary")
    if not vacancy.description.strip():
        problems.append("Enter the full description")
    if not vacancy.role_involves.strip():
        problems.append("Enter what the role involves")
    if not vacancy.selection_process.strip():
        problems.append("Enter the selection process")
    if not vacancy.focus_areas:
        problems.append("Choose at least one focus area")
    if vacancy.start_window_from is None or vacancy.start_window_to is None:
        problems.append("Enter the expected start window")
    if not vacancy.contact_email:
        problems.append("Enter a contact email address")
    if vacancy.is_fixed_term and vacancy.fixed_term_ends_on is not None:
        starts = vacancy.start_window_from or timezone.localdate(now)
        if vacancy.fixed_term_ends_on <= starts:
            problems.append("Change the fixed-term end date so that it is after the post starts")
    return problems


# --- life cycle: the transition table -------------------------------------------------


@dataclass(frozen=True)
class Transition:
    """One step of the advert life cycle, as data; ``_transition`` carries it out.

    ``problems`` lists what stops the step (empty: go ahead); ``event`` is sent
    inside the transaction, so receivers' rows commit or roll back with it;
    ``after_commit`` runs only once the step has committed; ``reason_missing`` is
    the refusal when the step needs a reason and none is given (None: no reason asked).
    """

    verb: str
    sources: tuple[VacancyStatus, ...]
    target: VacancyStatus
    audit_action: AuditAction
    wrong_status: str
    stamp_field: str | None = None
    problems: Callable[..., list[str]] | None = None
    event: Signal | None = None
    after_commit: tuple[Callable[[], None], ...] = (cache.public_pages_changed,)
    reason_missing: str | None = None


# Publish, close and archive are only ever done through this table.
VACANCY_WORKFLOW: dict[str, Transition] = {
    "publish": Transition(
        verb="publish",
        sources=(VacancyStatus.DRAFT,),
        target=VacancyStatus.PUBLISHED,
        audit_action=AuditAction.PUBLISHED,
        wrong_status="Only a draft can be published",
        stamp_field="published_at",
        problems=vacancy_publish_problems,
        event=events.vacancy_published,
    ),
    "close": Transition(
        verb="close",
        sources=(VacancyStatus.PUBLISHED,),
        target=VacancyStatus.CLOSED,
        audit_action=AuditAction.CLOSED,
        wrong_status="Only a published advert can be closed",
        stamp_field="closed_at",
        # Staff close an advert before its closing time only for a reason candidates
        # and auditors may ask about (posts filled, funding withdrawn); the expiry
        # task records its own (AUTO_CLOSE_REASON).
        reason_missing="Give the reason for closing the advert early",
    ),
    "archive": Transition(
        verb="archive",
        sources=(VacancyStatus.CLOSED, VacancyStatus.DRAFT),
        target=VacancyStatus.ARCHIVED,
        audit_action=AuditAction.ARCHIVED,
        wrong_status="Only a closed advert or a draft can be archived",
    ),
}


def vacancy_step_problems(
    *, vacancy: Vacancy, by, step: str, now: datetime.datetime, reason: str | None = None
) -> list[str]:
    """Every reason ``step`` cannot happen to ``vacancy`` now; empty: it can.

    The checks ``_transition`` refuses with, in its order: permission first (a
    stranger learns nothing about the advert), then the status, then every
    problem at once (a missing reason and the step's own ``problems``). ``reason``
    None means not asked yet: a confirmation page shows what stops the step
    before anyone has typed a reason.
    """
    transition = VACANCY_WORKFLOW[step]
    if not user_may_publish_vacancy(by, vacancy=vacancy):
        return [f"You cannot {transition.verb} adverts for {vacancy.rocu}"]
    if vacancy.status not in transition.sources:
        return [f"{transition.wrong_status}; this advert is {vacancy.get_status_display()}"]
    problems = []
    if transition.reason_missing and reason is not None and not reason.strip():
        problems.append(transition.reason_missing)
    if transition.problems is not None:
        problems += transition.problems(vacancy=vacancy, now=now)
    return problems


def vacancy_steps_open_to(*, vacancy: Vacancy, by) -> list[str]:
    """The life-cycle steps ``by`` may start on ``vacancy`` at its status (its admin buttons).

    Read from ``VACANCY_WORKFLOW``: a step is offered when its sources include the
    advert's status and ``by`` may publish for the advert's ROCU. Whether the advert
    is complete enough is left to the step's confirmation page, which lists every
    problem (``vacancy_step_problems``).
    """
    if not user_may_publish_vacancy(by, vacancy=vacancy):
        return []
    return [step for step, row in VACANCY_WORKFLOW.items() if vacancy.status in row.sources]


def _transition(*, vacancy: Vacancy, by, step: str, reason: str = "") -> Vacancy:
    """Lock, check, save, audit, then queue side effects: the one way an advert changes state.

    The checks (``vacancy_step_problems``) run on the locked row, so a publish
    racing a close sees the other's result. A refusal is a ``VacancyActionRefused``
    listing every problem.
    """
    transition = VACANCY_WORKFLOW[step]
    with transaction.atomic():
        vacancy = _lock(vacancy)
        now = timezone.now()
        problems = vacancy_step_problems(vacancy=vacancy, by=by, step=step, now=now, reason=reason)
        if problems:
            raise VacancyActionRefused(problems)

        from_status = vacancy.status
        vacancy.status = transition.target
        update_fields = ["status", "updated_at"]
        if transition.stamp_field:
            setattr(vacancy, transition.stamp_field, now)
            update_fields.append(transition.stamp_field)
        vacancy.save(update_fields=update_fields)
        _audit(
            vacancy=vacancy,
            action=transition.audit_action,
            by=by,
            at=now,
            from_status=from_status,
            to_status=transition.target,
            reason=reason.strip(),
        )
        if transition.event is not None:
            transition.event.send(sender=Vacancy, vacancy=vacancy)
        for effect in transition.after_commit:
            transaction.on_commit(effect)
    return vacancy


def vacancy_publish(*, vacancy: Vacancy, by) -> Vacancy:
    """Draft -> published, if complete; emits ``vacancy_published`` once, in this transaction."""
    return _transition(vacancy=vacancy, by=by, step="publish")


def vacancy_close(*, vacancy: Vacancy, by, reason: str = "") -> Vacancy:
    """Published -> closed now, before its closing time, for ``reason`` (refused without one).

    The task closes expired adverts itself (``vacancies_close_expired``).
    """
    return _transition(vacancy=vacancy, by=by, step="close", reason=reason)


def vacancy_archive(*, vacancy: Vacancy, by) -> Vacancy:
    """Closed (or never-published draft) -> archived: off the public pages for good."""
    return _transition(vacancy=vacancy, by=by, step="archive")


# Not copied into a duplicate: identity, life cycle, and the closing date (which
# has almost always passed, and must be chosen afresh before publishing).
_NOT_DUPLICATED = {"closing_at"}


@transaction.atomic
@transaction.atomic
def vacancy_duplicate(*, vacancy: Vacancy, by) -> Vacancy:
    """A new draft with the same content, locations and competency questions, for the
    next round of recruiting the same job."""
    if not user_may_create_vacancy(by, rocu_id=vacancy.rocu_id):
        raise VacancyActionRefused([f"You cannot create adverts for {vacancy.rocu}"])
    fields = {
        field: getattr(vacancy, field) for field in EDITABLE_FIELDS if field not in _NOT_DUPLICATED
    }
    fields["focus_areas"] = list(vacancy.focus_areas)
    locations = [
        {"town": location.town, "postcode": location.postcode}
        for location in vacancy.locations.all()
    ]
    copy = vacancy_create(by=by, rocu=vacancy.rocu, locations=locations, **fields)
    # The same questions (the lead may still change them before publishing): the
    # candidates of the next round are asked what the last round's were.
    AdvertQuestion.objects.bulk_create(
        AdvertQuestion(
            vacancy=copy,
            position=question.position,
            competency=question.competency,
            question=question.question,
            word_limit=question.word_limit,
        )
        for question in vacancy.questions.all()
    )
    VacancyAuditEntry.objects.filter(vacancy=copy, action=AuditAction.CREATED).update(
        source_vacancy=vacancy, new_value=f"Copied from {vacancy.reference}"
    )
    return copy


def vacancies_close_expired(*, now: datetime.datetime | None = None) -> int:
    """Close every published advert whose closing time has passed; return how many.

    Idempotent and safe to run concurrently: each batch locks the rows it
    takes (skipping rows another run or an editor holds) and the update is
    conditional on the advert still being published and expired.
    """
    now = now or timezone.now()
    close = VACANCY_WORKFLOW["close"]
    (from_status,) = close.sources
    closed = 0
    while True:
        with transaction.atomic():
            ids = list(
                Vacancy.objects.select_for_update(skip_locked=True)
                .filter(status=from_status, closing_at__lte=now)
                .order_by("id")
                .values_list("id", flat=True)[:CLOSE_BATCH_SIZE]
            )
            if not ids:
                break
            updated = Vacancy.objects.filter(
                id__in=ids, status=from_status, closing_at__lte=now
            ).update(status=close.target, closed_at=now, updated_at=now)
            VacancyAuditEntry.objects.bulk_create(
                VacancyAuditEntry(
                    vacancy_id=vacancy_id,
                    action=close.audit_action,
                    by=None,
                    at=now,
                    from_status=from_status,
                    to_status=close.target,
                    reason=AUTO_CLOSE_REASON,
                )
                for vacancy_id in ids
            )
            for effect in close.after_commit:
                transaction.on_commit(effect)
            closed += updated
    return closed
