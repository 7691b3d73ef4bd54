import pytest

from accounts import roles
from tests.factories.accounts import national_hr, rocu_hr, staff_user


@pytest.fixture
def hr(db):
    return rocu_hr("nersou", username="nersou.hr.reports")


@pytest.fixture
def national(db):
    return national_hr(username="national.hr.reports")


@pytest.fixture
def equality_reader(db):
    return staff_user(roles.EQUALITY_REPORTING, "nersou", username="equality.reader")
