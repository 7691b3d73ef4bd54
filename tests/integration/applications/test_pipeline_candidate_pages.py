"""The candidate follows the pipeline in Your applications, in plain words."""

import pytest

from tests.factories.accounts import rocu_hr
from tests.factories.applications import move, sign_in, submitted_application

pytestmark = pytest.mark.django_db


def test_the_candidate_sees_each_stage_and_what_happens_next_never_rejected(client):
    hr = rocu_hr("nersou")
    application = submitted_application()
    sign_in(client, application.candidate)
    overview = f"/your-applications/{application.pk}/"

    application = move(application, "sift", hr)
    body = client.get("/your-applications/").content.decode()
    assert "Being assessed" in body and "The recruitment team is reading" in body
    assert "Withdraw application" in client.get(overview).content.decode()

    application = move(application, "assessment_invited", hr)
    assert "Invited to an assessment" in client.get("/your-applications/").content.decode()

    application = move(application, "unsuccessful", hr, reasons=("did_not_attend",))
    body = client.get("/your-applications/").content.decode()
    assert "Unsuccessful" in body and "reject" not in body.lower()
    page = client.get(overview).content.decode()
    assert "Withdraw application" not in page
    assert client.get(f"{overview}withdraw/").status_code == 302
