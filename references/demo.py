"""Demo references: at each application in pre-employment checks, one referee has answered.

Idempotent: an application with any answered request is left alone. The
requests themselves were opened by the pipeline demo's "offer accepted" move.
"""

import datetime

from .models import ReferenceRequest, ReferenceStatus
from .services import reference_submit

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
    made = 0
    for reference in ReferenceRequest.objects.filter(
        status=ReferenceStatus.REQUESTED, application__stage="pre_employment_checks"
    ).order_by("application_id", "id"):
        if reference.application_id in answered:
            continue
        reference_submit(token_key=reference.token_key, answers=DEMO_ANSWERS)
        answered.add(reference.application_id)
        made += 1
    write(f"Demo references: {made} reference(s) back, to mark on the application's admin page.")
