"""Fixtures shared by the whole suite.

Reference data (ROCUs, police forces, staff roles, vetting levels) is present
in every test that uses the database. pytest-django runs the tests in Django's
order: ordinary database tests (each rolled back), then transactional ones
(each followed by a flush that empties every table), then those without a
database. So the rows are loaded once per session, for a database kept with
``--reuse-db``, and again before each transactional test; no test has to ask.
"""

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_keepdb, django_db_createdb):
    """A kept database starts a run in the migrations' state, whatever the last run left.

    An interrupted run can leave committed rows behind; a finished one leaves the
    tables its last transactional test flushed. Emptying the tables (as Django
    does after a transactional test) and loading the reference data gives every
    run the same start. A freshly created database needs neither.
    """
    from django.core.management import call_command

    from tests.support.reference_data import load_reference_data

    with django_db_blocker.unblock():
        if django_db_keepdb and not django_db_createdb:
            call_command("flush", interactive=False, verbosity=0)
        load_reference_data()
    yield


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    from tests.support import celery_worker

    celery_worker.current_test = item
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("serialized_rollback"):
        # Serialized rollback re-inserts rows the reference-data fixture already put
        # back, so the test fails on a unique key, but only in some orders
        # (docs/testing.md, "Reference data"). Say why at once instead.
        pytest.fail(
            "serialized_rollback is not used in this suite: the autouse reference_data "
            "fixture restores the migrations' rows before every transactional test"
        )


def _is_transactional(item: pytest.Item) -> bool:
    """The same test pytest-django applies when it orders tests and sets up the database."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction")
        or marker.kwargs.get("reset_sequences")
        or (marker.args and marker.args[0])
    ):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.fixture(autouse=True)
def reference_data(request):
    """Before a transactional test: the reference data the previous one's flush removed."""
    if _is_transactional(request.node):
        from tests.support.reference_data import load_reference_data

        request.getfixturevalue("transactional_db")
        load_reference_data()


@pytest.fixture
def rocu(db):
    from accounts.models import Rocu

    return Rocu.objects.get(slug="nersou")


@pytest.fixture
def other_rocu(db):
    from accounts.models import Rocu

    return Rocu.objects.get(slug="emsou")
