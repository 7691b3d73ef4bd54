"""The suite's reference-data fixture puts back exactly what the migrations load."""

from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.migrations import RunPython
from django.db.migrations.loader import MigrationLoader

from accounts.models import PoliceForce, Rocu
from accounts.reference_data import ROCUS, placeholder_contact_email
from accounts.roles import ROLE_PERMISSIONS
from tests.support.reference_data import DATA_MIGRATIONS, load_reference_data
from vetting.models import VettingLevel

REPO_ROOT = Path(__file__).resolve().parents[2]
LEVELS = (
    *import_module("vetting.migrations.0002_seed_levels").LEVELS,
    *import_module("vetting.migrations.0004_seed_force_and_national_security_levels").NEW_LEVELS,
)


def _reference_rows() -> dict:
    return {
        "rocus": set(
            Rocu.objects.values_list("slug", "short_name", "name", "region", "contact_email")
        ),
        "forces": set(PoliceForce.objects.values_list("name", "rocu__slug")),
        "levels": set(VettingLevel.objects.values_list("code", "name", "required_residence_years")),
        "roles": {
            group.name: {
                f"{p.content_type.app_label}.{p.codename}"
                for p in group.permissions.select_related("content_type")
            }
            for group in Group.objects.prefetch_related("permissions")
        },
    }


EXPECTED = {
    "rocus": {
        (e["slug"], e["short_name"], e["name"], e["region"], placeholder_contact_email(e["slug"]))
        for e in ROCUS
    },
    "forces": {(force, e["slug"]) for e in ROCUS for force in e["forces"]},
    "levels": {(lv["code"], lv["name"], lv["required_residence_years"]) for lv in LEVELS},
    "roles": {role: set(names) for role, names in ROLE_PERMISSIONS.items()},
}


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_gets_back_exactly_the_rows_the_migrations_load():
    assert _reference_rows() == EXPECTED  # the fixture ran before this test

    call_command("flush", interactive=False, verbosity=0)  # what follows a transactional test
    assert not Rocu.objects.exists() and not VettingLevel.objects.exists()

    assert load_reference_data() is True
    assert _reference_rows() == EXPECTED
    assert load_reference_data() is False  # idempotent: nothing missing, nothing loaded


# Migrations with RunPython that only rewrite rows already there (no reference data to
# restore after a flush).
BACKFILL_MIGRATIONS = {("notifications", "0002_failure_reason_smtp_code_claimed_by")}


def test_every_migration_that_loads_rows_is_loaded_by_the_fixture():
    # The project's own apps: top-level folders of the repository (not the venv's).
    ours = {
        config.label for config in apps.get_app_configs() if Path(config.path).parent == REPO_ROOT
    }
    loader = MigrationLoader(None, ignore_no_migrations=True)
    data_migrations = {
        key
        for key, migration in loader.disk_migrations.items()
        if key[0] in ours and any(isinstance(op, RunPython) for op in migration.operations)
    }
    assert data_migrations == set(DATA_MIGRATIONS) | BACKFILL_MIGRATIONS
