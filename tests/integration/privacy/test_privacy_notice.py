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
