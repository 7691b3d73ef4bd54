"""Put the reference data that migrations load (ROCUs, vetting levels) back, on demand.

Transactional tests (browser, real processes) leave tables flushed, and
tests/conftest.py relies on Django's serialized rollback to restore them. Here it
does not, for two reasons (checked on pytest-django 4.14, Django 5.2):

1. pytest-django serializes the test database at set-up only if some collected
   test's ``django_db`` *marker* says ``serialized_rollback=True``; the autouse
   ``django_db_serialized_rollback`` fixture is not consulted for tests that have
   a marker, so usually nothing is serialized at all.
2. Even when it is, once Playwright's sync API has started, the main thread has a
   running event loop, so asgiref hands test code a different
   ``connections["default"]`` object, without the serialized contents.

Tests that need reference data in a transactional test call this after the
database is set up; it runs the migrations' own (idempotent) loaders.
"""

from importlib import import_module

from django.apps import apps


def reload_reference_data() -> None:
    import_module("accounts.migrations.0002_rocus").load_rocus(apps, None)
    import_module("vetting.migrations.0002_seed_levels").seed_levels(apps, None)
    import_module("vetting.migrations.0004_seed_force_and_national_security_levels").seed_levels(
        apps, None
    )
    import_module("accounts.migrations.0005_rocu_vetting_unit_data").fill_vetting_units(apps, None)
