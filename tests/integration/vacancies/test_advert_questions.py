"""Competency questions on an advert: 2 to 4 or none, each with a CVF competency and a limit."""

import pytest
from django.db import IntegrityError, transaction
from django.forms import inlineformset_factory

from tests.factories.vacancies import VacancyFactory
from vacancies.admin import AdvertQuestionFormSet, AdvertQuestionInline
from vacancies.models import AdvertQuestion, Competency, Vacancy

pytestmark = pytest.mark.django_db

FormSet = inlineformset_factory(
    Vacancy,
    AdvertQuestion,
    formset=AdvertQuestionFormSet,
    fields=AdvertQuestionInline.fields,
    extra=0,
    max_num=4,
)


def _data(count):
    data = {
        "questions-TOTAL_FORMS": str(count),
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "4",
    }
    for index in range(count):
        data |= {
            f"questions-{index}-position": str(index + 1),
            f"questions-{index}-competency": Competency.COLLABORATE,
            f"questions-{index}-question": f"Question {index}",
            f"questions-{index}-word_limit": "250",
        }
    return data


@pytest.mark.parametrize(("count", "valid"), [(0, True), (1, False), (2, True), (4, True)])
def test_an_advert_has_two_to_four_questions_or_none(count, valid):
    formset = FormSet(_data(count), instance=VacancyFactory(), prefix="questions")
    assert formset.is_valid() is valid
    if not valid:
        assert "Set 2 to 4 competency questions, or none" in formset.non_form_errors()


def test_the_database_refuses_a_word_limit_out_of_range():
    vacancy = VacancyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AdvertQuestion.objects.create(
            vacancy=vacancy, competency=Competency.COLLABORATE, question="Q", word_limit=10
        )


def test_the_six_competencies_are_the_2024_framework():
    assert Competency.labels == [
        "We are emotionally aware",
        "We take ownership",
        "We collaborate",
        "We support and inspire",
        "We analyse critically",
        "We are innovative and open-minded",
    ]
