"""The offer's own emails (the stage emails are applications'): registered at start-up.

Their contexts hold the job, the ROCU, the reference, a deadline and a link:
never a questionnaire answer, a medical decision or a vetting detail.
"""

from notifications.kinds import EmailKind, register

OFFER_REMINDER = "offers_offer_reminder"
MEDICAL_QUESTIONNAIRE = "offers_medical_questionnaire"

_EXAMPLE = {
    "job_title": "Intelligence Researcher (TOEX)",
    "rocu_name": "North East Regional Special Operations Unit",
    "application_reference": "NERSOU-2026-0012-0042",
    "applications_url": "https://recruit.toex.example/your-applications/",
}

register(
    EmailKind(
        name=OFFER_REMINDER,
        # Subjects are templates of their own, so that makemessages finds their words
        # (it reads templates, but not template strings inside Python).
        subject=f'{{% include "emails/{OFFER_REMINDER}_subject.txt" %}}',
        text_template=f"emails/{OFFER_REMINDER}.txt",
        html_template=f"emails/{OFFER_REMINDER}.html",
        example_context={
            **_EXAMPLE,
            "respond_by": "5pm on 11 December 2026",
            "link_url": "https://recruit.toex.example/your-applications/42/offer/",
        },
    )
)
register(
    EmailKind(
        name=MEDICAL_QUESTIONNAIRE,
        subject=f'{{% include "emails/{MEDICAL_QUESTIONNAIRE}_subject.txt" %}}',
        text_template=f"emails/{MEDICAL_QUESTIONNAIRE}.txt",
        html_template=f"emails/{MEDICAL_QUESTIONNAIRE}.html",
        example_context={
            **_EXAMPLE,
            "link_url": "https://recruit.toex.example/your-applications/42/medical-questionnaire/",
        },
    )
)
