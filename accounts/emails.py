"""The staff accounts' email kind: the invitation with a link to finish setting up.

Its context holds the link, the names an HR colleague typed and the sign-in
address: nothing sensitive. Staff emails are not marked for translation: the
admin is in English only.
"""

from notifications.kinds import EmailKind, register

STAFF_INVITATION = "staff_invitation"


def register_kinds() -> None:
    register(
        EmailKind(
            name=STAFF_INVITATION,
            subject="Your staff account on {{ service_name }}",
            text_template="emails/staff_invitation.txt",
            html_template="emails/staff_invitation.html",
            example_context={
                "first_name": "Sam",
                "username": "sam.jones",
                "invited_by": "Nadia Hussain",
                "account_set_up_url": "https://recruit.toex.example/staff/account-set-up/MQ/EXAMPLE/",
                "sign_in_url": "https://recruit.toex.example/admin/",
                "expires_in": "3 days",
            },
        )
    )
