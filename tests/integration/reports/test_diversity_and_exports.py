"""The diversity report (who may see it, suppression) and the audited, formula-safe CSV exports."""

import csv
import io

import pytest
from django.test import override_settings
from django.utils import timezone

from accounts import roles
from accounts.models import Rocu
from applications import services
from reports.models import ReportExport
from tests.factories.accounts import national_hr, rocu_hr, rocu_lead, sifter, staff_user
from tests.factories.applications import (
    complete_application,
    make_candidate,
    move,
    open_vacancy,
    score,
    submitted_application,
)
from tests.support.staff import login_staff

pytestmark = pytest.mark.django_db

DIVERSITY = "/admin/reports/diversity/"
EXPORT = "/admin/reports/{}/export/"


def _with_answers(email, vacancy, **answers):
    application = complete_application(make_candidate(email), vacancy)
    services.application_equality_save(application=application, answers=answers)
    return services.application_submit(application=application, at=timezone.now())


def _cells(table, label):
    return next(row.cells for row in table.rows if row.label == label)


def test_nobody_who_scores_sees_the_equality_data(client, equality_reader):
    _with_answers("a@example.com", open_vacancy(), sex="female")
    # Every role that scores or sifts is refused, National HR included.
    for user in (national_hr(), rocu_hr("nersou"), rocu_lead("nersou"), sifter("nersou")):
        login_staff(client, user)
        assert client.get(DIVERSITY).status_code == 403
        assert client.get(EXPORT.format("diversity")).status_code == 403
        assert DIVERSITY not in client.get("/admin/reports/").content.decode()
    login_staff(client, equality_reader)
    assert client.get(DIVERSITY).status_code == 200
    # The equality permission given by mistake to someone who scores does not open it.
    from django.contrib.auth.models import Permission

    lead = rocu_lead("nersou")
    lead.user_permissions.add(Permission.objects.get(codename="view_diversity_report"))
    login_staff(client, lead)
    assert client.get(DIVERSITY).status_code == 403


def test_someone_who_has_scored_is_refused_even_with_the_role(client):
    hr = rocu_hr("nersou")
    vacancy = open_vacancy()
    application = move(submitted_application("s@example.com", vacancy=vacancy), "sift", hr)
    for stage in ("assessment_invited", "assessment_booked"):
        application = move(application, stage, hr)
    assessor = rocu_lead("nersou")
    score(application, assessor, "assessment")
    assessor.groups.set([roles_group(roles.EQUALITY_REPORTING)])
    assessor = type(assessor).objects.get(pk=assessor.pk)  # fresh permission cache
    login_staff(client, assessor)
    assert client.get(DIVERSITY).status_code == 403


def roles_group(name):
    from django.contrib.auth.models import Group

    return Group.objects.get(name=name)


def test_small_numbers_are_hidden_and_cannot_be_worked_out(client, equality_reader):
    vacancy = open_vacancy()
    for n in range(7):
        _with_answers(f"f{n}@example.com", vacancy, sex="female")
    for n in range(6):
        _with_answers(f"m{n}@example.com", vacancy, sex="male")
    _with_answers("p@example.com", vacancy, sex="prefer_not_to_say")
    # The factory's answers are "prefer not to say": 2 of those, 0 not answered.
    submitted_application("none@example.com", vacancy=vacancy)
    login_staff(client, equality_reader)
    response = client.get(DIVERSITY, {"question": "sex"})
    table = response.context["table"]
    submitted = 0  # the first milestone's column
    assert _cells(table, "Female")[submitted] == 7
    # 2 and 0 are under 5, and together still under 5 (15 - 7 - 6 would tell 2):
    # the next smallest, Male, is hidden with them.
    assert _cells(table, "Male")[submitted] is None
    assert _cells(table, "Prefer not to say")[submitted] is None
    assert _cells(table, "Not answered")[submitted] is None
    assert table.totals[submitted] == 15
    # Later milestones: nobody yet, so every count (and the total) is hidden.
    assert all(cell is None for row in table.rows for cell in row.cells[1:])
    page = response.content.decode()
    assert "hidden" in page and ">7<" in page

    with override_settings(REPORTS_SUPPRESSION_THRESHOLD=8):
        table = client.get(DIVERSITY, {"question": "sex"}).context["table"]
    # Every answer is now under 8; the total (15) is not.
    assert all(row.cells[submitted] is None for row in table.rows)
    assert table.totals[submitted] == 15


def test_the_diversity_report_is_scoped_to_the_readers_rocus(client, equality_reader):
    emsou = open_vacancy(rocu=Rocu.objects.get(slug="emsou"))
    for n in range(6):
        _with_answers(f"e{n}@example.com", emsou, sex="female")
    login_staff(client, equality_reader)
    table = client.get(DIVERSITY, {"question": "sex"}).context["table"]
    assert table.totals[0] is None  # none of nersou's: a 0 total is hidden
    assert client.get(DIVERSITY, {"rocu": "emsou"}).status_code == 404
    assert client.get(DIVERSITY, {"question": "shoe_size"}).status_code == 404


def test_an_export_needs_a_reason_and_is_audited(client):
    hr = rocu_hr("nersou")
    vacancy = open_vacancy(title='=HYPERLINK("http://evil.example")')
    submitted_application("x@example.com", vacancy=vacancy)
    login_staff(client, hr)
    url = EXPORT.format("funnel")
    form_page = client.get(url, {"advert": vacancy.reference})
    assert form_page.status_code == 200
    refused = client.post(f"{url}?advert={vacancy.reference}", {"reason": "  "})
    assert refused.status_code == 200
    assert "There is a problem" in refused.content.decode()
    assert "Enter why you are exporting this report" in refused.content.decode()
    assert not ReportExport.objects.exists()

    exported = client.post(f"{url}?advert={vacancy.reference}", {"reason": "Quarterly board"})
    assert exported.status_code == 200
    assert exported["Content-Type"].startswith("text/csv")
    assert "attachment" in exported["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    # The advert's title is neutralised: a spreadsheet shows it as text.
    assert '\'=HYPERLINK("http://evil.example")' in [cell for row in rows for cell in row]
    assert not any(cell.startswith("=") for row in rows for cell in row)
    assert ["Applications sent", "1"] in rows
    [audit] = ReportExport.objects.all()
    assert (audit.report, audit.by, audit.vacancy, audit.rocu.slug) == (
        "funnel",
        hr,
        vacancy,
        "nersou",
    )
    assert audit.reason == "Quarterly board" and audit.rows == len(rows)


def test_exports_are_scoped_and_refused_to_others(client, equality_reader):
    hr = rocu_hr("nersou")
    login_staff(client, hr)
    assert (
        client.post(EXPORT.format("funnel") + "?rocu=emsou", {"reason": "x" * 10}).status_code
        == 404
    )
    assert client.get(EXPORT.format("salaries")).status_code == 404
    assert not ReportExport.objects.exists()

    vacancy = open_vacancy()
    for n in range(5):
        _with_answers(f"d{n}@example.com", vacancy, sex="female")
    login_staff(client, equality_reader)
    exported = client.post(
        EXPORT.format("diversity") + "?question=sex", {"reason": "Annual review"}
    )
    text = exported.content.decode()
    # Female 5 is the whole column: shown, it would tell the others are 0.
    assert "Female,fewer than 5 or hidden" in text and "All applications,5," in text
    [audit] = ReportExport.objects.all()
    assert (audit.report, audit.question, audit.rocu) == ("diversity", "sex", None)


def test_national_hr_reads_the_export_audit(client):
    hr = rocu_hr("nersou")
    login_staff(client, hr)
    client.post(EXPORT.format("funnel"), {"reason": "For the board"})
    login_staff(client, national_hr())
    page = client.get("/admin/reports/reportexport/").content.decode()
    assert "For the board" in page
    login_staff(client, staff_user(roles.SIFTER, "nersou"))
    assert client.get("/admin/reports/reportexport/").status_code == 403
