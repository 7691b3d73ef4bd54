"""Applications at the conditional offer and beyond, moved through the real services."""

from decimal import Decimal

from applications import services
from tests.factories.accounts import rocu_lead
from tests.factories.applications import move, score, submitted_application


def at_preferred(hr, email: str = "sam@example.com", vacancy=None):
    """Submitted, assessed, interviewed by two panel members, preferred by ``hr``."""
    application = submitted_application(email, vacancy=vacancy)
    for stage in ("sift", "assessment_invited", "assessment_booked"):
        application = move(application, stage, hr)
    score(application, hr, "assessment")
    application = move(application, "assessment_completed", hr)
    services.application_assessment_moderate(application=application, by=hr, score=Decimal("3.5"))
    application = move(application, "interview_invited", hr)
    application = move(application, "interview_booked", hr)
    score(application, hr, "interview")
    score(application, rocu_lead(*application.vacancy.rocu.slug.split()), "interview")
    for stage in ("interview_completed", "preferred"):
        application = move(application, stage, hr)
    return application


def at_conditional_offer(hr, email: str = "sam@example.com", vacancy=None):
    return move(at_preferred(hr, email, vacancy), "conditional_offer", hr)


def at_checks(hr, email: str = "sam@example.com", vacancy=None):
    """Offered, and accepted (recorded by HR)."""
    return move(at_conditional_offer(hr, email, vacancy), "pre_employment_checks", hr)
