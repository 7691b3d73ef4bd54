"""Demo references: at each application in pre-employment checks, one referee has answered;
where every other check is cleared, both have and HR marked them satisfactory, so the
offer is confirmed (and, for the offers demo's "start-agreed" case, a start date agreed).

Idempotent: an application with any answered request is left alone. The
requests themselves were opened by the pipeline and offers demos' "offer accepted" move;
this module runs after the offers demo (INSTALLED_APPS order).
"""

import datetime

from django.utils import timezone

from applications import demo_pipeline, extensions
from applications import services as application_services
from applications.workflow import Stage

from .models import ReferenceRequest, ReferenceStatus
from .services import reference_assess, reference_submit

DEMO_ANSWERS = {
    "referee_position": "Operations manager",
    "capacity": "employer",
    "known_from": datetime.date(2021, 3, 1),
    "candidate_role": "Research assistant",
    "disciplinary": "no",
    "integrity_concerns": "no",
    "would_reemploy": "yes",
    "comments": "Careful, reliable and good with data.",
}


def seed(*, write) -> None:
    answered = set(
        ReferenceRequest.objects.exclude(status=ReferenceStatus.REQUESTED).values_list(
            "application_id", flat=True
        )
    )
    made = _confirm_offers_waiting_for_references(write=write, answered=answered)
    for reference in ReferenceRequest.objects.filter(
        status=ReferenceStatus.REQUESTED, application__stage="pre_employment_checks"
    ).order_by("application_id", "id"):
        if reference.application_id in answered:
            continue
        reference_submit(token_key=reference.token_key, answers=DEMO_ANSWERS)
        answered.add(reference.application_id)
        made += 1
    write(f"Demo references: {made} reference(s) back, to mark on the application's admin page.")


def _confirm_offers_waiting_for_references(*, write, answered: set) -> int:
    """Both references back and satisfactory where nothing else is missing; then confirm."""
    made = confirmed = 0
    waiting = ReferenceRequest.objects.filter(
        status=ReferenceStatus.REQUESTED, application__stage=Stage.PRE_EMPLOYMENT_CHECKS
    ).select_related("application__vacancy", "application__candidate")
    by_application: dict = {}
    for reference in waiting:
        by_application.setdefault(reference.application, []).append(reference)
    for application, references in by_application.items():
        if application.pk in answered:
            continue
        others = extensions.checks_cleared(application)
        others.pop("references", None)
        if not others or not all(others.values()):
            continue
        assessors = demo_pipeline.assessors_for(application.vacancy)
        if not assessors:
            continue
        hr = assessors[0]
        for reference in references:
            reference_submit(token_key=reference.token_key, answers=DEMO_ANSWERS)
            reference.refresh_from_db()
            reference_assess(reference=reference, by=hr, satisfactory=True, note="")
            made += 1
        answered.add(application.pk)
        application.refresh_from_db()
        application_services.application_move(
            application=application,
            by=hr,
            request=application_services.MoveRequest(Stage.OFFER_CONFIRMED),
        )
        confirmed += 1
        if ".start-agreed." in application.candidate.email:
            application.refresh_from_db()
            application_services.application_move(
                application=application,
                by=hr,
                request=application_services.MoveRequest(
                    Stage.START_DATE_AGREED,
                    start_date=timezone.localdate() + datetime.timedelta(days=42),
                ),
            )
    if confirmed:
        write(f"Demo references: {confirmed} offer(s) confirmed once both references were back.")
    return made
