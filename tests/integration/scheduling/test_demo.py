"""seed_demo adds slots to the two demo adverts and books the demo applications at booked stages."""

import pytest
from django.core.management import call_command

from applications.models import Application
from scheduling.models import Booking, Slot


@pytest.mark.django_db
def test_seed_demo_adds_slots_and_books_the_booked_stages_once(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent

    booked = Application.objects.filter(
        candidate__email__startswith="demo.", stage__in=["assessment_booked", "interview_booked"]
    )
    assert booked.count() == 4  # two stages on each of the two adverts
    live = Booking.objects.filter(cancelled_at__isnull=True)
    assert sorted(live.values_list("application_id", flat=True)) == sorted(
        booked.values_list("pk", flat=True)
    )
    for booking in live.select_related("slot", "application"):
        assert booking.slot.vacancy_id == booking.application.vacancy_id
        assert booking.round == booking.application.stage.split("_")[0]
    assert Slot.objects.values("vacancy").distinct().count() == 2
    assert Slot.objects.count() == 8
    assert "Demo slots: 0 slot(s) and 0 booking(s) added" in capsys.readouterr().out
