"""The reference data that migrations load, put back by the migrations' own code.

Migrations load rows every test relies on: the ROCUs and their police forces
(accounts.0002), the staff role groups (accounts.0003, and the Sifter's in
accounts.0007, given their permissions after every ``migrate`` by
accounts.roles), and the vetting levels
(vetting.0002). A transactional test (browser, real worker, real process)
commits for real, so Django empties every table after it; and a database kept
with ``--reuse-db`` is left as the last run's last test left it.

:func:`load_reference_data` makes those rows present again. It calls the
migrations' own loaders, so the rows are exactly what ``migrate`` makes, and it
is idempotent: when every row is already there it costs a few counting queries.
tests/conftest.py calls it once per session and after every transactional test.
"""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count

from accounts.models import PoliceForce, Rocu
from accounts.reference_data import ROCUS
from accounts.roles import STAFF_ROLES, sync_role_permissions_after_migrate
from vetting.models import VettingLevel

# Every migration that loads rows (a RunPython): a test fails when one is added
# and not loaded here (tests/integration/test_reference_data.py).
DATA_MIGRATIONS = (
    ("accounts", "0002_rocus"),
    ("accounts", "0003_staff_roles"),
    ("vetting", "0002_seed_levels"),
    ("vetting", "0004_seed_force_and_national_security_levels"),
    ("accounts", "0006_rocu_vetting_unit_data"),
    ("accounts", "0007_sifter_role"),
    ("accounts", "0009_occupational_health_role"),
    ("reports", "0002_equality_reporting_role"),
)
_ROCUS, _ROLES, _LEVELS, _MORE_LEVELS, _VETTING_UNITS, _SIFTER_ROLE, _OH_ROLE, _EQUALITY_ROLE = (
    import_module(f"{app}.migrations.{name}") for app, name in DATA_MIGRATIONS
)

_FORCE_COUNT = sum(len(entry["forces"]) for entry in ROCUS)
_LEVEL_CODES = {level["code"] for level in (*_LEVELS.LEVELS, *_MORE_LEVELS.NEW_LEVELS)}


def reference_data_present() -> bool:
    """Whether every row the migrations load is there (tests may add more, never fewer)."""
    roles_with_permissions = (
        Group.objects.filter(name__in=STAFF_ROLES)
        .annotate(permission_count=Count("permissions"))
        .filter(permission_count__gt=0)
        .count()
    )
    return (
        Rocu.objects.filter(slug__in=[entry["slug"] for entry in ROCUS]).count() == len(ROCUS)
        and PoliceForce.objects.count() >= _FORCE_COUNT
        and set(VettingLevel.objects.filter(code__in=_LEVEL_CODES).values_list("code", flat=True))
        == _LEVEL_CODES
        and roles_with_permissions == len(STAFF_ROLES)
        and not Rocu.objects.filter(host_force__isnull=True).exists()
    )


def load_reference_data() -> bool:
    """Load whatever reference data is missing; return whether anything had to be loaded.

    In one transaction: one commit instead of one per row (it runs after every
    transactional test).
    """
    if reference_data_present():
        return False
    with transaction.atomic():
        _ROCUS.load_rocus(apps, None)
        _ROLES.create_roles(apps, None)
        _LEVELS.seed_levels(apps, None)
        _MORE_LEVELS.seed_levels(apps, None)
        _VETTING_UNITS.fill_vetting_units(apps, None)
        _SIFTER_ROLE.create_role(apps, None)
        _OH_ROLE.create_role(apps, None)
        _EQUALITY_ROLE.create_role(apps, None)
        # What runs after every migrate: every app's permissions, then each role's set.
        sync_role_permissions_after_migrate(sender=None)
    return True


# A copy of every table that has rows once the session's database is ready: the
# reference data above, and the content types and permissions Django makes after
# migrate. Put back, ids and all, after every transactional test's flush.
SNAPSHOT_SCHEMA = "test_reference_snapshot"
# Each copied table and its columns, named: a test that migrates backwards and
# forwards (tests/integration/vetting/test_level_migrations.py) can leave a
# table's columns in another order.
_snapshot: dict[str, list[str]] = {}


def snapshot_reference_data() -> None:
    """Copy aside every table that has rows now (call when the reference data is loaded)."""
    quote = connection.ops.quote_name
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    _snapshot.clear()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE")
        cursor.execute(f"CREATE SCHEMA {SNAPSHOT_SCHEMA}")
        for table in tables:
            cursor.execute(f"SELECT * FROM {quote(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone() is not None:
                _snapshot[table] = [quote(column.name) for column in cursor.description]
        for table in _snapshot:
            cursor.execute(f"CREATE TABLE {SNAPSHOT_SCHEMA}.{quote(table)} AS TABLE {quote(table)}")


def restore_reference_data() -> None:
    """After a flush: the snapshot back in one round trip, instead of re-running the loaders.

    The loaders cost ~550 queries (0.2 CPU-seconds) a time; this is one statement
    list. It replaces what the flush's post_migrate signal made (content types and
    permissions with new ids), so ids are the same in every test of the run.
    """
    if not _snapshot:
        load_reference_data()
        return
    quote = connection.ops.quote_name
    # Table and column names from Django's introspection, quoted: no outside input.
    statements = ["SET CONSTRAINTS ALL DEFERRED"]
    statements += [f"DELETE FROM {quote(table)}" for table in _snapshot]  # noqa: S608
    for table, columns in _snapshot.items():
        names = ", ".join(columns)
        statements.append(
            f"INSERT INTO {quote(table)} ({names}) "  # noqa: S608
            f"SELECT {names} FROM {SNAPSHOT_SCHEMA}.{quote(table)}"
        )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("; ".join(statements))
    ContentType.objects.clear_cache()
