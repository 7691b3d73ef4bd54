"""What applications hold about a candidate: subject access export, erasure, retention.

Registered with ``privacy.registry`` from ``ApplicationsConfig.ready()``. Anonymising
an application keeps the row (advert, stage, dates, scores, the residence outcome)
for counts in reports and removes everything that says who it was or what they
wrote: the candidate link, personal details, residence history, jobs, referees,
answers, equality answers, notes, score comments and the reasons typed in moves.
Drafts are deleted outright: nobody has considered them.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.models import ReadAuditEntry
from privacy.registry import ExportSection, PersonalDataProvider, RetentionRule

from .models import (
    Application,
    ApplicationEvent,
    ApplicationNote,
    CompetencyAnswer,
    EmploymentEntry,
    EqualityMonitoring,
    Referee,
    ResidencePeriod,
    ScoreSheet,
)
from .workflow import TERMINAL_STAGES, Stage, staff_label

# How applications' admin page names its record in the audit of reads.
READ_RECORD_TYPE = "applications.application"

# Ended without a hire: the retention rule "applications.ended" and erasure act on these.
ENDED_STAGES = frozenset(
    {Stage.UNSUCCESSFUL, Stage.WITHDRAWN, Stage.OFFER_DECLINED, Stage.OFFER_WITHDRAWN}
)

# The fields that say who the candidate is or what they typed, and their empty values.
_PERSONAL_FIELDS = {
    "candidate": None,
    "full_name": "",
    "preferred_name": "",
    "phone": "",
    "address_location": "",
    "address_line_1": "",
    "address_line_2": "",
    "address_town": "",
    "address_postcode": "",
    "address_abroad": "",
    "right_to_work": "",
    "visa_ends_on": None,
    "residence_exemption_statement": "",
    "residence_reasons": [],
    "adjustments_detail": "",
    "withdrawal_reason": "",
}
_EXPORTED_FIELDS = (
    "reference",
    "stage",
    "draft_at",
    "submitted_at",
    "withdrawn_at",
    "full_name",
    "preferred_name",
    "phone",
    "address_location",
    "address_line_1",
    "address_line_2",
    "address_town",
    "address_postcode",
    "address_abroad",
    "right_to_work",
    "visa_ends_on",
    "residence_exemption_statement",
    "adjustments_needed",
    "adjustments_detail",
    "disability_confident",
    "declaration_true",
    "declaration_vetting_consent",
    "residence_outcome",
    "residence_level_code",
    "residence_reasons",
    "unsuccessful_reasons",
    "assessment_score",
    "start_date",
    "withdrawal_reason",
)


def _anonymise(application_ids: list[int], *, now: datetime.datetime) -> int:
    """Remove every personal detail from these applications (rows locked by the caller)."""
    ResidencePeriod.objects.filter(application_id__in=application_ids).delete()
    EmploymentEntry.objects.filter(application_id__in=application_ids).delete()
    Referee.objects.filter(application_id__in=application_ids).delete()
    CompetencyAnswer.objects.filter(application_id__in=application_ids).delete()
    EqualityMonitoring.objects.filter(application_id__in=application_ids).delete()
    ApplicationNote.objects.filter(application_id__in=application_ids).delete()
    ScoreSheet.objects.filter(application_id__in=application_ids).update(comments="")
    ApplicationEvent.objects.filter(application_id__in=application_ids).update(
        reason="", by_candidate=None
    )
    return Application.objects.filter(pk__in=application_ids).update(
        **_PERSONAL_FIELDS, anonymised_at=now
    )


def _locked_ids(queryset, batch_size: int) -> list[int]:
    return list(
        queryset.order_by("pk")
        .select_for_update(skip_locked=True, of=("self",))
        .values_list("pk", flat=True)[:batch_size]
    )


# --- Retention rules --------------------------------------------------------------------


def drafts_delete(*, cutoff: datetime.datetime, batch_size: int) -> int:
    with transaction.atomic():
        ids = _locked_ids(
            Application.objects.filter(stage=Stage.DRAFT, vacancy__closing_at__lt=cutoff),
            batch_size,
        )
        Application.objects.filter(pk__in=ids).delete()
    return len(ids)


def _anonymise_closed_before(stages, *, cutoff, batch_size) -> int:
    with transaction.atomic():
        ids = _locked_ids(
            Application.objects.filter(
                stage__in=list(stages), anonymised_at__isnull=True, vacancy__closing_at__lt=cutoff
            ),
            batch_size,
        )
        _anonymise(ids, now=timezone.now())
    return len(ids)


def ended_anonymise(*, cutoff: datetime.datetime, batch_size: int) -> int:
    return _anonymise_closed_before(ENDED_STAGES, cutoff=cutoff, batch_size=batch_size)


def hired_anonymise(*, cutoff: datetime.datetime, batch_size: int) -> int:
    return _anonymise_closed_before({Stage.START_DATE_AGREED}, cutoff=cutoff, batch_size=batch_size)


def equality_monitoring_delete(*, cutoff: datetime.datetime, batch_size: int) -> int:
    with transaction.atomic():
        ids = list(
            EqualityMonitoring.objects.filter(application__vacancy__closing_at__lt=cutoff)
            .order_by("pk")
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", flat=True)[:batch_size]
        )
        EqualityMonitoring.objects.filter(pk__in=ids).delete()
    return len(ids)


def residence_history_delete(*, cutoff: datetime.datetime, batch_size: int) -> int:
    """Residence periods, the exemption statement and the rule's dated reasons of ended ones."""
    still_holding = (
        Q(Exists(ResidencePeriod.objects.filter(application=OuterRef("pk"))))
        | ~Q(residence_exemption_statement="")
        | ~Q(residence_reasons=[])
    )
    with transaction.atomic():
        ids = _locked_ids(
            Application.objects.filter(
                still_holding, stage__in=list(TERMINAL_STAGES), vacancy__closing_at__lt=cutoff
            ),
            batch_size,
        )
        ResidencePeriod.objects.filter(application_id__in=ids).delete()
        Application.objects.filter(pk__in=ids).update(
            residence_exemption_statement="", residence_reasons=[]
        )
    return len(ids)


RETENTION_RULES = (
    RetentionRule(
        key="applications.drafts",
        what="Draft applications never sent",
        counted_from="the advert's closing date",
        action="deleted",
        apply=drafts_delete,
    ),
    RetentionRule(
        key="applications.ended",
        what="Unsuccessful and withdrawn applications (offers declined or withdrawn too)",
        counted_from="the advert's closing date",
        action="anonymised",
        apply=ended_anonymise,
    ),
    RetentionRule(
        key="applications.equality_monitoring",
        what="Equality monitoring answers",
        counted_from="the advert's closing date",
        action="deleted",
        apply=equality_monitoring_delete,
    ),
    RetentionRule(
        key="applications.residence_history",
        what="Residence history of applications that have ended (hired included)",
        counted_from="the advert's closing date",
        action="deleted",
        apply=residence_history_delete,
    ),
    RetentionRule(
        key="applications.hired",
        what="Applications of candidates who were hired",
        counted_from="the advert's closing date",
        action="anonymised",
        apply=hired_anonymise,
    ),
)


# --- Subject access and erasure ---------------------------------------------------------


def _applications_of(key: str):
    return Application.objects.filter(candidate__email=key).select_related("vacancy")


def _label(application: Application) -> str:
    return application.reference or f"a draft for {application.vacancy.reference}"


def export(key: str) -> list[ExportSection]:
    applications = list(
        _applications_of(key).prefetch_related(
            "residence_periods",
            "employment_entries",
            "referees",
            "answers__question",
            "events",
            "notes",
            "score_sheets",
        )
    )
    equality = {
        row.application_id: row
        for row in EqualityMonitoring.objects.filter(application__in=applications)
    }
    # Who has seen the application is the candidate's to know (Art. 15(1)(c)): when, by role.
    reads: dict[str, list] = {}
    for read in ReadAuditEntry.objects.filter(
        record_type=READ_RECORD_TYPE, record_id__in=[str(a.pk) for a in applications]
    ).order_by("at"):
        reads.setdefault(read.record_id, []).append(
            {"at": read.at, "by": "staff", "what": read.get_part_display()}
        )
    records = []
    for application in applications:
        record = {name: getattr(application, name) for name in _EXPORTED_FIELDS}
        record["advert"] = f"{application.vacancy.reference}: {application.vacancy.title}"
        record["stage"] = staff_label(application.stage)
        record["residence_history"] = [
            {
                "country": period.country,
                "from": period.start,
                "to": period.end,
                "reason": period.reason,
            }
            for period in application.residence_periods.all()
        ]
        record["employment_and_education"] = [
            {
                "kind": entry.kind,
                "organisation": entry.organisation,
                "role": entry.role,
                "from": entry.start,
                "to": entry.end,
                "description": entry.description,
            }
            for entry in application.employment_entries.all()
        ]
        record["referees"] = [
            {
                "name": referee.name,
                "email": referee.email,
                "phone": referee.phone,
                "organisation": referee.organisation,
                "relationship": referee.relationship,
            }
            for referee in application.referees.all()
        ]
        record["answers"] = [
            {"question": answer.question.question, "answer": answer.answer}
            for answer in application.answers.all()
        ]
        monitoring = equality.get(application.pk)
        record["equality_monitoring"] = (
            {
                "age_group": monitoring.age_group,
                "sex": monitoring.sex,
                "ethnicity": monitoring.ethnicity,
                "disability": monitoring.disability,
                "sexual_orientation": monitoring.sexual_orientation,
                "religion": monitoring.religion,
            }
            if monitoring
            else None
        )
        # Staff are named by role, not by name: the export is about the candidate.
        record["events"] = [
            {
                "at": event.at,
                "from": staff_label(event.from_stage),
                "to": staff_label(event.to_stage),
                "by": _by(event),
                "reason": event.reason,
            }
            for event in application.events.all()
        ]
        record["staff_notes"] = [
            {"at": note.at, "text": note.text} for note in application.notes.all()
        ]
        record["scores"] = [
            {"round": sheet.round, "scores": sheet.scores, "comments": sheet.comments}
            for sheet in application.score_sheets.all()
            if sheet.submitted_at
        ]
        record["opened_by_staff"] = reads.get(str(application.pk), [])
        records.append(record)
    return [
        ExportSection(
            title=_("Applications"),
            records=records,
            explanation=_(
                "Each application with everything you gave us, how it moved through "
                "selection, staff notes and scores, and when staff opened it."
            ),
        )
    ]


def _by(event: ApplicationEvent) -> str:
    if event.by_candidate_id:
        return "the candidate"
    return "staff" if event.by_user_id else "the service"


def _live(key: str) -> list[Application]:
    return [
        application
        for application in _applications_of(key).exclude(stage=Stage.DRAFT)
        if application.stage not in ENDED_STAGES
    ]


def erasure_problems(key: str) -> list[str]:
    return [
        f"Application {application.reference} is at {staff_label(application.stage)}: "
        "it can be erased once it has ended (withdrawn or unsuccessful)"
        if application.stage != Stage.START_DATE_AGREED
        else f"Application {application.reference} led to a hire: the force's HR file "
        "holds it now, and it is anonymised on the retention schedule"
        for application in _live(key)
    ]


def erasure_preview(key: str) -> list[str]:
    applications = list(_applications_of(key))
    drafts = [_label(a) for a in applications if a.stage == Stage.DRAFT]
    ended = [_label(a) for a in applications if a.stage != Stage.DRAFT]
    lines = []
    if drafts:
        lines.append(f"Draft applications deleted: {', '.join(drafts)}")
    if ended:
        lines.append(
            f"Applications anonymised (stage and dates kept for counts; name, contact "
            f"details, residence history, jobs, referees, answers, equality answers and "
            f"notes deleted): {', '.join(ended)}"
        )
    return lines


def erase(key: str) -> dict[str, int]:
    applications = list(_applications_of(key).select_for_update(of=("self",)))
    drafts = [a.pk for a in applications if a.stage == Stage.DRAFT]
    ended = [a.pk for a in applications if a.stage != Stage.DRAFT]
    Application.objects.filter(pk__in=drafts).delete()
    return {"drafts deleted": len(drafts), "anonymised": _anonymise(ended, now=timezone.now())}


PROVIDER = PersonalDataProvider(
    name="applications",
    export=export,
    erasure_preview=erasure_preview,
    erasure_problems=erasure_problems,
    erase=erase,
    order=10,  # before applicants: the candidate row is deleted once nothing points at it
)


# --- For the apps whose rows hang off an application (offers, references, bookings) ---


def hanging_rows(
    *,
    name: str,
    models: tuple,
    title,
    explanation,
    retention_key: str,
    what: str,
) -> tuple[PersonalDataProvider, tuple[RetentionRule, ...]]:
    """A provider and a retention rule for rows that hang off an application.

    Export: each row's own fields (``model_to_dict``; staff links by id only).
    Erasure: the rows go, before applications anonymises (order 5). Retention:
    rows of an application that has been anonymised go at the next daily run
    (``RETENTION_DAYS[retention_key]`` days after the anonymisation).
    """
    from django.forms.models import model_to_dict

    def of(model, key):
        return model.objects.filter(application__candidate__email=key)

    def export(key: str) -> list[ExportSection]:
        records = [
            {"kind": str(model._meta.verbose_name), **model_to_dict(row, exclude=["application"])}
            for model in models
            for row in of(model, key).order_by("pk")
        ]
        return [ExportSection(title=title, records=records, explanation=explanation)]

    def erasure_preview(key: str) -> list[str]:
        counts = [(model._meta.verbose_name_plural, of(model, key).count()) for model in models]
        return [f"Deleted: {count} {label}" for label, count in counts if count]

    def erase(key: str) -> dict[str, int]:
        return {
            f"{model._meta.verbose_name_plural} deleted": of(model, key).delete()[0]
            for model in models
        }

    def delete_of_anonymised(*, cutoff: datetime.datetime, batch_size: int) -> int:
        handled = 0
        with transaction.atomic():
            for model in models:
                ids = list(
                    model.objects.filter(application__anonymised_at__lt=cutoff)
                    .order_by("pk")
                    .select_for_update(skip_locked=True, of=("self",))
                    .values_list("pk", flat=True)[: batch_size - handled]
                )
                model.objects.filter(pk__in=ids).delete()
                handled += len(ids)
                if handled >= batch_size:
                    break
        return handled

    provider = PersonalDataProvider(
        name=name, export=export, erasure_preview=erasure_preview, erase=erase, order=5
    )
    rule = RetentionRule(
        key=retention_key,
        what=what,
        counted_from="the application's anonymisation",
        action="deleted",
        apply=delete_of_anonymised,
    )
    return provider, (rule,)
