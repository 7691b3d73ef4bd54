"""Fixtures shared by the whole suite."""

import pytest


@pytest.fixture(autouse=True)
def django_db_serialized_rollback():
    """Give every transactional test (browser, real worker) Django's serialized rollback.

    Those tests commit for real, and Django empties every table after each one,
    including the ROCUs and roles that migrations load. Serialized rollback puts
    that reference data back before each of them. (This is also why the suite
    does not use --reuse-db: a reused database would start out flushed.)
    """
    return True


@pytest.fixture
def rocu(db):
    from accounts.models import Rocu

    return Rocu.objects.get(slug="nersou")


@pytest.fixture
def other_rocu(db):
    from accounts.models import Rocu

    return Rocu.objects.get(slug="emsou")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Keep the serialized reference data reachable from every connection object.

    Django keeps it on the connection object (``_test_serialized_contents``),
    and connection objects are per context (asgiref Local). Playwright's sync
    API runs the browser tests in another greenlet, with its own context, so a
    browser test that runs after the database was set up by an ordinary test
    got a fresh connection without it: serialized rollback silently restored
    nothing, and every later transactional test ran without ROCUs or vetting
    levels. Putting it on the connection class makes it reachable from all.
    """
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents
    yield
