"""Staff admin: who may see subscribers, export with a reason, counts by region."""

import pytest
from django.core.exceptions import PermissionDenied

from mailing_list.models import AddressExport, Frequency, SubscriberStatus
from mailing_list.services import subscriber_addresses_export
from tests.factories.accounts import national_hr, rocu_hr, rocu_lead
from tests.support.staff import login_staff

from .conftest import make_subscriber

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/mailing_list/subscriber/"
COUNTS = "/admin/mailing_list/subscriber/counts/"


def test_national_hr_sees_and_filters_subscribers(client):
    make_subscriber("a@example.com")
    make_subscriber("b@example.com", frequency=Frequency.WEEKLY)
    login_staff(client, national_hr())

    everyone = client.get(CHANGELIST)
    weekly = client.get(CHANGELIST, {"frequency__exact": "weekly"})

    assert everyone.status_code == 200
    assert "a@example.com" in everyone.content.decode()
    assert "a@example.com" not in weekly.content.decode()
    assert "b@example.com" in weekly.content.decode()


@pytest.mark.parametrize("count", [2, 30])
def test_subscriber_list_runs_a_constant_number_of_queries(
    client, count, django_assert_max_num_queries
):
    for n in range(count):
        make_subscriber(f"p{n}@example.com", rocu_slugs=["nersou"])
    login_staff(client, national_hr())

    with django_assert_max_num_queries(20):
        assert client.get(CHANGELIST).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(COUNTS).status_code == 200


def test_rocu_hr_sees_counts_only_and_a_lead_sees_nothing(client):
    make_subscriber("a@example.com", rocu_slugs=["nersou"])
    make_subscriber("b@example.com", everywhere=True, frequency=Frequency.WEEKLY)
    make_subscriber("c@example.com", everywhere=True, status=SubscriberStatus.PENDING)

    login_staff(client, rocu_hr("nersou"))
    assert client.get(CHANGELIST).status_code == 403
    counts = client.get(COUNTS)
    body = counts.content.decode()
    assert counts.status_code == 200
    assert "a@example.com" not in body
    assert "North East (NERSOU)" in body
    assert '<th scope="row">Anywhere in England and Wales</th><td>0</td><td>1</td>' in body

    login_staff(client, rocu_lead("nersou"))
    assert client.get(COUNTS).status_code == 403
    assert client.get(CHANGELIST).status_code == 403


def test_export_needs_a_reason_and_records_who_and_why(client):
    formula = make_subscriber("=cmd@example.com", first_name="@SUM(1)")
    other = make_subscriber("b@example.com")
    user = national_hr()
    login_staff(client, user)
    selection = {"action": "export_addresses", "_selected_action": [formula.pk, other.pk]}

    asked = client.post(CHANGELIST, selection)
    assert asked.status_code == 200
    assert "Why do you need these email addresses?" in asked.content.decode()
    assert AddressExport.objects.count() == 0

    too_short = client.post(CHANGELIST, {**selection, "reason": "x"})
    assert "at least 10 characters" in too_short.content.decode()
    assert AddressExport.objects.count() == 0

    exported = client.post(CHANGELIST, {**selection, "reason": "Mail merge for the open day"})
    assert exported["Content-Type"].startswith("text/csv")
    csv_text = exported.content.decode()
    assert "'=cmd@example.com" in csv_text
    assert "'@SUM(1)" in csv_text
    assert "b@example.com" in csv_text
    audit = AddressExport.objects.get()
    assert (audit.exported_by, audit.row_count) == (user, 2)
    assert audit.reason == "Mail merge for the open day"


def test_the_export_service_refuses_staff_without_the_export_permission():
    subscriber = make_subscriber("a@example.com")
    with pytest.raises(PermissionDenied):
        subscriber_addresses_export(
            by=rocu_hr("nersou"),
            reason="Mail merge for the open day",
            subscriber_ids=[subscriber.pk],
        )
    assert AddressExport.objects.count() == 0


def test_suppress_action_stops_email_to_the_selected(client):
    subscriber = make_subscriber("a@example.com")
    login_staff(client, national_hr())

    client.post(CHANGELIST, {"action": "suppress_selected", "_selected_action": [subscriber.pk]})

    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.SUPPRESSED
