"""The HR guide's walk through the admin, in Chromium, with axe on the report pages.

Each step the guide (docs/hr-guide.md) shows is driven here and photographed
(tests/support/screenshots.py): signing in with two factors, the applications
list, an application and its moves, a bulk move, scoring, and the reports
(funnel with its charts, an export with its reason, the diversity report for
the Equality reporting role). ``make screenshots`` writes the pictures to
docs/images/; ``make test`` takes them into a temporary folder.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts import roles
from applications.models import Application
from reports.models import ReportExport
from tests.factories.accounts import rocu_hr, staff_user
from tests.factories.applications import move, open_vacancy, submitted_application
from tests.support.screenshots import VIEWPORT, screenshot_folder, take
from tests.support.staff import authenticator_for, sign_in_with_session_cookie, totp_code

pytestmark = pytest.mark.django_db(transaction=True)

LIST = "/admin/applications/application/"


@pytest.fixture
def shots(tmp_path):
    return screenshot_folder(tmp_path)


def test_the_hr_guide_walkthrough_and_the_report_pages(page, shots, assert_accessible):
    # Data first: the ORM cannot run inside Playwright's event loop.
    page.set_viewport_size(VIEWPORT)
    vacancy = open_vacancy(questions=2, title="Intelligence Researcher (Newcastle)")
    hr = rocu_hr("nersou", username="helen.hr", first_name="Helen", last_name="Armstrong")
    equality = staff_user(roles.EQUALITY_REPORTING, "nersou", username="erin.equality")
    applications = [
        submitted_application(f"candidate{n}@example.com", vacancy=vacancy) for n in range(6)
    ]
    for application in applications[:4]:
        move(application, "sift", hr)
    invited = move(applications[0], "assessment_invited", hr)
    booked = move(invited, "assessment_booked", hr)
    authenticator_for(hr)

    # 1. Signing in: password, then the code from the authenticator app.
    page.goto("/admin/login/?next=/admin/")
    take(page, shots, "01-sign-in")
    page.get_by_label("Username").fill(hr.username)
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("heading", name="Enter the code from your authenticator app")
    ).to_be_visible()
    take(page, shots, "02-two-factor-code")
    page.get_by_label("Code").fill(totp_code(hr))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Recruitment pipeline")).to_be_visible()
    take(page, shots, "03-admin-home")

    # 2. The applications list, with counts per stage and filters.
    page.goto(LIST)
    expect(page.get_by_text(applications[5].reference)).to_be_visible()
    take(page, shots, "04-applications-list")

    # 3. One application: its moves as buttons, then a confirmation page.
    page.goto(f"{LIST}{applications[5].pk}/change/")
    expect(page.get_by_role("link", name="Start sift")).to_be_visible()
    take(page, shots, "05-application-page")
    page.get_by_role("link", name="Start sift").click()
    take(page, shots, "06-move-confirmation")
    page.get_by_role("button", name="Start sift").click()
    expect(page.locator(".messagelist")).to_contain_text("moved to Sift")

    # 4. A bulk move: select, choose the move, confirm.
    page.goto(f"{LIST}?stage=sift")
    page.locator("#action-toggle").check()
    page.get_by_label("Action:").select_option(label="Move selected applications…")
    page.get_by_role("button", name="Go").click()
    page.get_by_label("Move to").select_option(value="assessment_invited")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("will move to")).to_be_visible()
    take(page, shots, "07-bulk-move-confirmation")
    page.get_by_role("button", name=re.compile(r"Invite to assessment \(\d+\)")).click()
    expect(page.locator(".messagelist")).to_contain_text("moved to Invited to assessment")

    # 5. Scoring the assessment.
    page.goto(f"{LIST}{booked.pk}/score/assessment/")
    for radio in page.locator("input[type=radio][value='4']").all():
        radio.check()
    take(page, shots, "08-scoring")

    # 6. Reports: the funnel with its charts and tables; axe on each page.
    page.goto("/admin/")
    page.get_by_role("link", name="Recruitment reports").click()
    expect(page.get_by_role("heading", name="Reports")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Selection funnel").click()
    expect(
        page.get_by_role("img", name=re.compile("Applications that reached each stage"))
    ).to_be_visible()
    expect(
        page.get_by_role("table", name=re.compile("Applications at each stage"))
    ).to_contain_text("Submitted")
    assert_accessible(page)
    take(page, shots, "09-report-funnel")
    page.locator("#id_advert").select_option(label=f"{vacancy.reference}: {vacancy.title}")
    page.get_by_role("button", name="Show report").click()
    expect(
        page.get_by_role("heading", name=re.compile(f"Summary for advert {vacancy.reference}"))
    ).to_be_visible()
    assert_accessible(page)

    # 7. Exporting asks why, refuses without a reason, then records it.
    page.get_by_role("link", name="Export this report as CSV").click()
    page.get_by_role("button", name="Export CSV").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter why you are exporting this report")
    assert_accessible(page)
    take(page, shots, "10-report-export-reason")
    page.get_by_label("Why are you exporting this report?").fill("Monthly ROCU board")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    assert download.value.suggested_filename.startswith("funnel-report-")
    assert ReportExport.objects.get().reason == "Monthly ROCU board"

    # 8. The diversity report: the Equality reporting role only (HR is refused).
    assert page.goto("/admin/reports/diversity/").status == 403
    # Signing in was step 1; this one hands the browser a verified session.
    sign_in_with_session_cookie(page, equality)
    page.goto("/admin/")
    page.get_by_role("link", name="Recruitment reports").click()
    page.get_by_role("link", name="Diversity of applicants by stage").click()
    expect(
        page.get_by_role("table", name=re.compile("applications reaching each milestone"))
    ).to_be_visible()
    assert_accessible(page)
    take(page, shots, "11-report-diversity")
    assert Application.objects.filter(vacancy=vacancy).count() == 6
