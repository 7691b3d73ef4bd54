"""The staff admin for adverts, tested URL by URL for own and another ROCU.

Leads and ROCU HR see only their own ROCUs' adverts: every object URL for
another ROCU's advert is a 404 (not the admin's redirect), and actions posted
with another ROCU's ids do nothing to it. Bad input is a form error, never a 500.
"""

import datetime

import pytest
from django.utils import timezone

from tests.factories.vacancies import (
    ClosedVacancyFactory,
    PublishedVacancyFactory,
    VacancyFactory,
    VacancyLocationFactory,
)
from tests.support.staff import login_staff
from vacancies.models import AuditAction, Vacancy, VacancyStatus
from vacancies.services import EDITABLE_FIELDS
from vetting.models import VettingLevel

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/vacancies/vacancy/"
ADD = "/admin/vacancies/vacancy/add/"


def _url(vacancy, view=""):
    return f"/admin/vacancies/vacancy/{vacancy.pk}/{view + '/' if view else 'change/'}"


def _advert_form(vacancy=None, **overrides):
    """POST data for the add/change form, with both inlines' management forms."""
    closing = timezone.localtime(timezone.now() + datetime.timedelta(days=30))
    locations = list(vacancy.locations.all()) if vacancy else []
    audit_count = vacancy.audit_entries.count() if vacancy else 0
    data = {
        "rocu": vacancy.rocu_id if vacancy else "",
        "title": vacancy.title if vacancy else "Intelligence Researcher",
        "vetting_level": vacancy.vetting_level_id if vacancy else "",
        "closing_at_0": closing.strftime("%d/%m/%Y"),
        "closing_at_1": "23:59:00",
        "number_of_posts": "2",
        "salary_min": "28000",
        "salary_max": "32000",
        "working_pattern": "full_time",
        "contract_type": "permanent",
        "fixed_term_ends_on": "",
        "start_window_from": "2027-03-01",
        "start_window_to": "2027-04-01",
        "contact_email": "jobs@nersou.example",
        "summary": vacancy.summary if vacancy else "A summary",
        "description": vacancy.description if vacancy else "A description",
        "role_involves": vacancy.role_involves if vacancy else "Research",
        "selection_process": vacancy.selection_process if vacancy else "Interview",
        "focus_areas": vacancy.focus_areas if vacancy else ["county_lines"],
        "change_reason": "",
        "locations-TOTAL_FORMS": str(len(locations) + 1),
        "locations-INITIAL_FORMS": str(len(locations)),
        "locations-MIN_NUM_FORMS": "0",
        "locations-MAX_NUM_FORMS": "1000",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "4",
        "audit_entries-TOTAL_FORMS": str(audit_count),
        "audit_entries-INITIAL_FORMS": str(audit_count),
        "audit_entries-MIN_NUM_FORMS": "0",
        "audit_entries-MAX_NUM_FORMS": "1000",
    }
    if vacancy is not None:
        # The post's plain fields, as the advert holds them.
        first, last = "number_of_posts", "contact_email"
        post_fields = EDITABLE_FIELDS[
            EDITABLE_FIELDS.index(first) : EDITABLE_FIELDS.index(last) + 1
        ]
        for name in post_fields:
            value = getattr(vacancy, name)
            data[name] = "" if value is None else str(value)
        data["closing_at_0"] = timezone.localtime(vacancy.closing_at).strftime("%d/%m/%Y")
        data["closing_at_1"] = timezone.localtime(vacancy.closing_at).strftime("%H:%M:%S")
    for index, location in enumerate(locations):
        data[f"locations-{index}-id"] = location.pk
        data[f"locations-{index}-vacancy"] = vacancy.pk
        data[f"locations-{index}-town"] = location.town
        data[f"locations-{index}-postcode"] = location.postcode
    for index, entry in enumerate(vacancy.audit_entries.all() if vacancy else []):
        data[f"audit_entries-{index}-id"] = entry.pk
        data[f"audit_entries-{index}-vacancy"] = vacancy.pk
    data.update(overrides)
    return data


@pytest.fixture
def own(rocu):
    vacancy = VacancyFactory(rocu=rocu, reference="NERSOU-2026-0001")
    VacancyLocationFactory(vacancy=vacancy)
    return vacancy


@pytest.fixture
def others(other_rocu):
    vacancy = VacancyFactory(rocu=other_rocu, reference="EMSOU-2026-0001")
    VacancyLocationFactory(vacancy=vacancy, town="Nottingham")
    return vacancy


# --- scoping, URL by URL -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["lead", "hr"])
def test_changelist_shows_only_own_rocus_adverts(client, request, who, own, others):
    login_staff(client, request.getfixturevalue(who))
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [own]
    body = response.content.decode()
    assert own.reference in body
    assert others.reference not in body
    # The ROCU filter offers only the ROCUs in view, never the other ROCU.
    assert "EMSOU" not in body


def test_national_hr_sees_every_rocus_adverts(client, national, own, others):
    login_staff(client, national)
    response = client.get(CHANGELIST)
    assert set(response.context["cl"].result_list) == {own, others}


@pytest.mark.parametrize("view", ["", "history", "delete", "preview"])
@pytest.mark.parametrize("who", ["lead", "hr"])
def test_every_object_url_of_another_rocus_advert_is_not_found(client, request, who, view, others):
    login_staff(client, request.getfixturevalue(who))
    assert client.get(_url(others, view)).status_code == 404


def test_another_rocus_advert_cannot_be_changed_by_post(client, lead, others):
    login_staff(client, lead)
    response = client.post(_url(others), _advert_form(others, title="Taken over"))
    assert response.status_code == 404
    others.refresh_from_db()
    assert others.title != "Taken over"


@pytest.mark.parametrize("view", ["", "history", "preview"])
def test_own_rocus_object_urls_open_for_the_lead(client, lead, own, view):
    login_staff(client, lead)
    assert client.get(_url(own, view)).status_code == 200


def test_rocu_hr_views_own_adverts_read_only(client, hr, own):
    login_staff(client, hr)
    response = client.get(_url(own))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    response = client.post(_url(own), _advert_form(own, title="HR edit"))
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.title != "HR edit"
    assert client.get(ADD).status_code == 403


def test_only_national_hr_may_delete_and_only_a_draft(client, lead, national, own, rocu):
    login_staff(client, lead)
    assert client.get(_url(own, "delete")).status_code == 403
    login_staff(client, national)
    published = PublishedVacancyFactory(rocu=rocu)
    assert client.get(_url(published, "delete")).status_code == 403
    response = client.post(_url(own, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not Vacancy.objects.filter(pk=own.pk).exists()


def test_a_closed_advert_is_read_only(client, lead, rocu):
    closed = ClosedVacancyFactory(rocu=rocu)
    login_staff(client, lead)
    response = client.get(_url(closed))
    assert response.context["has_change_permission"] is False


def test_the_rocu_choice_lists_only_the_users_rocus(client, lead):
    login_staff(client, lead)
    response = client.get(ADD)
    choices = list(response.context["adminform"].form.fields["rocu"].queryset)
    assert [rocu.slug for rocu in choices] == ["nersou"]


def test_a_lead_cannot_add_an_advert_for_another_rocu(client, lead, other_rocu):
    login_staff(client, lead)
    response = client.post(ADD, _advert_form(rocu=other_rocu.pk))
    assert response.status_code == 200
    assert "Choose one of your ROCUs" in response.content.decode()
    assert not Vacancy.objects.exists()


# --- writing through the form ---------------------------------------------------------------


def test_a_lead_drafts_an_advert_with_a_location(client, lead, rocu):
    login_staff(client, lead)
    data = _advert_form(
        rocu=rocu.pk,
        vetting_level=VettingLevel.objects.get(code="DV").pk,
        **{"locations-0-town": "Durham", "locations-0-postcode": "DH1 1AA"},
    )
    response = client.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    vacancy = Vacancy.objects.get()
    assert vacancy.reference.startswith(f"NERSOU-{timezone.localdate().year}-")
    assert vacancy.status == VacancyStatus.DRAFT
    assert vacancy.vetting_level.code == "DV"
    # Entered as 23:59 UK time.
    assert timezone.localtime(vacancy.closing_at).strftime("%H:%M") == "23:59"
    assert [loc.town for loc in vacancy.locations.all()] == ["Durham"]
    assert vacancy.audit_entries.get().action == AuditAction.CREATED


def _form_errors(response):
    assert response.status_code == 200
    form = response.context["adminform"].form
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"closing_at_0": "01/01/2020"}, "closing_at", "The closing date must be in the future"),
        (
            {"salary_min": "40000", "salary_max": "30000"},
            "salary_max",
            "Maximum salary must be the same as or more than the minimum",
        ),
        ({"vetting_level": "999999"}, "vetting_level", "Choose a vetting level from the list"),
        ({"vetting_level": "DV"}, "vetting_level", "Choose a vetting level from the list"),
        ({"title": "x" * 10_000}, "title", "Job title must be 200 characters or fewer"),
        ({"title": ""}, "title", "Enter a job title"),
        ({"salary_min": "lots"}, "salary_min", "Minimum salary must be a whole number of pounds"),
        (
            {"contract_type": "fixed_term"},
            "fixed_term_ends_on",
            "Enter the date the fixed-term contract ends",
        ),
        ({"focus_areas": ["knitting"]}, "focus_areas", "Choose focus areas from the list"),
        ({"closing_at_0": "31/02/2027"}, "closing_at", "Enter a valid date."),
    ],
)
def test_bad_input_is_a_form_error_not_a_500(client, lead, rocu, overrides, field, message):
    login_staff(client, lead)
    response = client.post(ADD, _advert_form(rocu=rocu.pk, **overrides))
    assert message in _form_errors(response)[field]
    assert not Vacancy.objects.exists()


def test_script_in_the_description_is_stored_as_text_and_never_rendered_raw(client, lead, rocu):
    login_staff(client, lead)
    script = "<script>alert('x')</script>"
    response = client.post(
        ADD,
        _advert_form(
            rocu=rocu.pk,
            description=f"Hello {script}",
            **{"locations-0-town": "Durham"},
        ),
    )
    assert response.status_code == 302
    vacancy = Vacancy.objects.get()
    assert vacancy.description == f"Hello {script}"  # kept as the lead typed it
    preview = client.get(_url(vacancy, "preview")).content.decode()
    assert script not in preview
    assert "alert(" not in preview or "&lt;script&gt;" in preview


def test_changing_a_published_adverts_vetting_level_without_a_reason_is_a_form_error(
    client, lead, rocu
):
    vacancy = PublishedVacancyFactory(rocu=rocu)
    VacancyLocationFactory(vacancy=vacancy)
    login_staff(client, lead)
    dv = VettingLevel.objects.get(code="DV")

    response = client.post(_url(vacancy), _advert_form(vacancy, vetting_level=dv.pk))
    assert (
        "Give a reason for changing the vetting level or closing date"
        in (_form_errors(response)["change_reason"])
    )
    vacancy.refresh_from_db()
    assert vacancy.vetting_level.code == "MV"

    response = client.post(
        _url(vacancy),
        _advert_form(vacancy, vetting_level=dv.pk, change_reason="Needs DV access"),
    )
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.vetting_level == dv
    entry = vacancy.audit_entries.get(action=AuditAction.VETTING_LEVEL_CHANGED)
    assert (entry.reason, entry.by) == ("Needs DV access", lead)


def test_a_draft_is_edited_without_a_reason_and_locations_changes_are_recorded(client, lead, own):
    login_staff(client, lead)
    data = _advert_form(own, title="Renamed", **{"locations-1-town": "Sunderland"})
    response = client.post(_url(own), data)
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.title == "Renamed"
    assert own.locations.count() == 2
    assert list(own.audit_entries.values_list("new_value", flat=True)) == [
        "title",
        "locations",
    ]


# --- actions ---------------------------------------------------------------------------------


def _action(client, action, *vacancies):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [v.pk for v in vacancies]},
        follow=True,
    )


def test_publish_action_publishes_a_complete_draft(client, lead, own):
    login_staff(client, lead)
    response = _action(client, "publish_selected", own)
    own.refresh_from_db()
    assert own.status == VacancyStatus.PUBLISHED
    assert f"Published: {own.reference}" in response.content.decode()


def test_publish_action_says_what_is_missing(client, lead, rocu):
    incomplete = VacancyFactory(rocu=rocu, vetting_level=None, summary="")
    login_staff(client, lead)
    body = _action(client, "publish_selected", incomplete).content.decode()
    assert f"{incomplete.reference} could not be published" in body
    assert "Choose the vetting level the post needs" in body
    assert "Add at least one base location" in body
    assert "Enter a summary" in body
    incomplete.refresh_from_db()
    assert incomplete.status == VacancyStatus.DRAFT


def test_actions_on_another_rocus_advert_do_nothing(client, lead, others):
    login_staff(client, lead)
    for action in ("publish_selected", "duplicate_selected"):
        _action(client, action, others)
    others.refresh_from_db()
    assert others.status == VacancyStatus.DRAFT
    assert Vacancy.objects.count() == 1


def test_rocu_hr_has_no_publish_or_duplicate_action(client, hr, own):
    login_staff(client, hr)
    response = client.get(CHANGELIST)
    assert response.context["action_form"] is None  # no actions at all
    assert "Publish selected adverts" not in response.content.decode()
    _action(client, "publish_selected", own)
    own.refresh_from_db()
    assert own.status == VacancyStatus.DRAFT


def test_close_and_duplicate_actions(client, lead, own):
    login_staff(client, lead)
    _action(client, "publish_selected", own)
    # Closing early asks the reason first: the first post only shows the question.
    asked = _action(client, "close_selected", own).content.decode()
    assert "Why are you closing it early?" in asked
    own.refresh_from_db()
    assert own.status == VacancyStatus.PUBLISHED
    without_reason = client.post(
        CHANGELIST,
        {"action": "close_selected", "_selected_action": [own.pk], "confirm": "yes", "reason": ""},
    ).content.decode()
    assert "Give the reason for closing the advert early" in without_reason
    client.post(
        CHANGELIST,
        {
            "action": "close_selected",
            "_selected_action": [own.pk],
            "confirm": "yes",
            "reason": "All posts filled",
        },
    )
    own.refresh_from_db()
    assert own.status == VacancyStatus.CLOSED
    assert own.audit_entries.get(action=AuditAction.CLOSED).reason == "All posts filled"
    body = _action(client, "duplicate_selected", own).content.decode()
    copy = Vacancy.objects.exclude(pk=own.pk).get()
    assert copy.status == VacancyStatus.DRAFT
    assert f"New drafts created: {copy.reference}" in body


# --- preview -----------------------------------------------------------------------------------


def test_preview_renders_the_public_template_with_a_not_published_banner(client, lead, own):
    login_staff(client, lead)
    response = client.get(_url(own, "preview"))
    assert response.status_code == 200
    assert "vacancies/vacancy_detail.html" in [t.name for t in response.templates]
    assert response.context["is_preview"] is True
    assert response.context["vacancy"] == own
    body = response.content.decode()
    assert "Preview — not published" in body
    assert own.title in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_preview_needs_a_staff_sign_in(client, own):
    response = client.get(_url(own, "preview"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# --- constant queries ------------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 100])
def test_changelist_runs_a_constant_number_of_queries(
    client, national, rocu, count, django_assert_max_num_queries
):
    for _ in range(count):
        PublishedVacancyFactory(rocu=rocu)
    login_staff(client, national)
    with django_assert_max_num_queries(10):
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == min(count, 100)


def test_the_list_shows_closing_times_in_uk_time_as_uk_users_expect(client, lead, rocu):
    # 22:59 UTC in July is 11:59pm British Summer Time.
    VacancyFactory(
        rocu=rocu, closing_at=datetime.datetime(2027, 7, 14, 22, 59, tzinfo=datetime.UTC)
    )
    login_staff(client, lead)
    assert "11:59pm on 14 July 2027" in client.get(CHANGELIST).content.decode()


@pytest.mark.parametrize("entries", [2, 60])
def test_change_page_runs_a_constant_number_of_queries_whatever_the_history(
    client, lead, rocu, entries, django_assert_max_num_queries
):
    from vacancies.models import VacancyAuditEntry

    vacancy = PublishedVacancyFactory(rocu=rocu)
    VacancyLocationFactory.create_batch(3, vacancy=vacancy)
    VacancyAuditEntry.objects.bulk_create(
        VacancyAuditEntry(
            vacancy=vacancy, action=AuditAction.EDITED, by=lead, at=timezone.now(), new_value="x"
        )
        for _ in range(entries)
    )
    login_staff(client, lead)
    # 13 since adverts carry competency questions (one inline) and a second level.
    with django_assert_max_num_queries(13):
        response = client.get(_url(vacancy))
    assert response.status_code == 200
    assert response.content.decode().count(lead.username) >= entries


def test_the_form_and_its_layout_use_the_services_one_field_tuple():
    from django.contrib import admin

    from vacancies import services

    vacancy_admin = admin.site._registry[Vacancy]
    laid_out = [field for _, options in vacancy_admin.fieldsets for field in options["fields"]]
    assert vacancy_admin.form._meta.fields == ("rocu", *services.EDITABLE_FIELDS)
    # Every editable field appears once in the layout, so none is silently dropped.
    assert sorted(f for f in laid_out if f in services.EDITABLE_FIELDS) == sorted(
        services.EDITABLE_FIELDS
    )
