"""Offers and references hang off an application: exported with it, erased with it, and
gone at the next daily run once their application is anonymised."""

import pytest
import time_machine

from applications.models import Application
from offers.models import Offer
from offers.services import offer_decline
from privacy.services import retention_apply, subject_erase, subject_sections
from references.models import ReferenceRequest
from tests.factories.accounts import national_hr, rocu_hr
from tests.factories.offers import at_conditional_offer

from .conftest import days

pytestmark = pytest.mark.django_db

EMAIL = "offered@example.com"


@pytest.fixture
def declined():
    application = at_conditional_offer(rocu_hr("nersou"), EMAIL)
    offer_decline(application=application, reason="Took a job in Bristol")
    application.refresh_from_db()
    assert application.stage == "offer_declined"
    assert Offer.objects.filter(application=application).exists()
    return application


def test_the_export_includes_the_offer_and_its_checks(declined):
    sections = {
        str(section.title): section.records
        for _, group in subject_sections(EMAIL)
        for section in group
    }
    offers = sections["Offer and pre-employment checks"]
    assert any(row.get("decline_reason") == "Took a job in Bristol" for row in offers)
    assert "References" in sections


def test_erasure_deletes_offers_and_reference_requests_too(declined):
    record = subject_erase(by=national_hr(), email=EMAIL, reason="ERA-9")
    assert not Offer.objects.exists() and not ReferenceRequest.objects.exists()
    assert record.summary["offers"]["offers deleted"] == 1
    assert Application.objects.get(pk=declined.pk).anonymised_at is not None


def test_retention_deletes_them_the_run_after_the_application_is_anonymised(declined):
    closes = declined.vacancy.closing_at
    with time_machine.travel(closes + days(184)):
        first = retention_apply()
    assert first["applications.ended"] == 1
    with time_machine.travel(closes + days(185)):
        second = retention_apply()
    assert second["offers.anonymised_applications"] >= 1
    assert not Offer.objects.exists() and not ReferenceRequest.objects.exists()
    with time_machine.travel(closes + days(186)):
        assert retention_apply()["offers.anonymised_applications"] == 0
