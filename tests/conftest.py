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
