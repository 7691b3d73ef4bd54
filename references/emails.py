"""The reference emails, registered with the outbox at start-up.

To a referee (an address the candidate typed, never verified by us): the
request and its chasers. They carry the job, the ROCU, the link and its expiry
date, and only two things the candidate typed: the referee's own name and the
candidate's name, each only if it is a plain person's name
(``core.validators.validate_person_name``; services.email_safe_name), so
nobody can use the referee form to send a third party a link or a message.
To the candidate: "we need another referee", with no reason the referee gave.
"""

from notifications.kinds import EmailKind, register

REQUEST = "reference_request"
CHASER = "reference_chaser"
REPLACEMENT_NEEDED = "reference_replacement_needed"

_REFEREE_EXAMPLE = {
    "referee_name": "Alex Morgan",
    "candidate_name": "Sam Example",
    "job_title": "Intelligence Researcher (TOEX)",
    "rocu_name": "North East Regional Special Operations Unit",
    "link_url": "https://recruit.toex.example/give-a-reference/abc:def/",
    "expires": "22 February 2027",
}

# The request and its chasers share templates; a chaser opens by saying it is a reminder.
# Subjects are templates of their own, so that makemessages finds their words (it
# reads templates, but not template strings inside Python).
for _name in (REQUEST, CHASER):
    register(
        EmailKind(
            name=_name,
            subject=f'{{% include "emails/{_name}_subject.txt" %}}',
            text_template="emails/reference_request.txt",
            html_template="emails/reference_request.html",
            example_context={**_REFEREE_EXAMPLE, "is_chaser": _name == CHASER},
        )
    )
register(
    EmailKind(
        name=REPLACEMENT_NEEDED,
        subject=f'{{% include "emails/{REPLACEMENT_NEEDED}_subject.txt" %}}',
        text_template="emails/reference_replacement_needed.txt",
        html_template="emails/reference_replacement_needed.html",
        example_context={
            "application_reference": "NERSOU-2026-0012-0042",
            "job_title": "Intelligence Researcher (TOEX)",
            "rocu_name": "North East Regional Special Operations Unit",
            "referee_name": "Alex Morgan",
            "bounced": True,
            "link_url": "https://recruit.toex.example/your-applications/42/references/7/new-referee/",
        },
    )
)
