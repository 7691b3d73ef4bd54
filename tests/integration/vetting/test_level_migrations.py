"""The levels' migrations on a database that already holds MV and DV adverts.

Back to before this change and forward again, twice, with adverts pointing at MV
and DV throughout: nothing is lost, nothing is duplicated, and the adverts keep
their levels. The data steps are also run again by hand (idempotent).

Each test migrates a scratch database of its own, from empty to the states it
needs, rather than the test database: unapplying every later migration of every
app and applying them again afterwards cost ~30 s of CPU a test, almost all of it
Django rebuilding the model states of migrations these tests are not about.
"""

from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]  # migrates to and fro

BEFORE = [
    ("vetting", "0002_seed_levels"),
    ("vacancies", "0003_alter_vacancy_contact_email"),
    ("accounts", "0004_staff_audit_and_two_factor"),
]
AFTER = [
    ("vetting", "0004_seed_force_and_national_security_levels"),
    ("vacancies", "0004_vacancy_national_security_level"),
    ("accounts", "0006_rocu_vetting_unit_data"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def scratch_database(transactional_db):
    """For the test's duration, the default connection points at a new, empty database.

    Requested after ``transactional_db`` so it is undone first: the test database's
    flush afterwards runs on the test database, which these tests never touched.
    """
    test_database = connection.settings_dict["NAME"]
    scratch = connection.ops.quote_name(f"{test_database}_migrations")
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {scratch}")
    connection.settings_dict["NAME"] = f"{test_database}_migrations"
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = test_database
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")


def test_back_and_forward_twice_keeps_mv_and_dv_adverts_and_their_levels():
    old = migrate(BEFORE)
    Level = old.get_model("vetting", "VettingLevel")
    Vacancy = old.get_model("vacancies", "Vacancy")
    Rocu = old.get_model("accounts", "Rocu")
    assert set(Level.objects.values_list("code", flat=True)) == {"MV", "DV"}
    now = timezone.now()
    for code in ("MV", "DV"):
        Vacancy.objects.create(
            rocu=Rocu.objects.get(slug="nersou"),
            reference=f"MIGRATION-{code}",
            title=f"A {code} post",
            status="published",
            vetting_level=Level.objects.get(code=code),
            closing_at=now + timezone.timedelta(days=10),
            published_at=now,
        )

    for _ in range(2):
        new = migrate(AFTER)
        Level = new.get_model("vetting", "VettingLevel")
        Vacancy = new.get_model("vacancies", "Vacancy")
        kinds = dict(Level.objects.values_list("code", "kind"))
        assert kinds == {
            "RV": "force",
            "MV": "force",
            "CTC": "national_security",
            "SC": "national_security",
            "DV": "national_security",
        }
        assert dict(Vacancy.objects.values_list("reference", "vetting_level__code")) == {
            "MIGRATION-MV": "MV",
            "MIGRATION-DV": "DV",
        }
        assert not Vacancy.objects.filter(national_security_level__isnull=False).exists()
        nersou = new.get_model("accounts", "Rocu").objects.get(slug="nersou")
        assert nersou.vetting_unit_name == "Durham Constabulary Vetting Unit"

        # The data steps again, as a re-run or a second deploy would: no change, no duplicate.
        import_module(
            "vetting.migrations.0004_seed_force_and_national_security_levels"
        ).seed_levels(new, None)
        import_module("accounts.migrations.0006_rocu_vetting_unit_data").fill_vetting_units(
            new, None
        )
        assert Level.objects.count() == 5

        old = migrate(BEFORE)
        Level = old.get_model("vetting", "VettingLevel")
        assert set(Level.objects.values_list("code", flat=True)) == {"MV", "DV"}
        assert old.get_model("vacancies", "Vacancy").objects.count() == 2


def test_rolling_back_keeps_a_new_level_an_advert_still_names():
    # The models as of AFTER, not the live ones: later migrations (the pipeline's
    # stage targets and scoring scale) add columns that do not exist yet here.
    new = migrate(AFTER)
    Vacancy = new.get_model("vacancies", "Vacancy")
    Level = new.get_model("vetting", "VettingLevel")
    Rocu = new.get_model("accounts", "Rocu")
    Vacancy.objects.create(
        rocu=Rocu.objects.get(slug="titan"),
        reference="MIGRATION-RV",
        title="An RV post",
        vetting_level=Level.objects.get(code="RV"),
    )

    old = migrate(BEFORE)

    levels = set(old.get_model("vetting", "VettingLevel").objects.values_list("code", flat=True))
    assert levels == {"MV", "DV", "RV"}
    assert old.get_model("vacancies", "Vacancy").objects.get().vetting_level.code == "RV"
