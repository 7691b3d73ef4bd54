"""Demo candidates: one with a draft, one with a submitted application, on two adverts.

Made through ``applications.services`` so the rows, events and emails are what
real use produces. Idempotent: a candidate's application is skipped if it exists.
Candidates sign in with an emailed link; in the embedded default the email is
written to ``var/sent-mail/``.
"""

import datetime

from django.utils import timezone

from applicants.models import Candidate
from vacancies.models import Vacancy

from . import services
from .models import Application
from .sections import Section

DRAFT_EMAIL = "demo.draft@example.com"
SUBMITTED_EMAIL = "demo.submitted@example.com"


def fill_personal_details(application, *, full_name: str) -> None:
    """Example personal details (a UK address, right to work): demo, tests and bench share them."""
    services.application_section_save(
        application=application,
        section=Section.PERSONAL,
        full_name=full_name,
        phone="07700 900982",
        address_location="uk",
        address_line_1="1 Demo Street",
        address_town="Newcastle upon Tyne",
        address_postcode="NE1 4AA",
        right_to_work="yes",
    )


def fill_other_sections(application, *, referees: int = 2) -> None:
    """Example answers for sections 3 to 8: one current job of 4 years, referees, the rest."""
    today = timezone.localdate()
    services.application_row_save(
        application=application,
        section=Section.EMPLOYMENT,
        kind="job",
        organisation="Northern Data Services",
        role="Research assistant",
        start=today.replace(year=today.year - 4),
        end=None,
    )
    services.application_section_save(
        application=application, section=Section.EMPLOYMENT, employment_all_added=True
    )
    for number in range(1, referees + 1):
        services.application_row_save(
            application=application,
            section=Section.REFEREES,
            name=f"Demo Referee {number}",
            email=f"referee{number}@example.com",
            organisation="Northern Data Services",
            relationship="Line manager" if number == 1 else "Colleague",
            is_most_recent_employer=number == 1,
        )
    services.application_section_save(
        application=application, section=Section.REFEREES, referee_consent=True
    )
    services.application_answers_save(
        application=application,
        answers={
            question.pk: "In my last job I spotted a pattern in supplier payments ..."
            for question in application.vacancy.questions.all()
        },
    )
    services.application_section_save(
        application=application,
        section=Section.ADJUSTMENTS,
        adjustments_needed="no",
        adjustments_detail="",
        disability_confident="no",
    )
    services.application_equality_save(
        application=application,
        answers={"age_group": "prefer_not_to_say", "sex": "prefer_not_to_say"},
    )
    services.application_section_save(
        application=application,
        section=Section.DECLARATION,
        declaration_true=True,
        declaration_vetting_consent=True,
    )


def _fill(application, *, complete: bool) -> None:
    today = timezone.localdate()
    fill_personal_details(application, full_name="Alex Demo" if complete else "Jo Demo")
    services.application_row_save(
        application=application,
        section=Section.RESIDENCE,
        country="GB",
        start=today.replace(year=today.year - 12),
        end=None,
        reason="resident",
    )
    if complete:
        services.application_section_save(
            application=application,
            section=Section.RESIDENCE,
            residence_all_added=True,
            holds_clearance="no",
        )
        fill_other_sections(application)


def demo_adverts(now) -> list[Vacancy]:
    """The two open adverts the demo fills (the apps above applications use them too)."""
    return list(Vacancy.objects.open(now=now).order_by("reference")[:2])


def seed(*, write) -> None:
    now = timezone.now()
    adverts = demo_adverts(now)
    if len(adverts) < 2:
        write("Demo applications: skipped (fewer than two open adverts).")
        return
    for email, vacancy, complete in (
        (DRAFT_EMAIL, adverts[0], False),
        (SUBMITTED_EMAIL, adverts[1], True),
    ):
        candidate, _ = Candidate.objects.get_or_create(email=email)
        if Application.objects.filter(candidate=candidate, vacancy=vacancy).exists():
            continue
        application = services.application_start(
            candidate=candidate, vacancy=vacancy, at=now - datetime.timedelta(days=1)
        )
        _fill(application, complete=complete)
        if complete:
            services.application_submit(application=application, at=now)
    from . import demo_pipeline  # imports this module's helpers

    demo_pipeline.seed(write=write, adverts=adverts)
    write(
        "Demo candidates (no password): go to /sign-in/, enter "
        f"{DRAFT_EMAIL} (a draft) or {SUBMITTED_EMAIL} (a submitted application), "
        "then open the sign-in link written to var/sent-mail/ (or the console)."
    )
