"""The privacy notice states the retention schedule from the settings that apply it."""

import pytest


@pytest.mark.django_db
def test_the_notice_states_each_period_from_the_settings(client, settings):
    page = client.get("/privacy/").content.decode()
    assert "How long we keep it" in page
    assert "then 30 days" in page and "deleted 30 days after the advert closes" in page
    assert "6 months after the advert closes, then we remove everything" in page
    assert "kept for 2 years after the advert closes" in page
    assert "ask us to delete it" in page

    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "applications.ended": 365}
    assert "12 months after the advert closes, then" in client.get("/privacy/").content.decode()


@pytest.mark.django_db
def test_the_notice_says_the_self_check_answers_stay_in_the_browser(client, settings):
    page = client.get("/privacy/").content.decode()
    assert "stay in your browser, in an encrypted cookie only this service can read" in page
    assert "your browser deletes them when you see your result, or 2 hours after your" in page

    settings.ANONYMOUS_SESSION_IDLE_SECONDS = 3 * 60 * 60
    assert "or 3 hours after your last answer" in client.get("/privacy/").content.decode()
