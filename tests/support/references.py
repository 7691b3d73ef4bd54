"""References in tests: an application at pre-employment checks, referees' links, and
both references completed and marked, through the same services the pages use.

``complete_references(application, by=hr)`` is what a longer journey calls to
get past the references check (the end-to-end browser journey, the offer
tests); ``referee_links(application)`` reads each referee's link from their
outbox row, as a referee would from the email.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from urllib.parse import urlsplit

from applications import services as application_services
from notifications.models import Notification
from references import services
from references.models import ReferenceRequest, ReferenceStatus
from tests.factories.accounts import rocu_lead
from tests.factories.applications import move, score, submitted_application

EXAMPLE_ANSWERS = {
    "referee_position": "Operations manager",
    "capacity": "employer",
    "known_from": datetime.date(2021, 3, 1),
    "known_to": None,
    "candidate_role": "Research assistant",
    "disciplinary": "no",
    "disciplinary_detail": "",
    "integrity_concerns": "no",
    "integrity_detail": "",
    "would_reemploy": "yes",
    "comments": "Careful and reliable.",
}


def application_at_checks(hr, *, email: str = "sam@example.com", vacancy=None):
    """A submitted application moved by ``hr`` (ROCU HR of its ROCU) to pre-employment checks.

    The "offer accepted" move opens one reference request per referee.
    """
    application = submitted_application(email=email, vacancy=vacancy)
    for stage in ("sift", "assessment_invited", "assessment_booked"):
        application = move(application, stage, hr)
    score(application, hr, "assessment")
    application = move(application, "assessment_completed", hr)
    application_services.application_assessment_moderate(
        application=application, by=hr, score=Decimal("4")
    )
    application.refresh_from_db()
    for stage in ("interview_invited", "interview_booked"):
        application = move(application, stage, hr)
    score(application, hr, "interview")
    score(application, rocu_lead(application.vacancy.rocu.slug), "interview")
    for stage in ("interview_completed", "preferred", "conditional_offer", "pre_employment_checks"):
        application = move(application, stage, hr)
    return application


def referee_links(application) -> dict[str, str]:
    """Each asked referee's address -> the path of their link, from the outbox rows."""
    keys = {
        f"reference:{pk}:request": email
        for pk, email in ReferenceRequest.objects.filter(application=application).values_list(
            "pk", "referee_email"
        )
    }
    rows = Notification.objects.filter(idempotency_key__in=keys)
    return {keys[row.idempotency_key]: urlsplit(row.context["link_url"]).path for row in rows}


def complete_references(application, *, by, satisfactory: bool = True) -> list[ReferenceRequest]:
    """Every open request answered by its referee and marked by ``by`` (HR)."""
    done = []
    for reference in ReferenceRequest.objects.filter(
        application=application, status=ReferenceStatus.REQUESTED
    ):
        services.reference_submit(token_key=reference.token_key, answers=EXAMPLE_ANSWERS)
        done.append(
            services.reference_assess(
                reference=reference,
                by=by,
                satisfactory=satisfactory,
                note="" if satisfactory else "Concerns raised about reliability",
            )
        )
    return done


def answer_reference_in_browser(page, *, job_title: str):
    """A referee fills in the reference form on the page Playwright has open, and sends it."""
    page.get_by_label("Your job title").fill(job_title)
    page.get_by_label("I am or was their employer or line manager").check()
    page.locator("#id_known_from_0").fill("1")
    page.locator("#id_known_from_1").fill("3")
    page.locator("#id_known_from_2").fill("2021")
    page.locator("#id_disciplinary-2").check()  # No
    page.locator("#id_integrity_concerns-2").check()  # No
    page.locator("#id_would_reemploy").check()  # Yes
    page.get_by_label("The information I have given is accurate").check()
    page.get_by_role("button", name="Send reference").click()
