"""seed_demo adds a draft and a submitted demo application, once, and says how to sign in."""

import pytest
from django.core.management import call_command

from applications.demo import DRAFT_EMAIL, SUBMITTED_EMAIL
from applications.models import Application


@pytest.mark.django_db
def test_seed_demo_adds_a_draft_and_a_submitted_application_once(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")

    stages = dict(Application.objects.values_list("candidate__email", "stage"))
    assert stages == {DRAFT_EMAIL: "draft", SUBMITTED_EMAIL: "submitted"}
    assert Application.objects.values("vacancy").distinct().count() == 2
    submitted = Application.objects.get(stage="submitted")
    assert submitted.vacancy.questions.count() == 2 and submitted.answers.count() == 2
    out = capsys.readouterr().out
    assert DRAFT_EMAIL in out and "var/sent-mail/" in out
