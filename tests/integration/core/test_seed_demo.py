"""seed_demo: refuses without DEBUG; idempotent with it; no superusers; sign-in details last."""

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

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

    assert (
        User.objects.count() == first_counts == 8
    )  # two leads, two ROCU HR, National HR, a sifter, occupational health, equality reporting
    lead = User.objects.get(username="nersou.lead")
    assert list(lead.rocus.values_list("slug", flat=True)) == ["nersou"]
    assert lead.groups.get().name == "ROCU lead"
    assert lead.check_password("toex-demo-password")
    assert "toex-demo-password" in capsys.readouterr().out


@pytest.mark.django_db
def test_no_demo_user_is_a_superuser_and_each_has_an_authenticator(settings):
    settings.DEBUG = True
    User.objects.create(username="national.hr", is_staff=True, is_superuser=True)

    call_command("seed_demo")

    assert not User.objects.filter(is_superuser=True).exists()
    assert TOTPDevice.objects.filter(confirmed=True).count() == 8
    assert set(TOTPDevice.objects.values_list("user__username", flat=True)) == set(
        User.objects.values_list("username", flat=True)
    )


@pytest.mark.django_db
def test_seed_demo_prints_where_and_how_to_sign_in_last(settings, capsys):
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8001"

    call_command("seed_demo")
    lines = capsys.readouterr().out.rstrip().splitlines()

    start = lines.index("Sign in at http://127.0.0.1:8001/admin/")
    table = lines[start:]
    assert table[1].split() == ["username", "role", "sees"]
    assert any(line.split()[0] == "national.hr" and "every ROCU" in line for line in table)
    assert table[-2].strip() == "password (all): toex-demo-password"
    assert table[-1].strip() == "code (changes every 30 s): python manage.py demo_totp <username>"
    assert len(table) <= 12  # short: it must fit above the fold of a terminal
