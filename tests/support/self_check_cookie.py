"""The self-check's answers as a test client holds them: the encrypted cookie.

The pages keep the answers in one cookie (vetting/self_check.py), not in the
session. These read it with the module's own ``load``, as the next page would,
and write it with the module's own encoder, as a page that saved answers would.
"""

from django.test import RequestFactory

from vetting import self_check


def holds_answers(client) -> bool:
    """Whether the client still has the cookie (a deleted one is kept empty, expired)."""
    morsel = client.cookies.get(self_check.COOKIE_NAME)
    return morsel is not None and morsel.value != ""


def answers_of(client) -> self_check.Answers:
    """The answers the client's next self-check page would read."""
    request = RequestFactory().get("/eligibility/")
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    return self_check.load(request)


def give_answers(client, answers: self_check.Answers) -> None:
    """Put ``answers`` in the client's cookie, as a page that saved them would."""
    client.cookies[self_check.COOKIE_NAME] = self_check.encoded(answers)


def give_sealed(client, payload) -> None:
    """A cookie of ours (our key, still fresh) holding any JSON ``payload``: what an
    older layout of the answers, or a garbled one, looks like to the pages."""
    client.cookies[self_check.COOKIE_NAME] = self_check._seal(payload)
