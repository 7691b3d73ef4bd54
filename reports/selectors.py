"""Reads for the reports: every number is counted by the database, in a fixed number of queries.

Whatever the number of applications, a funnel is three queries (counts and the
days to offer in one conditional aggregation; the median days in each stage
from the event rows; the options of the scope form are the view's), and each
breakdown table is one GROUP BY. Nothing loops over applications in Python.

Scope: every report starts from ``report_applications``, which goes through
``accounts.selectors.scope_to_user_rocus``, so staff see their own ROCUs only
and National HR (``accounts.access_all_rocus``) sees every ROCU.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q, QuerySet

from accounts.models import Rocu
from accounts.selectors import rocus_for_user, scope_to_user_rocus, user_sees_all_rocus
from applications.forms import EQUALITY_QUESTIONS, PREFER_NOT_TO_SAY
from applications.models import Application, ApplicationEvent, EqualityMonitoring, ScoreSheet
from applications.workflow import STAGE_TIMESTAMP_FIELDS, Stage, staff_label
from vacancies.models import Vacancy

from .aggregates import DaysBetween, Median, days_between_sql, median_sql
from .funnel import REPORTED_STAGES, Funnel, build_funnel, percent
from .suppression import suppress_columns

PIPELINE_PERMISSION = "reports.view_pipeline_report"
DIVERSITY_PERMISSION = "reports.view_diversity_report"
# Whoever holds one of these can score or make the sift decision, so must never
# see equality answers (docs/reports.md), whatever else they hold.
SCORING_PERMISSIONS = ("applications.sift_application", "applications.move_application")


def user_may_view_pipeline_reports(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(PIPELINE_PERMISSION)


def user_may_view_diversity_report(user) -> bool:
    """Only the diversity permission, and only for someone who does not score.

    A sifter, an assessor or a panel member (anyone with a scoring permission,
    or anyone who has ever submitted a score sheet) is refused even if the
    permission was given to them by mistake; a superuser holds every
    permission, so is refused too.
    """
    if not (user.is_active and user.is_staff and user.has_perm(DIVERSITY_PERMISSION)):
        return False
    if user.is_superuser or any(user.has_perm(name) for name in SCORING_PERMISSIONS):
        return False
    return not ScoreSheet.objects.filter(assessor=user).exists()


@dataclass(frozen=True)
class ReportScope:
    """Which applications a report covers: the user's ROCUs, narrowed to one ROCU or advert."""

    rocu: Rocu | None = None
    vacancy: Vacancy | None = None

    def describe(self, user) -> str:
        if self.vacancy is not None:
            return f"advert {self.vacancy.reference} ({self.vacancy.title})"
        if self.rocu is not None:
            return self.rocu.short_name
        return "every ROCU" if user_sees_all_rocus(user) else "your ROCUs"


def report_rocus(user) -> QuerySet[Rocu]:
    return rocus_for_user(user).order_by("short_name")


def report_vacancies(user) -> QuerySet[Vacancy]:
    """Adverts that have had applications sent, in the user's ROCUs, for the scope form."""
    return (
        scope_to_user_rocus(Vacancy.objects.all(), user)
        .filter(applications__submitted_at__isnull=False)
        .distinct()
        .select_related("rocu")
        .order_by("rocu__short_name", "reference")
    )


def report_applications(user, scope: ReportScope = ReportScope()) -> QuerySet[Application]:
    """Sent applications (drafts are the candidate's own) in the user's ROCUs and the scope."""
    queryset = scope_to_user_rocus(
        Application.objects.filter(submitted_at__isnull=False), user, rocu_field="vacancy__rocu"
    )
    if scope.rocu is not None:
        queryset = queryset.filter(vacancy__rocu=scope.rocu)
    if scope.vacancy is not None:
        queryset = queryset.filter(vacancy=scope.vacancy)
    return queryset.order_by()


def _reached(stage: Stage) -> Q:
    return Q(**{f"{STAGE_TIMESTAMP_FIELDS[stage]}__isnull": False})


_DAYS_TO_OFFER = DaysBetween("conditional_offer_at", "submitted_at")


def funnel_for(applications: QuerySet[Application]) -> Funnel:
    """The funnel of ``applications`` (from report_applications): two queries."""
    counts = applications.aggregate(
        **{f"reached_{stage}": Count("pk", filter=_reached(stage)) for stage in REPORTED_STAGES},
        **{f"now_{stage}": Count("pk", filter=Q(stage=stage)) for stage in REPORTED_STAGES},
        days_to_offer=Median(_DAYS_TO_OFFER, filter=_reached(Stage.CONDITIONAL_OFFER)),
    )
    return build_funnel(
        reached={stage: counts[f"reached_{stage}"] for stage in REPORTED_STAGES},
        now_at={stage: counts[f"now_{stage}"] for stage in REPORTED_STAGES},
        median_days_in_stage=median_days_in_stage(applications),
        median_days_to_offer=counts["days_to_offer"],
    )


def median_days_in_stage(applications: QuerySet[Application]) -> dict[str, float]:
    """Median days of each finished stay in a stage, from the event rows (one query).

    A stay starts with the event that moved the application into the stage and
    ends with its next event; a stay still going on (the current stage) is not
    counted, so a median is never of stays cut short by today's date.
    """
    application_ids_sql, params = applications.values("pk").query.sql_with_params()
    events = ApplicationEvent._meta.db_table
    vendor = connection.vendor
    days = days_between_sql(vendor, "left_at", "entered_at")
    sql = f"""
        WITH stays AS (
            SELECT e.to_stage AS stage, e.at AS entered_at,
                   LEAD(e.at) OVER (PARTITION BY e.application_id ORDER BY e.at, e.id) AS left_at
            FROM {events} e
            WHERE e.application_id IN ({application_ids_sql})
        )
        SELECT stage, {median_sql(vendor, days)}
        FROM stays WHERE left_at IS NOT NULL
        GROUP BY stage
    """  # noqa: S608 (table names are ours; the only values are bound parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {stage: value for stage, value in cursor.fetchall() if value is not None}


@dataclass(frozen=True)
class BreakdownRow:
    """One ROCU's or one advert's headline figures."""

    key: str
    label: str
    submitted: int
    offers: int
    started: int
    median_days_to_offer: float | None

    @property
    def offer_percent(self) -> float | None:
        return percent(self.offers, self.submitted)


_HEADLINE = {
    "submitted": Count("pk"),
    "offers": Count("pk", filter=_reached(Stage.CONDITIONAL_OFFER)),
    "started": Count("pk", filter=_reached(Stage.START_DATE_AGREED)),
    "days_to_offer": Median(_DAYS_TO_OFFER, filter=_reached(Stage.CONDITIONAL_OFFER)),
}


def _row(key, label, figures) -> BreakdownRow:
    days = figures["days_to_offer"]
    return BreakdownRow(
        key=str(key),
        label=label,
        submitted=figures["submitted"],
        offers=figures["offers"],
        started=figures["started"],
        median_days_to_offer=None if days is None else round(days, 1),
    )


def breakdown_by_rocu(user) -> tuple[list[BreakdownRow], BreakdownRow]:
    """A row per ROCU the user sees, and the total over them (two GROUP BY queries)."""
    applications = report_applications(user)
    rows = [
        _row(figures["vacancy__rocu__slug"], figures["vacancy__rocu__short_name"], figures)
        for figures in applications.values("vacancy__rocu__slug", "vacancy__rocu__short_name")
        .annotate(**_HEADLINE)
        .order_by("vacancy__rocu__short_name")
    ]
    total_label = "National total" if user_sees_all_rocus(user) else "Total for your ROCUs"
    return rows, _row("total", total_label, applications.aggregate(**_HEADLINE))


def breakdown_by_advert(applications: QuerySet[Application]) -> list[BreakdownRow]:
    return [
        _row(figures["vacancy__reference"], figures["vacancy__title"], figures)
        for figures in applications.values("vacancy__reference", "vacancy__title")
        .annotate(**_HEADLINE)
        .order_by("vacancy__reference")
    ]


# --- Diversity -------------------------------------------------------------

# The milestones the diversity report compares: who applied, and who got how far.
DIVERSITY_STAGES: tuple[Stage, ...] = (
    Stage.SUBMITTED,
    Stage.ASSESSMENT_INVITED,
    Stage.INTERVIEW_INVITED,
    Stage.CONDITIONAL_OFFER,
    Stage.START_DATE_AGREED,
)
NOT_ANSWERED = "Not answered"


def equality_questions() -> list[tuple[str, str]]:
    return [(name, str(question)) for name, (question, _) in EQUALITY_QUESTIONS.items()]


@dataclass(frozen=True)
class DiversityRow:
    label: str
    cells: tuple[int | None, ...]  # per DIVERSITY_STAGES; None = suppressed


@dataclass(frozen=True)
class DiversityTable:
    question: str
    question_text: str
    stage_labels: tuple[str, ...]
    rows: tuple[DiversityRow, ...]
    totals: tuple[int | None, ...]
    threshold: int

    def as_rows(self) -> list[list]:
        """Header and rows as shown (suppressed cells as their marker), for the CSV."""
        marker = f"fewer than {self.threshold} or hidden"
        shown = [
            [row.label, *(marker if cell is None else cell for cell in row.cells)]
            for row in self.rows
        ]
        total = ["All applications", *(marker if cell is None else cell for cell in self.totals)]
        return [["Answer", *self.stage_labels], *shown, total]


def diversity_table(applications: QuerySet[Application], *, question: str) -> DiversityTable:
    """Counts of one equality answer at each milestone, with small numbers suppressed.

    Two queries: one GROUP BY over the answers (joined to the scoped
    applications) and one for the totals; applications without an answer (no
    row, a blank answer) are "Not answered", so each column adds up to its total.
    The counts leave this function only after suppression (reports/suppression.py).
    """
    if question not in EQUALITY_QUESTIONS:
        raise ValueError(f"Unknown equality question: {question}")
    question_text, options = EQUALITY_QUESTIONS[question]
    per_stage = {
        f"at_{stage}": Count(
            "pk", filter=Q(**{f"application__{STAGE_TIMESTAMP_FIELDS[stage]}__isnull": False})
        )
        for stage in DIVERSITY_STAGES
    }
    answered = {
        figures[question]: figures
        for figures in EqualityMonitoring.objects.filter(application__in=applications.values("pk"))
        .exclude(**{question: ""})
        .values(question)
        .annotate(**per_stage)
        .order_by()
    }
    totals = applications.aggregate(
        **{f"at_{stage}": Count("pk", filter=_reached(stage)) for stage in DIVERSITY_STAGES}
    )
    # Every option in the form's order (a zero is a count too), then any answer the
    # form no longer offers, then "Not answered".
    labels = {value: str(label) for value, label in options}
    values = [value for value, _ in options if value != PREFER_NOT_TO_SAY[0]]
    values += [PREFER_NOT_TO_SAY[0]]
    values += sorted(value for value in answered if value not in labels)
    raw_rows = []
    for value in values:
        figures = answered.get(value, {})
        raw_rows.append(
            (
                labels.get(value, value),
                [figures.get(f"at_{stage}", 0) for stage in DIVERSITY_STAGES],
            )
        )
    not_answered = [
        totals[f"at_{stage}"] - sum(counts[index] for _, counts in raw_rows)
        for index, stage in enumerate(DIVERSITY_STAGES)
    ]
    raw_rows.append((NOT_ANSWERED, not_answered))
    threshold = settings.REPORTS_SUPPRESSION_THRESHOLD
    columns = suppress_columns(
        [
            ([counts[index] for _, counts in raw_rows], totals[f"at_{stage}"])
            for index, stage in enumerate(DIVERSITY_STAGES)
        ],
        threshold=threshold,
    )
    rows = tuple(
        DiversityRow(label=label, cells=tuple(column.cells[index] for column in columns))
        for index, (label, _) in enumerate(raw_rows)
    )
    return DiversityTable(
        question=question,
        question_text=str(question_text),
        stage_labels=tuple(staff_label(stage) for stage in DIVERSITY_STAGES),
        rows=rows,
        totals=tuple(column.total for column in columns),
        threshold=threshold,
    )
