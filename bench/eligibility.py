"""Bench pages of the eligibility self-check (vetting app), hooked into bench/pages.py.

Every step a candidate sees: the start page, the choose page (with the bench's
500 open adverts: the ROCU step, and one ROCU's adverts as a select), then the
pages that need answers in the session. wrk sends a session cookie for those
(``cookie``); the result page deletes the answers it shows, so it gets a file of
fresh sessions, one per request (``cookies_file``, read by bench/cookies.lua).
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


def _result_sessions(path: Path) -> None:
    """Many sessions with the same answers, written in one go."""
    import datetime
    import secrets

    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from vetting import self_check

    store = SessionStore()
    self_check.save(store, _answers())
    encoded = store.encode(store._session)
    expires = timezone.now() + datetime.timedelta(hours=8)
    keys = [secrets.token_hex(16) for _ in range(RESULT_SESSIONS)]
    Session.objects.bulk_create(
        (Session(session_key=key, session_data=encoded, expire_date=expires) for key in keys),
        batch_size=5000,
    )
    path.write_text("\n".join(keys) + "\n")


def prepare(var_dir: Path) -> list[tuple]:
    from accounts.models import Rocu

    rocu = Rocu.objects.order_by("slug").first().slug
    cookie = f"sessionid={_session_key()}"
    cookies_file = var_dir / "bench-result-sessions.txt"
    _result_sessions(cookies_file)
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
        ("eligibility result", "/eligibility/result/", {"cookies_file": str(cookies_file)}),
    ]
