"""The mailing list's email kinds, registered with the outbox at start-up.

Contexts hold only what the email shows (first name, advert titles, links):
JSON-serialisable and nothing sensitive. Every email sent to a list member
carries a manage link and a one-click unsubscribe link, and the List-Unsubscribe
headers (RFC 8058) so mail clients can offer their own unsubscribe button.
"""

from notifications.kinds import EmailKind, register

CONFIRM = "mailing_list_confirm"
ALREADY_SUBSCRIBED = "mailing_list_already_subscribed"
ALERT = "mailing_list_alert"
DIGEST = "mailing_list_digest"
RECONFIRM = "mailing_list_reconfirm"
NEW_LINKS = "mailing_list_new_links"

_LINKS = {
    "manage_url": "https://recruit.toex.example/register-interest/manage/EXAMPLE/",
    "unsubscribe_url": "https://recruit.toex.example/register-interest/unsubscribe/EXAMPLE/",
}
_EXAMPLE_ADVERT = {
    "title": "Intelligence Researcher",
    "reference": "NERSOU-2026-0012",
    "rocu_name": "North East Regional Special Operations Unit",
    "closing_date": "Friday 18 December 2026",
    "url": "https://recruit.toex.example/vacancies/NERSOU-2026-0012/",
}


def list_unsubscribe_headers(context: dict) -> dict:
    """RFC 8058: an https unsubscribe URL that accepts a one-click POST."""
    return {
        "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _kind(name: str, example_context: dict, *, list_headers: bool) -> EmailKind:
    return EmailKind(
        name=name,
        # A template of its own, so that makemessages finds its words (it reads
        # templates, but not template strings inside Python).
        subject=f'{{% include "emails/{name}_subject.txt" %}}',
        text_template=f"emails/{name}.txt",
        html_template=f"emails/{name}.html",
        example_context=example_context,
        headers=list_unsubscribe_headers if list_headers else None,
    )


KINDS = (
    # Not yet on the list: no List-Unsubscribe; ignoring the email is how to stop.
    _kind(
        CONFIRM,
        # No first name: the address is not verified yet (docs/security.md).
        {
            "confirm_url": "https://recruit.toex.example/register-interest/confirm/EXAMPLE/",
        },
        list_headers=False,
    ),
    _kind(
        ALREADY_SUBSCRIBED,
        {"first_name": "Sam", **_LINKS},
        list_headers=True,
    ),
    _kind(
        ALERT,
        {"first_name": "Sam", "advert": _EXAMPLE_ADVERT, **_LINKS},
        list_headers=True,
    ),
    _kind(
        DIGEST,
        {
            "first_name": "Sam",
            "week": "16 to 22 November 2026",
            "adverts": [_EXAMPLE_ADVERT],
            **_LINKS,
        },
        list_headers=True,
    ),
    _kind(
        RECONFIRM,
        {
            "first_name": "Sam",
            "keep_url": "https://recruit.toex.example/register-interest/keep/EXAMPLE/",
            "remove_by": "Sunday 27 December 2026",
            **_LINKS,
        },
        list_headers=True,
    ),
)


KINDS += (
    # Asked for from an expired link or the manage page: the old links stop working.
    _kind(
        NEW_LINKS,
        dict(_LINKS),
        list_headers=True,
    ),
)


def register_kinds() -> None:
    for kind in KINDS:
        register(kind)
