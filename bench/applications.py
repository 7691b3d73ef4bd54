"""Bench pages of a signed-in candidate's application: the task list and Check your answers.

One candidate with a complete draft on one of the bench adverts (made through
``applications.services``, as the pages make it), with 20 places lived and 10
jobs, and a session for them. Pages are returned as (name, path, cookie) so
bench/run.py sends the session cookie with every request.
"""

import datetime
import time


def prepare() -> list[tuple[str, str, str]]:
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from applicants.models import Candidate
    from applicants.session import SESSION_CANDIDATE, SESSION_SEEN
    from applications import services
    from applications.demo import fill_personal_details
    from applications.sections import Section
    from vacancies.models import AdvertQuestion, Competency, Vacancy
    from vetting import clock

    vacancy = Vacancy.objects.open(now=timezone.now()).order_by("reference").first()
    for position, competency in enumerate((Competency.COLLABORATE, Competency.TAKE_OWNERSHIP), 1):
        AdvertQuestion.objects.create(
            vacancy=vacancy,
            position=position,
            competency=competency,
            question="Tell us.",
            word_limit=250,
        )
    candidate = Candidate.objects.create(email="bench.candidate@example.com")
    application = services.application_start(
        candidate=candidate, vacancy=vacancy, at=timezone.now()
    )
    today = clock.today()
    fill_personal_details(application, full_name="Bench Candidate")
    for index in range(20):
        start = today.replace(year=today.year - 20) + datetime.timedelta(days=index * 30)
        services.application_row_save(
            application=application,
            section=Section.RESIDENCE,
            country="GB",
            start=start,
            end=None if index == 19 else start + datetime.timedelta(days=29),
            reason="resident",
        )
    for index in range(10):
        start = today.replace(year=today.year - 10) + datetime.timedelta(days=index * 366)
        services.application_row_save(
            application=application,
            section=Section.EMPLOYMENT,
            kind="job",
            organisation=f"Employer {index}",
            role="Analyst",
            start=start,
            end=None if index == 9 else start + datetime.timedelta(days=365),
        )
    session = SessionStore()
    session[SESSION_CANDIDATE] = candidate.pk
    session[SESSION_SEEN] = int(time.time())
    session.set_expiry(settings.APPLICANTS_SESSION_IDLE_SECONDS)
    session.create()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    base = f"/your-applications/{application.pk}/"
    return [
        ("application task list (signed in)", base, cookie),
        ("check your answers (signed in)", base + "check-your-answers/", cookie),
    ]
