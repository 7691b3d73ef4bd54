"""seed_demo: refuses without DEBUG; idempotent with it."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only runs with DEBUG=true"):
        call_command("seed_demo")

    assert not User.objects.exists()


@pytest.mark.django_db
def test_seed_demo_twice_creates_each_demo_user_once(settings, capsys):
    settings.DEBUG = True

    call_command("seed_demo")
    first_counts = User.objects.count()
    call_command("seed_demo")

    assert User.objects.count() == first_counts == 5
    lead = User.objects.get(username="nersou.lead")
    assert list(lead.rocus.values_list("slug", flat=True)) == ["nersou"]
    assert lead.groups.get().name == "ROCU lead"
    assert lead.check_password("toex-demo-password")
    assert "toex-demo-password" in capsys.readouterr().out
