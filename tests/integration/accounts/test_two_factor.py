"""Staff two-factor sign-in: on by default, enrolment, codes, recovery codes, reset."""

import base64
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.checks import two_factor_required_unless_debug
from accounts.models import StaffAuditAction, StaffAuditEntry
from accounts.selectors import totp_code_for
from tests.factories.accounts import national_hr, rocu_hr, rocu_lead
from tests.support.staff import PASSWORD, authenticator_for, login_staff, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
CODE = "/admin/sign-in/code/"
SET_UP = "/admin/sign-in/set-up/"


def _password_step(client, user):
    return client.post(LOGIN, {"username": user.username, "password": PASSWORD})


def test_a_password_alone_does_not_open_the_admin(client):
    lead = rocu_lead("nersou")
    authenticator_for(lead)

    _password_step(client, lead)
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == f"{CODE}?next=%2Fadmin%2F"
    assert "Enter the code from your authenticator app" in response.content.decode()
    assert client.get("/admin/vacancies/vacancy/").status_code == 302


def test_the_right_code_opens_the_admin_and_a_wrong_one_is_explained(client):
    lead = rocu_lead("nersou")
    authenticator_for(lead)
    _password_step(client, lead)

    wrong = client.post(CODE, {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 200
    assert "The code is not right" in wrong.content.decode()
    assert 'class="govuk-error-summary' in wrong.content.decode()

    # Throttling (django-otp) makes the next try wait after a miss: lift it for the test.
    TOTPDevice.objects.filter(user=lead).update(throttling_failure_count=0)
    right = client.post(CODE, {"code": totp_code(lead), "next": "/admin/"})

    assert right.status_code == 302
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_an_empty_code_is_explained(client):
    lead = rocu_lead("nersou")
    authenticator_for(lead)
    _password_step(client, lead)

    response = client.post(CODE, {"code": ""})

    assert "Enter the code from your authenticator app" in response.content.decode()
    assert 'href="#id_code"' in response.content.decode()


def test_first_sign_in_enrols_an_authenticator_and_shows_recovery_codes_once(client):
    lead = rocu_lead("nersou")
    _password_step(client, lead)

    page = client.get("/admin/", follow=True)
    assert page.redirect_chain[-1][0].startswith(SET_UP)
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code
    device = TOTPDevice.objects.get(user=lead, confirmed=False)
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert " ".join(key[i : i + 4] for i in range(0, len(key), 4)) in html  # the key as text

    done = client.post(SET_UP, {"code": totp_code_for(device)[0], "next": "/admin/"}, follow=True)

    assert "Save your recovery codes" in done.content.decode()
    tokens = set(StaticToken.objects.filter(device__user=lead).values_list("token", flat=True))
    assert len(tokens) == 10
    assert all(token in done.content.decode() for token in tokens)
    assert TOTPDevice.objects.get(user=lead).confirmed
    assert client.get("/admin/").status_code == 200
    # Shown once: a second visit offers new codes instead.
    again = client.get("/admin/sign-in/recovery-codes/").content.decode()
    assert not any(token in again for token in tokens)
    assert StaffAuditEntry.objects.filter(
        subject=lead, action=StaffAuditAction.TWO_FACTOR_ENROLLED
    ).exists()


def test_a_recovery_code_signs_in_once_and_is_audited(client):
    lead = rocu_lead("nersou")
    login_staff(client, lead)
    client.post("/admin/sign-in/recovery-codes/")
    code = StaticToken.objects.filter(device__user=lead).first().token
    client.logout()

    _password_step(client, lead)
    assert client.post(CODE, {"code": code, "next": "/admin/"}).status_code == 302
    client.logout()
    _password_step(client, lead)
    StaticDevice.objects.filter(user=lead).update(throttling_failure_count=0)
    reused = client.post(CODE, {"code": code, "next": "/admin/"})

    assert reused.status_code == 200
    assert "The code is not right" in reused.content.decode()
    assert (
        StaffAuditEntry.objects.filter(
            subject=lead, action=StaffAuditAction.RECOVERY_CODE_USED
        ).count()
        == 1
    )


def test_next_may_not_send_someone_off_site(client):
    lead = rocu_lead("nersou")
    authenticator_for(lead)
    _password_step(client, lead)

    response = client.post(CODE, {"code": totp_code(lead), "next": "https://evil.example/"})

    assert response["Location"] == "/admin/"


def test_national_hr_resets_a_colleagues_two_factor_and_it_is_audited(client):
    hr = national_hr()
    lead = rocu_lead("nersou")
    authenticator_for(lead)
    login_staff(client, hr)

    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [lead.pk]},
        follow=True,
    )

    assert "Two-factor sign-in reset: 1." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=lead).exists()
    entry = StaffAuditEntry.objects.get(subject=lead, action=StaffAuditAction.TWO_FACTOR_RESET)
    assert entry.by == hr


def test_rocu_hr_cannot_reset_two_factor(client):
    hr = rocu_hr("nersou")
    lead = rocu_lead("nersou")
    authenticator_for(lead)
    login_staff(client, hr)

    page = client.get("/admin/accounts/user/").content.decode()
    client.post(
        "/admin/accounts/user/", {"action": "reset_two_factor", "_selected_action": [lead.pk]}
    )

    assert "reset_two_factor" not in page
    assert TOTPDevice.objects.filter(user=lead).exists()


def test_login_staff_gives_a_verified_session(client):
    login_staff(client, rocu_lead("nersou"))

    assert client.get("/admin/").status_code == 200


@override_settings(STAFF_TWO_FACTOR_REQUIRED=False, DEBUG=True)
def test_with_debug_on_two_factor_can_be_switched_off(client):
    lead = rocu_lead("nersou")
    _password_step(client, lead)

    assert client.get("/admin/").status_code == 200


def test_the_system_check_refuses_two_factor_off_without_debug(settings):
    settings.DEBUG = False
    settings.STAFF_TWO_FACTOR_REQUIRED = False
    assert [e.id for e in two_factor_required_unless_debug(None)] == ["accounts.E001"]

    settings.DEBUG = True
    assert two_factor_required_unless_debug(None) == []


def test_settings_refuse_to_load_with_two_factor_off_and_debug_off():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "toex_recruit.settings.test",
        "STAFF_TWO_FACTOR_REQUIRED": "false",
        "DEBUG": "false",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "STAFF_TWO_FACTOR_REQUIRED=false is only allowed with DEBUG=true" in result.stderr


def test_demo_totp_refuses_with_debug_off(settings):
    settings.DEBUG = False
    authenticator_for(rocu_lead("nersou", username="demo.lead"))

    with pytest.raises(CommandError, match="only runs with DEBUG=true"):
        call_command("demo_totp", "demo.lead")


def test_demo_totp_prints_a_code_the_device_accepts(settings, capsys):
    settings.DEBUG = True
    lead = rocu_lead("nersou", username="demo.lead")
    device = authenticator_for(lead)

    call_command("demo_totp", "demo.lead")
    code = capsys.readouterr().out.strip()

    assert code.isdigit() and len(code) == 6
    assert device.verify_token(code)
