"""Demo data for the offer and the checks, on the pipeline demo's two open adverts.

Per advert: an application at conditional offer (waiting for the candidate), one
in checks with the questionnaire returned and the right to work recorded, one in
checks with vetting refused, and, when every registered check can be cleared, one
at offer confirmed and one with a start date agreed. Everything goes through the
services; a demo candidate's application that exists is left alone.
"""

import datetime

from django.utils import timezone

from accounts.models import User
from applications import demo_pipeline
from applications.demo import demo_adverts
from applications.workflow import Stage

from . import rules, services
from .models import MedicalQuestionnaire, VettingCase

_TO_OFFER = [
    Stage.SIFT,
    Stage.ASSESSMENT_INVITED,
    Stage.ASSESSMENT_BOOKED,
    Stage.ASSESSMENT_COMPLETED,
    Stage.INTERVIEW_INVITED,
    Stage.INTERVIEW_BOOKED,
    Stage.INTERVIEW_COMPLETED,
    Stage.PREFERRED,
    Stage.CONDITIONAL_OFFER,
]
ANSWERS = {
    "condition": "no",
    "condition_detail": "",
    "adjustments": "yes",
    "adjustments_detail": "A height-adjustable desk (demo)",
    "absence": "no",
    "absence_detail": "",
}
# Where each demo candidate ends (the email address names it).
DEMO_CASES = ("offer-waiting", "checks-returned", "vetting-refused", "confirmed", "start-agreed")


def _email(vacancy, label: str) -> str:
    return f"offer-demo.{label}.{vacancy.reference.lower()}@example.com"


def _staff(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _clear_checks(application, *, hr, officer, health, now, refuse_vetting=False) -> None:
    services.medical_questionnaire_return(application=application, answers=ANSWERS, at=now)
    if refuse_vetting:
        case = VettingCase.objects.filter(application=application).first()
        services.vetting_case_record(
            case=case,
            by=officer,
            facts=rules.VettingFacts(
                status="refused",
                forms_sent_on=now.date() - datetime.timedelta(days=30),
                submitted_on=now.date() - datetime.timedelta(days=25),
                decided_on=now.date(),
                refusal_detail="Demo: undisclosed association (vetting officers only)",
            ),
        )
        return
    services.right_to_work_record(
        application=application, by=hr, checked_on=now.date(), document_type="uk_passport"
    )
    if health is not None:
        services.medical_questionnaire_decide(
            questionnaire=MedicalQuestionnaire.objects.get(application=application),
            by=health,
            cleared=True,
        )
    for case in VettingCase.objects.filter(application=application):
        services.vetting_case_record(
            case=case,
            by=officer,
            facts=rules.VettingFacts(
                status="cleared",
                forms_sent_on=now.date() - datetime.timedelta(days=30),
                submitted_on=now.date() - datetime.timedelta(days=25),
                decided_on=now.date(),
            ),
        )


def seed(*, write) -> None:
    now = timezone.now()
    officer, health = _staff("national.hr"), _staff("health.adviser")
    adverts = demo_adverts(now)
    made = 0
    for vacancy in adverts:
        assessors = demo_pipeline.assessors_for(vacancy)
        if len(assessors) < 2 or officer is None:
            write(f"Demo offers: skipped {vacancy.reference} (needs HR and national.hr).")
            continue
        hr = assessors[0]
        for label in DEMO_CASES:
            application = demo_pipeline.walked_application(
                vacancy=vacancy,
                email=_email(vacancy, label),
                full_name=f"Offer {label.replace('-', ' ')} Demo-{vacancy.pk}",
                path=_TO_OFFER,
                answers={},
                assessors=assessors,
                now=now,
            )
            if application is None:
                continue
            made += 1
            if label == "offer-waiting":
                continue
            services.offer_accept(application=application, at=now)
            application.refresh_from_db()
            if label == "checks-returned":
                services.medical_questionnaire_return(
                    application=application, answers=ANSWERS, at=now
                )
                continue
            _clear_checks(
                application,
                hr=hr,
                officer=officer,
                health=health,
                now=now,
                refuse_vetting=label == "vetting-refused",
            )
            # "confirmed" and "start-agreed" wait for their references: the references
            # demo (after this one in INSTALLED_APPS) completes them and confirms.
    write(
        f"Demo offers: {made} application(s) at conditional offer and in checks "
        "(occupational health: health.adviser; vetting: national.hr)."
    )
