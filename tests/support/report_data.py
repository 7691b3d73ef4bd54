"""Many synthetic applications at once, written by SQL, for the reports' scale tests and bench.

``insert_synthetic_applications`` copies one real, submitted application (made
through the services) ``count`` times with PostgreSQL's ``generate_series``:
each copy has its own candidate, a reference ``<prefix>-<n>``, a stage on the
main path that falls off like a real funnel, the timestamps of every stage it
reached, one ``ApplicationEvent`` per move, and equality answers for some.
100,000 take a few seconds; nothing goes through the ORM row by row.
Rows made this way bypass the move service on purpose: they are test data for
counting, not a path an application can take.
"""

from __future__ import annotations

import re

from django.db import connection

from applicants.models import Candidate
from applications.models import Application, ApplicationEvent, EqualityMonitoring

# The main path a synthetic application walks, in order (reserve left out).
SYNTHETIC_PATH = (
    "submitted",
    "sift",
    "assessment_invited",
    "assessment_booked",
    "assessment_completed",
    "interview_invited",
    "interview_booked",
    "interview_completed",
    "preferred",
    "conditional_offer",
    "pre_employment_checks",
    "offer_confirmed",
    "start_date_agreed",
)
# n % 100 below each bound stops at that depth (an index into SYNTHETIC_PATH).
_DEPTH_BOUNDS = (30, 50, 60, 65, 70, 75, 80, 85, 88, 91, 94, 97, 100)
# Days between entering one path stage and the next.
DAYS_PER_STAGE = 4


def _depth_sql(n: str) -> str:
    cases = " ".join(
        f"WHEN mod({n}, 100) < {bound} THEN {depth}" for depth, bound in enumerate(_DEPTH_BOUNDS)
    )
    return f"(CASE {cases} END)"


def expected_depth(n: int) -> int:
    """The depth the SQL gives copy ``n`` (tests compare the report with this)."""
    return next(depth for depth, bound in enumerate(_DEPTH_BOUNDS) if n % 100 < bound)


def insert_synthetic_applications(*, template: Application, count: int, prefix: str) -> None:
    """``count`` copies of ``template`` (a submitted application), numbered 1..count."""
    candidates = Candidate._meta.db_table
    applications = Application._meta.db_table
    events = ApplicationEvent._meta.db_table
    equality = EqualityMonitoring._meta.db_table
    depth = _depth_sql("s.n")
    # n-th copy: sent at a fixed start plus (n mod 90) days; each stage DAYS_PER_STAGE later.
    sent = "(TIMESTAMPTZ '2026-01-05 09:00+00' + (mod(s.n, 90) * INTERVAL '1 day'))"
    computed = {
        "candidate_id": "s.candidate_id",
        "reference": "%(prefix)s || '-' || s.n",
        "stage": f"(ARRAY[{', '.join(repr(stage) for stage in SYNTHETIC_PATH)}])[{depth} + 1]",
        "stage_entered_at": f"{sent} + {depth} * INTERVAL '{DAYS_PER_STAGE} days'",
        "draft_at": f"{sent} - INTERVAL '1 day'",
        "updated_at": "now()",
    }
    for index, stage in enumerate(SYNTHETIC_PATH):
        computed[f"{stage}_at"] = (
            f"CASE WHEN {depth} >= {index} "
            f"THEN {sent} + {index} * INTERVAL '{DAYS_PER_STAGE} days' END"
        )
    columns = [field.column for field in Application._meta.concrete_fields if not field.primary_key]
    select = ", ".join(computed.get(column, f"t.{column}") for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {candidates} (email, created_at) "  # noqa: S608 (our table names)
            "SELECT %(prefix)s || '-' || n || '@example.com', now() "
            "FROM generate_series(1, %(count)s) AS n",
            {"prefix": prefix.lower(), "count": count},
        )
        cursor.execute(
            f"INSERT INTO {applications} ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {select} FROM ("
            f"  SELECT c.id AS candidate_id,"
            f"         split_part(split_part(c.email, '@', 1), '-', 2)::int AS n"
            # Exactly this run's addresses: a looser LIKE would also take other rows
            # whose address starts the same way (the bench database holds others).
            f"  FROM {candidates} c WHERE c.email ~ %(pattern)s"
            f") s CROSS JOIN {applications} t WHERE t.id = %(template)s",
            {
                "prefix": prefix,
                "pattern": f"^{re.escape(prefix.lower())}-[0-9]+@example\\.com$",
                "template": template.pk,
            },
        )
        # One event per move along the path: into stage i from stage i - 1 (or the draft).
        path_array = f"ARRAY['draft', {', '.join(repr(stage) for stage in SYNTHETIC_PATH)}]"
        cursor.execute(
            f"INSERT INTO {events} "  # noqa: S608
            "(application_id, event, from_stage, to_stage, at, reason, extra) "
            f"SELECT a.id, 'synthetic', ({path_array})[i + 1], ({path_array})[i + 2],"
            f"       a.submitted_at + i * INTERVAL '{DAYS_PER_STAGE} days', '', '{{}}'::jsonb "
            f"FROM (SELECT id, submitted_at, split_part(reference, '-', 2)::int AS n"
            f"      FROM {applications} WHERE reference ~ %(pattern)s) a"
            f" CROSS JOIN generate_series(0, {len(SYNTHETIC_PATH) - 1}) AS i "
            f"WHERE i <= {_depth_sql('a.n')}",
            {"pattern": f"^{re.escape(prefix)}-[0-9]+$"},
        )
        # Equality answers for two copies in three: sex by n mod 2, age group by n mod 3.
        cursor.execute(
            f"INSERT INTO {equality} (application_id, age_group, sex, ethnicity, disability,"  # noqa: S608
            f" sexual_orientation, religion, answered_at) "
            f"SELECT a.id, (ARRAY['16-24', '25-34', '35-44'])[mod(a.n, 3) + 1],"
            f"       (ARRAY['female', 'male'])[mod(a.n, 2) + 1], '', '', '', '', now() "
            f"FROM (SELECT id, split_part(reference, '-', 2)::int AS n"
            f"      FROM {applications} WHERE reference ~ %(pattern)s) a WHERE mod(a.n, 3) <> 0",
            {"pattern": f"^{re.escape(prefix)}-[0-9]+$"},
        )
