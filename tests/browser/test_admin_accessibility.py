"""Every admin page National HR uses passes axe (WCAG 2.2 AA) with zero violations.

For each registered model the changelist, the add page (where HR may add) and the
change page of a real row, plus the admin index and the custom pages (advert
preview, email previews, subscriber counts). The page fixture fails a test on any
CSP violation of the page's own; axe's injected styles are not counted
(tests/browser/conftest.py).
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories.accounts import national_hr
from tests.factories.vacancies import (
    ClosedVacancyFactory,
    PublishedVacancyFactory,
    VacancyFactory,
    VacancyLocationFactory,
)
from tests.integration.mailing_list.conftest import make_subscriber
from tests.support.staff import sign_in_with_session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


def _data():
    from notifications.models import Notification

    draft = VacancyFactory(title="Draft advert")
    for vacancy in (draft, PublishedVacancyFactory(), ClosedVacancyFactory()):
        VacancyLocationFactory(vacancy=vacancy)
    make_subscriber(rocu_slugs=("nersou",))
    Notification.objects.create(
        kind="mailing_list_confirm",
        to_email="sam.jones@example.com",
        idempotency_key="axe-test-1",
        context={"first_name": "Sam"},
    )
    return draft


def admin_pages(draft) -> list[str]:
    paths = ["/admin/"]
    for model, _model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        paths.append(reverse(f"{name}_changelist"))
        paths.append(reverse(f"{name}_add"))
        row = model._default_manager.order_by("pk").first()
        if row is not None:
            paths.append(reverse(f"{name}_change", args=[row.pk]))
    return [
        *paths,
        reverse("admin:vacancies_vacancy_preview", args=[draft.pk]),
        reverse("admin:notifications_notification_preview"),
        reverse("admin:mailing_list_subscriber_counts"),
        # The reports (the diversity report is not National HR's: its own browser test).
        reverse("reports:index"),
        reverse("reports:funnel"),
        reverse("reports:export", args=["funnel"]),
    ]


def test_every_admin_page_national_hr_uses_has_no_axe_violations(page):
    from tests.browser.conftest import axe_violations

    draft = _data()
    user = national_hr(username="national.hr.axe")
    paths = admin_pages(draft)

    sign_in_with_session_cookie(page, user)

    found, visited = {}, 0
    for path in paths:
        response = page.goto(path)
        if response.status in (403, 404):
            continue  # not a page HR can open (no add page for sent emails, say)
        assert response.status == 200, path
        visited += 1
        violations = axe_violations(page)
        if violations:
            found[path] = [(v["id"], len(v["nodes"]), v["nodes"]) for v in violations]
    assert visited >= 20
    assert found == {}
