"""Demo adverts: several ROCUs, force and national-security levels, each state; a second run
adds nothing."""

import pytest
from django.core.management import call_command

from vacancies.models import Vacancy, VacancyAuditEntry


@pytest.mark.django_db
def test_seed_demo_makes_adverts_across_rocus_levels_and_states_once(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = (Vacancy.objects.count(), VacancyAuditEntry.objects.count())
    call_command("seed_demo")

    assert (Vacancy.objects.count(), VacancyAuditEntry.objects.count()) == first
    assert Vacancy.objects.values("rocu").distinct().count() >= 3
    # Force levels, national-security levels, and a draft DV advert still to be given its
    # force level before it can be published.
    assert set(Vacancy.objects.values_list("vetting_level__code", flat=True)) == {"MV", "RV", "DV"}
    assert set(
        Vacancy.objects.filter(status="published").values_list(
            "national_security_level__code", flat=True
        )
    ) == {None, "DV", "CTC", "SC"}
    assert set(Vacancy.objects.values_list("status", flat=True)) == {
        "draft",
        "published",
        "closed",
    }
    for vacancy in Vacancy.objects.filter(status="published"):
        assert vacancy.locations.exists()
        assert vacancy.audit_entries.filter(action="published").exists()
