"""Demo data for the selection pipeline: on two open adverts, one application at
every stage up to pre-employment checks and at each end, with assessors' scores.

Everything goes through ``applications.services`` (submit, moves, score sheets,
moderation), so events, timestamps and emails are what real use produces.
Idempotent: a demo candidate's application is skipped if it exists.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from accounts.selectors import user_may_act_for_rocu
from applicants.models import Candidate

from . import services, workflow
from .demo import fill_other_sections, fill_personal_details
from .models import Application, ScoreRound
from .sections import Section
from .workflow import Stage

S = Stage
_MAIN = [
    S.SIFT,
    S.ASSESSMENT_INVITED,
    S.ASSESSMENT_BOOKED,
    S.ASSESSMENT_COMPLETED,
    S.INTERVIEW_INVITED,
    S.INTERVIEW_BOOKED,
    S.INTERVIEW_COMPLETED,
    S.PREFERRED,
    S.CONDITIONAL_OFFER,
    S.PRE_EMPLOYMENT_CHECKS,
]
# (final stage, the path to it after submission, form answers for the last move)
DEMO_PATHS: list[tuple[str, list[str], dict]] = [
    (S.SUBMITTED, [], {}),
    *[(stage, _MAIN[: _MAIN.index(stage) + 1], {}) for stage in _MAIN],
    (S.RESERVE, [*_MAIN[: _MAIN.index(S.INTERVIEW_COMPLETED) + 1], S.RESERVE], {}),
    (S.ON_HOLD, [S.SIFT, S.ON_HOLD], {"reason": "Waiting for the budget to be confirmed"}),
    (
        S.UNSUCCESSFUL,
        [S.SIFT, S.UNSUCCESSFUL],
        {"reasons": ("essential_criteria", "competency_evidence")},
    ),
    (S.WITHDRAWN, [S.SIFT, S.ASSESSMENT_INVITED, S.WITHDRAWN], {}),
    (S.OFFER_DECLINED, [*_MAIN[: _MAIN.index(S.CONDITIONAL_OFFER) + 1], S.OFFER_DECLINED], {}),
    (
        S.OFFER_WITHDRAWN,
        [*_MAIN, S.OFFER_WITHDRAWN],
        {"reason": "A pre-employment check was not met (demo)"},
    ),
]


def _email(vacancy, stage: str) -> str:
    return f"demo.{stage.replace('_', '-')}.{vacancy.reference.lower()}@example.com"


def assessors_for(vacancy) -> list[User]:
    """Two staff who may score and move this advert's applications (demo users)."""
    users = [
        user
        for user in User.objects.filter(is_active=True, is_staff=True).order_by("username")
        if user.has_perm(workflow.OFFER) and user_may_act_for_rocu(user, vacancy.rocu_id)
    ]
    return users[:2]


def _score_all(application, assessors, round_: str, value: int) -> None:
    codes = set(application.vacancy.questions.values_list("competency", flat=True))
    for offset, assessor in enumerate(assessors):
        services.score_sheet_submit(
            application=application,
            by=assessor,
            round=round_,
            scores=dict.fromkeys(codes, value - offset),
            comments="Demo scores",
        )


def _walk(application, path, answers, assessors, at) -> None:
    by = assessors[0]
    for position, stage in enumerate(path):
        last = position == len(path) - 1
        if stage == S.WITHDRAWN:
            services.application_withdraw(application=application, at=at, reason="Demo")
            return
        if stage == S.ASSESSMENT_COMPLETED:
            _score_all(application, assessors, ScoreRound.ASSESSMENT, 4)
        if stage == S.INTERVIEW_INVITED:
            services.application_assessment_moderate(
                application=application, by=by, score=Decimal("3.50"), reason="Demo moderation"
            )
        if stage == S.INTERVIEW_COMPLETED:
            _score_all(application, assessors, ScoreRound.INTERVIEW, 4)
        services.application_move(
            application=application,
            by=by,
            request=services.MoveRequest(stage, **(answers if last else {})),
        )
        application.refresh_from_db()


def walked_application(*, vacancy, email, full_name, path, answers, assessors, now):
    """A demo candidate's application, submitted and moved along ``path``; None if it
    exists already (so seeding twice adds nothing). The offers demo uses it too."""
    candidate, _ = Candidate.objects.get_or_create(email=email)
    if Application.objects.filter(candidate=candidate, vacancy=vacancy).exists():
        return None
    application = services.application_start(
        candidate=candidate, vacancy=vacancy, at=now - datetime.timedelta(days=2)
    )
    fill_personal_details(application, full_name=full_name)
    services.application_row_save(
        application=application,
        section=Section.RESIDENCE,
        country="GB",
        start=now.date().replace(year=now.year - 12),
        end=None,
        reason="resident",
    )
    services.application_section_save(
        application=application,
        section=Section.RESIDENCE,
        residence_all_added=True,
        holds_clearance="no",
    )
    fill_other_sections(application)
    application = services.application_submit(application=application, at=now)
    _walk(application, path, answers, assessors, now)
    application.refresh_from_db()
    return application


def seed(*, write, adverts) -> None:
    now = timezone.now()
    made = 0
    for vacancy in adverts:
        assessors = assessors_for(vacancy)
        if len(assessors) < 2:
            write(f"Demo pipeline: skipped {vacancy.reference} (needs two HR users for its ROCU).")
            continue
        for final, path, answers in DEMO_PATHS:
            made += bool(
                walked_application(
                    vacancy=vacancy,
                    email=_email(vacancy, final),
                    full_name=f"{workflow.staff_label(final)} Demo-{vacancy.pk}",
                    path=path,
                    answers=answers,
                    assessors=assessors,
                    now=now,
                )
            )
    write(
        f"Demo pipeline: {made} application(s) added at every stage "
        "(Admin → Applications; sign in as a ROCU HR demo user)."
    )
