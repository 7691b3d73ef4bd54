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

    own = Application.objects.filter(candidate__email__in=[DRAFT_EMAIL, SUBMITTED_EMAIL])
    stages = dict(own.values_list("candidate__email", "stage"))
    assert stages == {DRAFT_EMAIL: "draft", SUBMITTED_EMAIL: "submitted"}
    assert own.values("vacancy").distinct().count() == 2
    submitted = own.get(stage="submitted")
    assert submitted.vacancy.questions.count() == 2 and submitted.answers.count() == 2
    out = capsys.readouterr().out
    assert DRAFT_EMAIL in out and "var/sent-mail/" in out


@pytest.mark.django_db
def test_seed_demo_fills_two_adverts_with_an_application_at_every_pipeline_stage(settings):
    from applications.demo_pipeline import DEMO_PATHS
    from applications.models import ScoreSheet

    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    pipeline = Application.objects.filter(candidate__email__startswith="demo.").exclude(
        candidate__email__in=[DRAFT_EMAIL, SUBMITTED_EMAIL]
    )
    for vacancy_id in pipeline.values_list("vacancy", flat=True).distinct():
        stages = sorted(pipeline.filter(vacancy=vacancy_id).values_list("stage", flat=True))
        assert stages == sorted(final for final, _, _ in DEMO_PATHS)
    assert pipeline.values("vacancy").distinct().count() == 2
    offer = pipeline.filter(stage="conditional_offer").first()
    assert ScoreSheet.objects.filter(application=offer, round="interview").count() == 2
    assert offer.assessment_score is not None
