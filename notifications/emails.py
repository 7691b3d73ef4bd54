"""The outbox's own email kind: a test message ops send to check SMTP works."""

from .kinds import EmailKind, register

STAFF_TEST_EMAIL = register(
    EmailKind(
        name="staff_test_email",
        subject="{{ service_name }}: test email",
        text_template="emails/staff_test_email.txt",
        html_template="emails/staff_test_email.html",
        example_context={"requested_at": "25 November 2026 at 9:30am"},
    )
)
