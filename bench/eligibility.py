"""Bench pages of the eligibility self-check (vetting app), hooked into bench/pages.py.

Every step a candidate sees: the start page, the choose page (with the bench's
500 open adverts: the ROCU step, and one ROCU's adverts as a select), then the
pages that need answers. A visitor in the middle of the check holds their answers
in the ``toex_self_check`` cookie (vetting/self_check.py), so wrk sends one, made
with the pages' own encoder (``cookie``). The result page's response deletes it,
but wrk sends the same header again, as a visitor refreshing the result does:
each request is a full result, answers decrypted and the cookie deleted.

A visitor in the middle of the self-check holds the ``csrftoken`` cookie their
first page set, so Django only masks its secret for each form; with no cookie it
draws a new secret every request (~0.2–0.3 ms, a visitor's first page only). So
the pages with answers also send a valid ``csrftoken`` cookie; the pages
without (the start, choose and register-interest pages) are measured as a
first visit, without cookies.
"""


def _answers():
    from vetting import self_check

    answers = self_check.Answers(level_codes=["MV"])
    answers.periods = [
        self_check.Period.from_json(
            {"country": "GB", "start": "2012-01-01", "end": None, "reason": "resident"}
        )
    ]
    return answers


def answers_cookie() -> str:
    """The answers' cookie as the places page leaves it for a visitor (one place)."""
    from vetting import self_check

    return f"{self_check.COOKIE_NAME}={self_check.encoded(_answers())}"


def csrf_cookie() -> str:
    """A ``csrftoken`` cookie as Django sets it on a visitor's first page with a form."""
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    return f"csrftoken={get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)}"


def prepare() -> list[tuple]:
    from accounts.models import Rocu

    rocu = Rocu.objects.order_by("slug").first().slug
    # The answers expire 2 hours after they were written (Fernet's timestamp): made
    # afresh each run, long enough for a whole make bench.
    cookie = f"{answers_cookie()}; {csrf_cookie()}"
    return [
        ("eligibility start /eligibility/", "/eligibility/"),
        ("eligibility choose: the ROCUs (500 open)", "/eligibility/job/"),
        ("eligibility choose: one ROCU's adverts", f"/eligibility/job/?rocu={rocu}"),
        ("eligibility add a place", "/eligibility/places/add/", {"cookie": cookie}),
        ("eligibility places so far", "/eligibility/places/", {"cookie": cookie}),
        ("eligibility change a place", "/eligibility/places/0/change/", {"cookie": cookie}),
        ("eligibility remove a place", "/eligibility/places/0/remove/", {"cookie": cookie}),
        ("eligibility clearance question", "/eligibility/clearance/", {"cookie": cookie}),
        ("eligibility clearance details", "/eligibility/clearance/details/", {"cookie": cookie}),
        ("eligibility result", "/eligibility/result/", {"cookie": cookie}),
    ]
