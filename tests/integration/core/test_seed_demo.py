"""seed_demo: refuses without DEBUG; with it, every app's demo data, once, and sign-in details last.

Seeding takes ~10 s of CPU (44 applications walked through the real services), so
the module seeds once, twice over, as ``make run`` on an existing database would,
and every test reads that one result (``seeded_twice``). Before seeding, a
superuser named like a demo user is planted, to show seed_demo takes its powers
away. Each test still rolls back its own changes (a savepoint inside the module's
transaction), and the module's transaction is rolled back at its end.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from applications.demo import DRAFT_EMAIL, SUBMITTED_EMAIL
from applications.models import Application
from scheduling.models import Booking, Slot
from vacancies.models import Vacancy, VacancyAuditEntry

# One worker seeds once for the whole module (docs/testing.md, "Running in parallel").
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("seed_demo"), pytest.mark.slow]

SITE_URL = "http://127.0.0.1:8001"


@dataclass(frozen=True)
class Seeded:
    first_output: str
    second_output: str
    users_after_first: int
    adverts_after_first: tuple[int, int]  # adverts, advert audit entries


@pytest.fixture(scope="module")
def seeded_twice(django_db_setup, django_db_blocker):
    def run() -> str:
        output = io.StringIO()
        call_command("seed_demo", stdout=output)
        return output.getvalue()

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            User.objects.create(username="national.hr", is_staff=True, is_superuser=True)
            with override_settings(DEBUG=True, SITE_URL=SITE_URL):
                first_output = run()
                users = User.objects.count()
                adverts = (Vacancy.objects.count(), VacancyAuditEntry.objects.count())
                second_output = run()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield Seeded(first_output, second_output, users, adverts)
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def test_seed_demo_refuses_to_run_when_debug_is_off(settings):
    settings.DEBUG = False
    users_before = User.objects.count()

    with pytest.raises(CommandError, match="only runs with DEBUG=true"):
        call_command("seed_demo")

    assert User.objects.count() == users_before


def test_seed_demo_twice_creates_each_demo_user_once(seeded_twice):
    # two leads, two ROCU HR, National HR, a sifter, occupational health, equality reporting
    assert User.objects.count() == seeded_twice.users_after_first == 8
    lead = User.objects.get(username="nersou.lead")
    assert list(lead.rocus.values_list("slug", flat=True)) == ["nersou"]
    assert lead.groups.get().name == "ROCU lead"
    assert lead.check_password("toex-demo-password")
    assert "toex-demo-password" in seeded_twice.second_output


def test_no_demo_user_is_a_superuser_and_each_has_an_authenticator(seeded_twice):
    # national.hr existed as a superuser before the first run.
    assert not User.objects.filter(is_superuser=True).exists()
    assert TOTPDevice.objects.filter(confirmed=True).count() == 8
    assert set(TOTPDevice.objects.values_list("user__username", flat=True)) == set(
        User.objects.values_list("username", flat=True)
    )


def test_seed_demo_prints_where_and_how_to_sign_in_last(seeded_twice):
    for output in (seeded_twice.first_output, seeded_twice.second_output):
        lines = output.rstrip().splitlines()

        start = lines.index(f"Sign in at {SITE_URL}/admin/")
        table = lines[start:]
        assert table[1].split() == ["username", "role", "sees"]
        assert any(line.split()[0] == "national.hr" and "every ROCU" in line for line in table)
        assert table[-2].strip() == "password (all): toex-demo-password"
        assert (
            table[-1].strip() == "code (changes every 30 s): python manage.py demo_totp <username>"
        )
        assert len(table) <= 12  # short: it must fit above the fold of a terminal


def test_seed_demo_makes_adverts_across_rocus_levels_and_states_once(seeded_twice):
    counts = (Vacancy.objects.count(), VacancyAuditEntry.objects.count())
    assert counts == seeded_twice.adverts_after_first
    assert Vacancy.objects.values("rocu").distinct().count() >= 3
    # Force levels, national-security levels, and a draft DV advert still to be given its
    # force level before it can be published.
    assert set(Vacancy.objects.values_list("vetting_level__code", flat=True)) == {"MV", "RV", "DV"}
    assert set(
        Vacancy.objects.filter(status="published").values_list(
            "national_security_level__code", flat=True
        )
    ) == {None, "DV", "CTC", "SC"}
    assert set(Vacancy.objects.values_list("status", flat=True)) == {
        "draft",
        "published",
        "closed",
    }
    for vacancy in Vacancy.objects.filter(status="published"):
        assert vacancy.locations.exists()
        assert vacancy.audit_entries.filter(action="published").exists()


def test_seed_demo_adds_a_draft_and_a_submitted_application_once(seeded_twice):
    own = Application.objects.filter(candidate__email__in=[DRAFT_EMAIL, SUBMITTED_EMAIL])
    stages = dict(own.values_list("candidate__email", "stage"))
    assert stages == {DRAFT_EMAIL: "draft", SUBMITTED_EMAIL: "submitted"}
    assert own.values("vacancy").distinct().count() == 2
    submitted = own.get(stage="submitted")
    assert submitted.vacancy.questions.count() == 2 and submitted.answers.count() == 2
    assert DRAFT_EMAIL in seeded_twice.first_output
    assert "var/sent-mail/" in seeded_twice.first_output


def test_seed_demo_fills_two_adverts_with_an_application_at_every_pipeline_stage(seeded_twice):
    from applications.demo_pipeline import DEMO_PATHS
    from applications.models import ScoreSheet

    pipeline = Application.objects.filter(candidate__email__startswith="demo.").exclude(
        candidate__email__in=[DRAFT_EMAIL, SUBMITTED_EMAIL]
    )
    for vacancy_id in pipeline.values_list("vacancy", flat=True).distinct():
        stages = sorted(pipeline.filter(vacancy=vacancy_id).values_list("stage", flat=True))
        assert stages == sorted(final for final, _, _ in DEMO_PATHS)
    assert pipeline.values("vacancy").distinct().count() == 2
    offer = pipeline.filter(stage="conditional_offer").first()
    assert ScoreSheet.objects.filter(application=offer, round="interview").count() == 2
    assert offer.assessment_score is not None


def test_seed_demo_adds_slots_and_books_the_booked_stages_once(seeded_twice):
    booked = Application.objects.filter(
        candidate__email__startswith="demo.", stage__in=["assessment_booked", "interview_booked"]
    )
    assert booked.count() == 4  # two stages on each of the two adverts
    live = Booking.objects.filter(cancelled_at__isnull=True)
    assert sorted(live.values_list("application_id", flat=True)) == sorted(
        booked.values_list("pk", flat=True)
    )
    for booking in live.select_related("slot", "application"):
        assert booking.slot.vacancy_id == booking.application.vacancy_id
        assert booking.round == booking.application.stage.split("_")[0]
    assert Slot.objects.values("vacancy").distinct().count() == 2
    assert Slot.objects.count() == 8
    assert "Demo slots: 8 slot(s) and 4 booking(s) added" in seeded_twice.first_output
    assert "Demo slots: 0 slot(s) and 0 booking(s) added" in seeded_twice.second_output
