"""The application emails, registered with the outbox at start-up.

Their contexts (applications.services._email_context) hold the job, the ROCU,
the references, the closing time and a link: never an answer from the form.
"""

from django.utils.translation import gettext_noop

from notifications.kinds import EmailKind, register

from . import extensions

SUBMITTED = "application_submitted"
WITHDRAWN = "application_withdrawn"
CLOSING_REMINDER = "application_closing_reminder"

_EXAMPLE = {
    "job_title": "Intelligence Researcher (TOEX)",
    "rocu_name": "North East Regional Special Operations Unit",
    "vacancy_reference": "NERSOU-2026-0012",
    "application_reference": "NERSOU-2026-0012-0042",
    "closing": "11:59pm on 18 December 2026",
    "applications_url": "https://recruit.toex.example/your-applications/",
}

for _name in (SUBMITTED, WITHDRAWN, CLOSING_REMINDER):
    register(
        EmailKind(
            name=_name,
            # Subjects are templates of their own, so that makemessages finds their words
            # (it reads templates, but not template strings inside Python).
            subject=f'{{% include "emails/{_name}_subject.txt" %}}',
            text_template=f"emails/{_name}.txt",
            html_template=f"emails/{_name}.html",
            # Each example holds only what its email shows (a test renders every value).
            example_context={
                SUBMITTED: _EXAMPLE,
                WITHDRAWN: {**_EXAMPLE, "closing": ""},
                CLOSING_REMINDER: {**_EXAMPLE, "application_reference": ""},
            }[_name],
        )
    )


# --- Selection pipeline: one kind per move in applications.workflow ------------------
# Each stage move's email shares one pair of templates; the context holds the
# English words (msgids), which the templates translate at send time, and the
# structured reasons chosen by HR (never the free-text staff reason).

STAGE_EMAIL_MESSAGES: dict[str, str] = {
    "sift_started": gettext_noop(
        "The recruitment team has started reading your application against the role profile."
    ),
    "assessment_invited": gettext_noop(
        "We would like to invite you to an assessment exercise. Use the link below to choose "
        "a time."
    ),
    "assessment_booked": gettext_noop("Your assessment is booked."),
    "assessment_booking_cancelled": gettext_noop(
        "Your assessment booking has been cancelled. You can choose another time."
    ),
    "assessment_completed": gettext_noop(
        "Thank you for taking part in the assessment. We will tell you the outcome."
    ),
    "interview_invited": gettext_noop(
        "We would like to invite you to an interview. Use the link below to choose a time."
    ),
    "interview_booked": gettext_noop("Your interview is booked."),
    "interview_booking_cancelled": gettext_noop(
        "Your interview booking has been cancelled. You can choose another time."
    ),
    "interview_completed": gettext_noop(
        "Thank you for coming to the interview. We will tell you the outcome."
    ),
    "preferred": gettext_noop(
        "The panel has chosen you as a preferred candidate. We will contact you about an offer."
    ),
    "reserve": gettext_noop(
        "You met the standard, and we have put you on the reserve list for this role. We will "
        "contact you if a post becomes available."
    ),
    "promoted_from_reserve": gettext_noop(
        "A post has become available and we have chosen you from the reserve list."
    ),
    "conditional_offer": gettext_noop(
        "We are pleased to make you a conditional offer. It depends on satisfactory references, "
        "a medical questionnaire and security clearance."
    ),
    "offer_accepted": gettext_noop(
        "Thank you for accepting the conditional offer. We have started the pre-employment "
        "checks and will contact you about each one."
    ),
    "offer_confirmed": gettext_noop(
        "Your pre-employment checks are complete and we are pleased to confirm your offer."
    ),
    "start_date_agreed": gettext_noop("Your start date is agreed."),
    "offer_declined": gettext_noop("We have recorded that you declined the offer."),
    "conditional_offer_withdrawn": gettext_noop(
        "We are sorry to tell you that we have withdrawn the conditional offer, because a "
        "pre-employment check was not met. The recruitment team will explain."
    ),
    "put_on_hold": gettext_noop(
        "We have paused your application for now. You do not need to do anything; we will "
        "email you when it moves on."
    ),
    "taken_off_hold": gettext_noop("Your application is moving again."),
    "unsuccessful": gettext_noop(
        "Thank you for your interest in the role. We are sorry to tell you that your "
        "application will not go any further."
    ),
}

STAGE_EMAIL_TEMPLATE = "application_stage"
STAGE_EXAMPLE = {
    **_EXAMPLE,
    "closing": "",
    "message": STAGE_EMAIL_MESSAGES["unsuccessful"],
    "stage_label": "Invited to an assessment",
    "reasons": ["Other candidates matched the role more closely."],
    "start_date": "",
    "link_url": "",
    # Added by the offers app (applications.extensions.register_email_context).
    "respond_by": "",
    "bring": [],
    "contact_email": "",
    # A booked slot (the scheduling app adds these, and its calendar file).
    "appointment_when": "",
    "appointment_where": "",
}
# What the offers app adds to some stage emails (their previews show it).
_OFFER_EXAMPLES: dict[str, dict] = {
    "conditional_offer": {
        "respond_by": "5pm on 11 December 2026",
        "link_url": "https://recruit.toex.example/your-applications/42/offer/",
    },
    "start_date_agreed": {
        "bring": ["Photo identification: your passport or photocard driving licence"],
    },
    "conditional_offer_withdrawn": {"contact_email": "recruitment@nersou.example"},
}
_BOOKED_EXAMPLE = {
    "appointment_when": "10am to 12pm on Tuesday 12 January 2027",
    "appointment_where": "Online: we will email you the link to join",
}

for _event in STAGE_EMAIL_MESSAGES:
    register(
        EmailKind(
            name=f"application_{_event}",
            subject=f'{{% include "emails/{STAGE_EMAIL_TEMPLATE}_subject.txt" %}}',
            text_template=f"emails/{STAGE_EMAIL_TEMPLATE}.txt",
            html_template=f"emails/{STAGE_EMAIL_TEMPLATE}.html",
            example_context={
                **STAGE_EXAMPLE,
                "message": STAGE_EMAIL_MESSAGES[_event],
                "reasons": STAGE_EXAMPLE["reasons"] if _event == "unsuccessful" else [],
                "start_date": "2 March 2027" if _event == "start_date_agreed" else "",
                "stage_label": STAGE_EXAMPLE["stage_label"] if _event == "unsuccessful" else "",
                **_OFFER_EXAMPLES.get(_event, {}),
                **(_BOOKED_EXAMPLE if _event.endswith("_booked") else {}),
            },
            # A booked slot's calendar file, for example (applications.extensions).
            attachments=extensions.email_attachments,
        )
    )


# --- The daily digest for ROCU HR (counts only: no names, no answers) -------------------
HR_DIGEST = "pipeline_hr_digest"
register(
    EmailKind(
        name=HR_DIGEST,
        subject="{{ service_name }}: applications for {{ rocu_name }} on {{ day }}",
        text_template=f"emails/{HR_DIGEST}.txt",
        html_template=f"emails/{HR_DIGEST}.html",
        example_context={
            "rocu_name": "North East Regional Special Operations Unit",
            "day": "1 December 2026",
            "received": 12,
            "overdue": 3,
            "checks_waiting": 2,
            "admin_url": "https://recruit.toex.example/admin/applications/application/",
        },
    )
)
