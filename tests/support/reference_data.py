"""Put the reference data that migrations load (ROCUs, vetting levels) back, on demand.

Transactional tests (browser, real processes) leave tables flushed, and Django's
serialized rollback is meant to restore them. It does not always: once Playwright's
sync API is running, the main thread has a running event loop, so asgiref hands
test code a different `connections["default"]` object from the one the test
database's serialized contents were stored on, and nothing is restored. Tests
that need reference data in a transactional test call this after the database
is set up; it runs the migrations' own (idempotent) loaders.
"""

from importlib import import_module

from django.apps import apps


def reload_reference_data() -> None:
    import_module("accounts.migrations.0002_rocus").load_rocus(apps, None)
    import_module("vetting.migrations.0002_seed_levels").seed_levels(apps, None)
