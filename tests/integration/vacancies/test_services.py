"""The advert life cycle through vacancies.services: rules, refusals, audit trail, event."""

import datetime

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from tests.factories.vacancies import PublishedVacancyFactory, VacancyFactory
from vacancies import events, services
from vacancies.cache import current_version
from vacancies.models import (
    AdvertQuestion,
    AuditAction,
    Competency,
    Vacancy,
    VacancyAuditEntry,
    VacancyStatus,
)
from vacancies.services import VacancyActionRefused
from vetting.models import VettingLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_events():
    """Every vacancy_published sent, and when its receivers' on_commit work ran."""
    sent, after_commit = [], []

    def receiver(sender, vacancy, **kwargs):
        sent.append(vacancy.pk)
        transaction.on_commit(lambda: after_commit.append(vacancy.pk))

    events.vacancy_published.connect(receiver, dispatch_uid="test-receiver")
    yield sent, after_commit
    events.vacancy_published.disconnect(dispatch_uid="test-receiver")


def _fields(**overrides):
    return {
        "title": "Intelligence Researcher",
        "vetting_level": VettingLevel.objects.get(code="MV"),
        "closing_at": timezone.now() + datetime.timedelta(days=10),
        "summary": "Summary",
        "description": "Description",
        "role_involves": "Research",
        "selection_process": "Interview",
        "focus_areas": ["county_lines"],
        "salary_min": 28000,
        "salary_max": 31000,
        "start_window_from": datetime.date(2027, 3, 1),
        "start_window_to": datetime.date(2027, 4, 1),
        **overrides,
    }


# --- create and references -------------------------------------------------------


@time_machine.travel(datetime.datetime(2027, 1, 10, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_create_makes_a_draft_with_a_readable_reference_per_rocu_and_year(
    lead, national, rocu, other_rocu
):
    first = services.vacancy_create(by=lead, rocu=rocu, **_fields())
    second = services.vacancy_create(by=lead, rocu=rocu, **_fields())
    elsewhere = services.vacancy_create(by=national, rocu=other_rocu, **_fields())

    assert (first.reference, second.reference) == ("NERSOU-2027-0001", "NERSOU-2027-0002")
    assert elsewhere.reference == "EMSOU-2027-0001"
    assert first.status == VacancyStatus.DRAFT
    assert first.contact_email == rocu.contact_email  # the ROCU's, unless given
    entry = first.audit_entries.get()
    assert (entry.action, entry.by, entry.to_status) == (AuditAction.CREATED, lead, "draft")


def test_create_with_locations(lead, rocu):
    vacancy = services.vacancy_create(
        by=lead, rocu=rocu, locations=[{"town": " Durham ", "postcode": "dh1 1aa"}], **_fields()
    )
    assert [(loc.town, loc.postcode) for loc in vacancy.locations.all()] == [("Durham", "DH1 1AA")]


@pytest.mark.parametrize("who", ["hr", "other_lead"])
def test_only_a_lead_of_that_rocu_may_create_an_advert(request, who, rocu):
    with pytest.raises(VacancyActionRefused, match="cannot create adverts for NERSOU"):
        services.vacancy_create(by=request.getfixturevalue(who), rocu=rocu, **_fields())
    assert not Vacancy.objects.exists()


def test_create_refuses_invalid_fields_with_every_problem(lead, rocu):
    with pytest.raises(VacancyActionRefused) as refused:
        services.vacancy_create(
            by=lead, rocu=rocu, **_fields(title="x" * 10_000, salary_min=40000, salary_max=1)
        )
    assert len(refused.value.problems) == 2
    assert "Maximum salary must be the same as or more than the minimum" in refused.value.problems
    assert not Vacancy.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_references_stay_unique_when_created_concurrently(rocu):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from tests.factories.accounts import rocu_lead

    lead = rocu_lead("nersou")

    def create_five(_):
        try:
            return [
                services.vacancy_create(by=lead, rocu=rocu, **_fields()).reference for _ in range(5)
            ]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        references = [ref for batch in pool.map(create_five, range(6)) for ref in batch]

    assert len(references) == len(set(references)) == 30
    numbers = sorted(int(reference.rsplit("-", 1)[1]) for reference in references)
    assert numbers == list(range(1, 31))  # no gaps, no repeats


# --- publish -----------------------------------------------------------------------


def test_publish_lists_everything_missing_in_plain_english(lead, rocu):
    vacancy = VacancyFactory(
        rocu=rocu,
        vetting_level=None,
        closing_at=timezone.now() - datetime.timedelta(minutes=1),
        summary="",
        salary_min=None,
        salary_max=None,
        focus_areas=[],
        contact_email="",
    )
    with pytest.raises(VacancyActionRefused) as refused:
        services.vacancy_publish(vacancy=vacancy, by=lead)

    assert refused.value.problems == [
        "Choose the vetting level the post needs",
        "Change the closing date so that it is in the future",
        "Add at least one base location",
        "Enter the minimum and maximum salary",
        "Enter a summary",
        "Choose at least one focus area",
        "Enter a contact email address",
    ]
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.DRAFT
    assert not vacancy.audit_entries.exists()


def test_publish_records_who_and_when_and_sends_the_event_once_after_commit(
    lead, draft, published_events, django_capture_on_commit_callbacks
):
    sent, after_commit = published_events
    version_before = current_version()

    with django_capture_on_commit_callbacks(execute=True):
        services.vacancy_publish(vacancy=draft, by=lead)
        # Sent inside the transaction; receivers' follow-up work waits for commit.
        assert sent == [draft.pk]
        assert after_commit == []
        assert current_version() == version_before

    assert after_commit == [draft.pk]
    assert current_version() != version_before
    draft.refresh_from_db()
    assert draft.status == VacancyStatus.PUBLISHED
    assert draft.published_at is not None
    entry = draft.audit_entries.get()
    assert (entry.action, entry.by, entry.from_status, entry.to_status) == (
        AuditAction.PUBLISHED,
        lead,
        "draft",
        "published",
    )
    assert entry.at == draft.published_at


def test_a_second_publish_is_refused_and_sends_nothing(
    lead, draft, published_events, django_capture_on_commit_callbacks
):
    sent, _ = published_events
    services.vacancy_publish(vacancy=draft, by=lead)
    with pytest.raises(VacancyActionRefused, match="Only a draft can be published"):
        services.vacancy_publish(vacancy=draft, by=lead)
    assert sent == [draft.pk]
    assert draft.audit_entries.filter(action=AuditAction.PUBLISHED).count() == 1


def test_a_publish_that_rolls_back_runs_no_after_commit_work(lead, draft, published_events):
    sent, after_commit = published_events

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        services.vacancy_publish(vacancy=draft, by=lead)
        raise Abort

    draft.refresh_from_db()
    assert draft.status == VacancyStatus.DRAFT
    assert sent == [draft.pk]  # the receiver ran, but what it queued never did
    assert after_commit == []


@pytest.mark.parametrize("who", ["hr", "other_lead"])
def test_only_a_lead_of_that_rocu_may_publish(request, who, draft, published_events):
    with pytest.raises(VacancyActionRefused, match="cannot publish adverts for NERSOU"):
        services.vacancy_publish(vacancy=draft, by=request.getfixturevalue(who))
    draft.refresh_from_db()
    assert draft.status == VacancyStatus.DRAFT
    assert published_events[0] == []


def test_national_hr_may_publish_any_rocus_advert(national, draft):
    services.vacancy_publish(vacancy=draft, by=national)
    draft.refresh_from_db()
    assert draft.status == VacancyStatus.PUBLISHED


# --- edit ----------------------------------------------------------------------------


def test_a_draft_is_edited_without_a_reason_and_the_edit_is_recorded(lead, draft):
    services.vacancy_update(
        vacancy=draft,
        by=lead,
        title="Researcher",
        vetting_level=VettingLevel.objects.get(code="DV"),
    )
    draft.refresh_from_db()
    assert draft.title == "Researcher"
    entry = draft.audit_entries.get()
    assert (entry.action, entry.new_value) == (AuditAction.EDITED, "title, vetting_level")


def test_changing_a_published_adverts_vetting_level_needs_a_reason(lead, rocu):
    vacancy = PublishedVacancyFactory(rocu=rocu)
    dv = VettingLevel.objects.get(code="DV")

    with pytest.raises(VacancyActionRefused, match="Give a reason"):
        services.vacancy_update(vacancy=vacancy, by=lead, vetting_level=dv, reason="  ")
    vacancy.refresh_from_db()
    assert vacancy.vetting_level.code == "MV"

    services.vacancy_update(
        vacancy=vacancy, by=lead, vetting_level=dv, reason="Post works with DV material"
    )
    entry = vacancy.audit_entries.get(action=AuditAction.VETTING_LEVEL_CHANGED)
    assert (entry.old_value, entry.new_value, entry.reason, entry.by) == (
        "MV",
        "DV",
        "Post works with DV material",
        lead,
    )


@time_machine.travel(datetime.datetime(2027, 1, 10, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_changing_a_published_adverts_closing_date_records_old_and_new_uk_times(lead, rocu):
    vacancy = PublishedVacancyFactory(
        rocu=rocu, closing_at=datetime.datetime(2027, 2, 1, 23, 59, tzinfo=datetime.UTC)
    )
    services.vacancy_update(
        vacancy=vacancy,
        by=lead,
        closing_at=datetime.datetime(2027, 7, 1, 22, 59, tzinfo=datetime.UTC),
        reason="Extended: few applications",
    )
    entry = vacancy.audit_entries.get(action=AuditAction.CLOSING_DATE_CHANGED)
    assert entry.old_value == "2027-02-01T23:59+00:00"
    assert entry.new_value == "2027-07-01T23:59+01:00"  # British Summer Time


def test_a_published_adverts_closing_date_cannot_move_into_the_past(lead, rocu):
    vacancy = PublishedVacancyFactory(rocu=rocu)
    with pytest.raises(VacancyActionRefused, match="closing date must be in the future"):
        services.vacancy_update(
            vacancy=vacancy,
            by=lead,
            closing_at=timezone.now() - datetime.timedelta(hours=1),
            reason="Oops",
        )


def test_editing_a_published_advert_refreshes_the_public_pages_after_commit(
    lead, rocu, django_capture_on_commit_callbacks
):
    vacancy = PublishedVacancyFactory(rocu=rocu)
    before = current_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.vacancy_update(vacancy=vacancy, by=lead, summary="New summary")
    assert len(callbacks) == 1
    assert current_version() != before


@pytest.mark.parametrize("who", ["hr", "other_lead"])
def test_only_a_lead_of_that_rocu_may_edit(request, who, draft):
    with pytest.raises(VacancyActionRefused, match="cannot edit adverts for NERSOU"):
        services.vacancy_update(vacancy=draft, by=request.getfixturevalue(who), title="Mine")
    draft.refresh_from_db()
    assert draft.title != "Mine"


def test_a_closed_advert_cannot_be_edited(lead, rocu):
    vacancy = VacancyFactory(rocu=rocu, status=VacancyStatus.CLOSED)
    with pytest.raises(VacancyActionRefused, match="closed advert cannot be edited"):
        services.vacancy_update(vacancy=vacancy, by=lead, title="Reopened")


# --- close, archive, duplicate --------------------------------------------------------


def test_close_then_archive_records_each_step(lead, draft):
    services.vacancy_publish(vacancy=draft, by=lead)
    services.vacancy_close(vacancy=draft, by=lead, reason="Filled")
    services.vacancy_archive(vacancy=draft, by=lead)

    draft.refresh_from_db()
    assert draft.status == VacancyStatus.ARCHIVED
    assert draft.closed_at is not None
    steps = list(draft.audit_entries.values_list("action", "from_status", "to_status", "by"))
    assert steps == [
        ("published", "draft", "published", lead.pk),
        ("closed", "published", "closed", lead.pk),
        ("archived", "closed", "archived", lead.pk),
    ]


def test_out_of_order_steps_are_refused(lead, draft):
    with pytest.raises(VacancyActionRefused, match="Only a published advert can be closed"):
        services.vacancy_close(vacancy=draft, by=lead, reason="Filled")
    services.vacancy_publish(vacancy=draft, by=lead)
    with pytest.raises(VacancyActionRefused, match="Only a closed advert or a draft"):
        services.vacancy_archive(vacancy=draft, by=lead)


@pytest.mark.parametrize("service", [services.vacancy_close, services.vacancy_archive])
def test_rocu_hr_may_not_close_or_archive(hr, rocu, service):
    vacancy = PublishedVacancyFactory(rocu=rocu)
    with pytest.raises(VacancyActionRefused, match="You cannot"):
        service(vacancy=vacancy, by=hr)


def test_duplicate_makes_a_new_draft_with_content_locations_and_questions_but_no_closing_date(
    lead, draft
):
    for position, (competency, limit) in enumerate(
        [(Competency.ANALYSE_CRITICALLY, 300), (Competency.COLLABORATE, 250)], start=1
    ):
        AdvertQuestion.objects.create(
            vacancy=draft,
            position=position,
            competency=competency,
            question=f"Question {position}: tell us about a time you did this.",
            word_limit=limit,
        )
    services.vacancy_publish(vacancy=draft, by=lead)
    copy = services.vacancy_duplicate(vacancy=draft, by=lead)

    assert copy.pk != draft.pk
    assert copy.reference != draft.reference
    assert copy.status == VacancyStatus.DRAFT
    assert copy.closing_at is None
    assert copy.published_at is None
    assert (copy.title, copy.description, copy.focus_areas, copy.salary_max) == (
        draft.title,
        draft.description,
        draft.focus_areas,
        draft.salary_max,
    )
    assert [loc.town for loc in copy.locations.all()] == [loc.town for loc in draft.locations.all()]

    def questions(vacancy):
        return list(
            vacancy.questions.values_list("position", "competency", "question", "word_limit")
        )

    assert len(questions(copy)) == 2
    assert questions(copy) == questions(draft)
    assert not set(copy.questions.values_list("pk", flat=True)) & set(
        draft.questions.values_list("pk", flat=True)
    )
    entry = copy.audit_entries.get()
    assert entry.source_vacancy == draft
    assert entry.new_value == f"Copied from {draft.reference}"


def test_another_rocus_lead_cannot_duplicate(other_lead, draft):
    with pytest.raises(VacancyActionRefused):
        services.vacancy_duplicate(vacancy=draft, by=other_lead)
    assert Vacancy.objects.count() == 1


# --- the close task ----------------------------------------------------------------------


def test_the_close_task_closes_expired_adverts_once_and_is_idempotent(rocu):
    from vacancies.tasks import close_expired_vacancies

    expired = PublishedVacancyFactory.create_batch(
        3, rocu=rocu, closing_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    still_open = PublishedVacancyFactory(rocu=rocu)
    draft_past = VacancyFactory(rocu=rocu, closing_at=timezone.now() - datetime.timedelta(days=1))

    assert close_expired_vacancies.delay().get() == 3
    assert close_expired_vacancies.delay().get() == 0  # second run: nothing to do

    for vacancy in expired:
        vacancy.refresh_from_db()
        assert vacancy.status == VacancyStatus.CLOSED
        assert vacancy.closed_at is not None
        entry = vacancy.audit_entries.get()
        assert (entry.by, entry.action, entry.reason) == (
            None,
            AuditAction.CLOSED,
            services.AUTO_CLOSE_REASON,
        )
    still_open.refresh_from_db()
    draft_past.refresh_from_db()
    assert (still_open.status, draft_past.status) == ("published", "draft")
    assert VacancyAuditEntry.objects.count() == 3


def test_the_close_task_works_in_batches(rocu, monkeypatch):
    monkeypatch.setattr(services, "CLOSE_BATCH_SIZE", 2)
    PublishedVacancyFactory.create_batch(
        5, rocu=rocu, closing_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert services.vacancies_close_expired() == 5
    assert not Vacancy.objects.filter(status=VacancyStatus.PUBLISHED).exists()


def test_open_never_includes_an_expired_advert_even_before_the_task_runs(rocu):
    expired = PublishedVacancyFactory(
        rocu=rocu, closing_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    current = PublishedVacancyFactory(rocu=rocu)
    draft = VacancyFactory(rocu=rocu, closing_at=timezone.now() + datetime.timedelta(days=1))
    now = timezone.now()
    assert list(Vacancy.objects.open(now=now)) == [current]
    # The in-memory rule says the same of each row as the query does.
    assert [v.is_open(now=now) for v in (expired, current, draft)] == [False, True, False]


def test_a_new_draft_cannot_have_a_closing_date_in_the_past(lead, rocu):
    past = timezone.now() - datetime.timedelta(hours=1)
    with pytest.raises(VacancyActionRefused) as refused:
        services.vacancy_create(by=lead, rocu=rocu, **_fields(closing_at=past))
    assert refused.value.problems == ["The closing date must be in the future"]
    assert not Vacancy.objects.exists()


def test_a_refused_published_edit_lists_every_problem(lead, rocu):
    vacancy = PublishedVacancyFactory(rocu=rocu)
    with pytest.raises(VacancyActionRefused) as refused:
        services.vacancy_update(vacancy=vacancy, by=lead, vetting_level=None, closing_at=None)
    assert refused.value.problems == [
        "Give a reason for changing the vetting level or closing date",
        "A published advert must keep a vetting level",
        "A published advert must keep a closing date",
    ]


@pytest.mark.parametrize("step", ["publish", "close", "archive"])
def test_each_life_cycle_step_is_a_row_of_the_transition_table(step):
    transition = services.VACANCY_WORKFLOW[step]
    assert transition.target not in transition.sources
    assert transition.audit_action == AuditAction(transition.target.value)


@time_machine.travel(datetime.datetime(2027, 1, 10, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_a_reference_already_taken_by_an_imported_row_is_skipped(lead, rocu):
    VacancyFactory(rocu=rocu, reference="NERSOU-2027-0001")
    vacancy = services.vacancy_create(by=lead, rocu=rocu, **_fields())
    assert vacancy.reference == "NERSOU-2027-0002"


def test_a_blank_contact_email_on_create_becomes_the_rocus(lead, rocu):
    vacancy = services.vacancy_create(by=lead, rocu=rocu, **_fields(contact_email=""))
    assert vacancy.contact_email == rocu.contact_email


def test_a_fixed_term_that_ends_before_the_post_starts_cannot_be_published(lead, draft):
    from vacancies.models import ContractType

    draft.contract_type = ContractType.FIXED_TERM
    draft.fixed_term_ends_on = datetime.date(2025, 3, 31)  # the programme's original end
    draft.save()
    with pytest.raises(VacancyActionRefused) as refused:
        services.vacancy_publish(vacancy=draft, by=lead)
    assert refused.value.problems == [
        "Change the fixed-term end date so that it is after the post starts"
    ]
