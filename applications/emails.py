"""The application emails, registered with the outbox at start-up.

Their contexts (applications.services._email_context) hold the job, the ROCU,
the references, the closing time and a link: never an answer from the form.
"""

from notifications.kinds import EmailKind, register

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

for _name, _subject in (
    (SUBMITTED, "{{ service_name }}: application {{ application_reference }} received"),
    (WITHDRAWN, "{{ service_name }}: application {{ application_reference }} withdrawn"),
    (CLOSING_REMINDER, "{{ service_name }}: your application for {{ job_title }} is not sent yet"),
):
    register(
        EmailKind(
            name=_name,
            subject=_subject,
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
