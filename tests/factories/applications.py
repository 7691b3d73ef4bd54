"""Candidates and applications for tests, made through the services where they exist.

``complete_application`` fills in all eight sections through
``applications.services`` (the same calls the pages make), so a test can start
from "ready to submit" and change only what it is about.
"""

import datetime
import time

from applicants.models import Candidate
from applicants.session import SESSION_CANDIDATE, SESSION_SEEN
from applications import services
from applications.demo import fill_other_sections, fill_personal_details
from applications.sections import Section
from tests.factories.vacancies import PublishedVacancyFactory
from vacancies.models import AdvertQuestion, Competency
from vetting import clock


def make_candidate(email: str = "sam@example.com") -> Candidate:
    return Candidate.objects.get_or_create(email=email)[0]


def open_vacancy(*, questions: int = 2, word_limit: int = 250, **fields):
    vacancy = PublishedVacancyFactory(**fields)
    competencies = list(Competency.values)
    for position in range(questions):
        AdvertQuestion.objects.create(
            vacancy=vacancy,
            position=position + 1,
            competency=competencies[position % len(competencies)],
            question=f"Tell us about a time you showed this competency ({position + 1}).",
            word_limit=word_limit,
        )
    return vacancy


def sign_in(client, candidate: Candidate) -> None:
    session = client.session
    session[SESSION_CANDIDATE] = candidate.pk
    session[SESSION_SEEN] = int(time.time())
    session.save()


def uk_history(*, today=None, years: int = 11):
    today = today or clock.today()
    return [{"country": "GB", "start": today.replace(year=today.year - years), "end": None}]


def complete_application(
    candidate: Candidate,
    vacancy,
    *,
    periods=None,
    referees: int = 2,
    extra_periods: int = 0,
    extra_entries: int = 0,
    statement: str = "",
):
    """A draft with every section complete (UK residence, 4 years in one job, 2 referees)."""
    today = clock.today()
    application = services.application_start(
        candidate=candidate, vacancy=vacancy, at=datetime.datetime.now(tz=datetime.UTC)
    )
    fill_personal_details(application, full_name="Sam Example")
    for offset in range(extra_periods):
        # Old UK addresses before the window: more rows, same outcome.
        start = today.replace(year=today.year - 30) + datetime.timedelta(days=offset * 2)
        services.application_row_save(
            application=application,
            section=Section.RESIDENCE,
            country="GB",
            start=start,
            end=start + datetime.timedelta(days=1),
            reason="resident",
        )
    for period in periods if periods is not None else uk_history(today=today):
        services.application_row_save(
            application=application,
            section=Section.RESIDENCE,
            reason=period.get("reason", "resident"),
            **{key: value for key, value in period.items() if key != "reason"},
        )
    services.application_section_save(
        application=application,
        section=Section.RESIDENCE,
        residence_all_added=True,
        holds_clearance="no",
        residence_exemption_statement=statement,
    )
    for offset in range(extra_entries):
        start = today.replace(year=today.year - 20) + datetime.timedelta(days=offset * 2)
        services.application_row_save(
            application=application,
            section=Section.EMPLOYMENT,
            kind="education",
            organisation=f"College {offset}",
            role="Course",
            start=start,
            end=start + datetime.timedelta(days=1),
        )
    fill_other_sections(application, referees=referees)
    application.refresh_from_db()
    return application


def submitted_application(email: str = "sam@example.com", vacancy=None, **fields):
    """A complete application, submitted now (``fields`` are personal/adjustment answers)."""
    vacancy = vacancy or open_vacancy()
    application = complete_application(make_candidate(email), vacancy)
    if fields:
        services.application_section_save(
            application=application, section=Section.ADJUSTMENTS, **fields
        )
    return services.application_submit(
        application=application, at=datetime.datetime.now(tz=datetime.UTC)
    )


def move(application, to_stage: str, by, **answers):
    """Move through the one staff service (MoveRequest answers as keywords); fresh row back."""
    services.application_move(
        application=application, by=by, request=services.MoveRequest(to_stage, **answers)
    )
    application.refresh_from_db()
    return application


def score(application, by, round: str, value: int = 4):
    competencies = set(application.vacancy.questions.values_list("competency", flat=True))
    return services.score_sheet_submit(
        application=application, by=by, round=round, scores=dict.fromkeys(competencies, value)
    )


def clone_applications(template, count: int, batch: str, **fields) -> list:
    """``count`` copies of ``template`` with a candidate each, written by the database.

    For a page's or a bulk move's load, not its path: the rows skip the services
    (``fields`` may set e.g. the stage they sit at). Returns the new applications,
    oldest first. Two ``INSERT ... SELECT`` over ``generate_series``, as the bench
    does (bench/pipeline.py): 10,000 rows through ``bulk_create`` cost ~15 s of CPU
    in Python, preparing ~700,000 values one at a time.
    """
    from django.db import connection
    from django.utils import timezone

    from applications.models import Application

    quoted = connection.ops.quote_name
    email = f"'bulk{batch}' || n || '-{template.pk}@example.com'"
    parameters = {"count": count, "template": template.pk, "now": timezone.now()}
    # Columns, expressions and names come from the models and the caller's code;
    # values are parameters.
    varying = {
        "candidate_id": "c.id",
        "reference": f"%(reference)s || '-{batch}' || n",
        "stage_entered_at": "%(now)s - (n %% 50) * interval '1 hour'",
    }
    parameters["reference"] = template.reference
    for name, value in fields.items():
        field = Application._meta.get_field(name)
        parameters[f"set_{field.attname}"] = field.get_db_prep_save(value, connection)
        varying[field.attname] = f"%(set_{field.attname})s"
    columns, values = [], []
    for field in Application._meta.concrete_fields:
        if field.attname != "id":
            columns.append(quoted(field.column))
            values.append(varying.get(field.attname, f"t.{quoted(field.column)}"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quoted(Candidate._meta.db_table)} (email, created_at) "  # noqa: S608
            f"SELECT {email}, %(now)s FROM generate_series(0, %(count)s - 1) AS n",
            parameters,
        )
        cursor.execute(
            f"INSERT INTO {quoted(Application._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(values)} FROM generate_series(0, %(count)s - 1) AS n "
            f"JOIN {quoted(Candidate._meta.db_table)} c ON c.email = {email} "
            f"CROSS JOIN {quoted(Application._meta.db_table)} t WHERE t.id = %(template)s "
            "ORDER BY n RETURNING id",
            parameters,
        )
        ids = [row[0] for row in cursor.fetchall()]
    return list(Application.objects.filter(pk__in=ids).order_by("pk"))
