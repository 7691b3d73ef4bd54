"""The sign-in email, registered with the outbox at start-up.

Its context holds only the link and how long it works: nothing about what the
candidate has applied for.
"""

from notifications.kinds import EmailKind, register

SIGN_IN = register(
    EmailKind(
        name="applicants_sign_in",
        subject='{% include "emails/applicants_sign_in_subject.txt" %}',
        text_template="emails/applicants_sign_in.txt",
        html_template="emails/applicants_sign_in.html",
        example_context={
            "sign_in_url": "https://recruit.toex.example/sign-in/EXAMPLE/",
            "minutes": 20,
        },
    )
)
