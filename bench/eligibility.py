"""Bench pages of the eligibility self-check (vetting app), hooked into bench/pages.py.

Every step a candidate sees: the start page, the choose page (with the bench's
500 open adverts: the ROCU step, and one ROCU's adverts as a select), then the
pages that need answers in the session. wrk sends a session cookie for those
(``cookie``); the result page deletes the answers it shows, so it gets a file of
fresh sessions, one per request (``cookies_file``, read by bench/cookies.lua).

A visitor in the middle of the self-check holds the ``csrftoken`` cookie their
first page set, so Django only masks its secret for each form; with no cookie it
draws a new secret every request (~0.2–0.3 ms, a visitor's first page only). So
the pages with a session also send a valid ``csrftoken`` cookie; the pages
without one (the start, choose and register-interest pages) are measured as a
first visit, without cookies. The result page's sessions are in Redis as well as
the database, as the clearance page's save leaves a real visitor's.
"""

from pathlib import Path

RESULT_SESSIONS = 40_000


def _answers():
    from vetting import self_check

    answers = self_check.Answers(level_codes=["MV"])
    answers.periods = [
        self_check.Period.from_json(
            {"country": "GB", "start": "2012-01-01", "end": None, "reason": "resident"}
        )
    ]
    return answers


def _session_key() -> str:
    from django.contrib.sessions.backends.cached_db import SessionStore

    from vetting import self_check

    session = SessionStore()
    self_check.save(session, _answers())
    session.create()
    return session.session_key


def csrf_cookie() -> str:
    """A ``csrftoken`` cookie as Django sets it on a visitor's first page with a form."""
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    return f"csrftoken={get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)}"


def result_session_keys(count: int) -> list[str]:
    """``count`` sessions with the same answers, in the database and in Redis (where
    the clearance page's save leaves a visitor's), written in one go."""
    import datetime
    import secrets

    from django.contrib.sessions.backends.cached_db import KEY_PREFIX, SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from vetting import self_check

    store = SessionStore()
    self_check.save(store, _answers())
    encoded = store.encode(store._session)
    expires = timezone.now() + datetime.timedelta(hours=8)
    keys = [secrets.token_hex(16) for _ in range(count)]
    Session.objects.bulk_create(
        (Session(session_key=key, session_data=encoded, expire_date=expires) for key in keys),
        batch_size=5000,
    )
    for start in range(0, count, 5000):
        store._cache.set_many(
            {KEY_PREFIX + key: store._session for key in keys[start : start + 5000]},
            store.get_expiry_age(),
        )
    return keys


def prepare(var_dir: Path) -> list[tuple]:
    from accounts.models import Rocu

    rocu = Rocu.objects.order_by("slug").first().slug
    csrf = csrf_cookie()
    cookie = f"sessionid={_session_key()}; {csrf}"
    cookies_file = var_dir / "bench-result-sessions.txt"
    cookies_file.write_text("\n".join(result_session_keys(RESULT_SESSIONS)) + "\n")
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
        (
            "eligibility result",
            "/eligibility/result/",
            {"cookies_file": str(cookies_file), "cookie": csrf},
        ),
    ]
