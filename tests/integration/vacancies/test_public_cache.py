"""The public pages' cache: changes show at once, and closing times are exact."""

import datetime
import time

import pytest
import time_machine
from django.utils import timezone, translation

from tests.integration.vacancies.public_fixtures import (  # noqa: F401 - fixtures
    fresh_public_cache,
    json_ld,
    open_vacancy,
)
from tests.support.redis_commands import redis_commands
from vacancies.cache import VERSION_KEY, current_version, lookup, public_pages_changed, store
from vacancies.models import Vacancy, VacancyStatus

pytestmark = pytest.mark.django_db


def test_pages_are_served_from_the_cache_until_a_change_is_announced(
    client, django_assert_num_queries
):
    first = open_vacancy(title="First advert")
    assert "First advert" in client.get("/vacancies/").content.decode()

    # A write that does not announce itself is not seen: the page is cached...
    Vacancy.objects.filter(pk=first.pk).update(title="Renamed quietly")
    with django_assert_num_queries(0):
        assert "First advert" in client.get("/vacancies/").content.decode()

    # ...and announcing it (what the staff services do after commit) shows it at once.
    public_pages_changed()
    body = client.get("/vacancies/").content.decode()
    assert "Renamed quietly" in body
    assert "First advert" not in body


def test_a_page_cached_in_one_language_is_not_served_in_another():
    open_vacancy(title="Bilingual advert")
    version, cached = lookup(kind="list", normalized_query="")
    assert cached is None
    store(version=version, kind="list", normalized_query="", body=b"English", valid_until=None)

    assert lookup(kind="list", normalized_query="") == (version, b"English")
    with translation.override("cy"):
        assert lookup(kind="list", normalized_query="") == (version, None)


def test_publish_edit_and_close_are_visible_at_once(client):
    vacancy = open_vacancy(title="Original title")
    draft = open_vacancy(title="Not yet published", status=VacancyStatus.DRAFT, published_at=None)
    client.get("/vacancies/")
    client.get(f"/vacancies/{vacancy.reference}/")

    # Publish.
    Vacancy.objects.filter(pk=draft.pk).update(
        status=VacancyStatus.PUBLISHED, published_at=timezone.now()
    )
    public_pages_changed()
    assert "Not yet published" in client.get("/vacancies/").content.decode()

    # Edit.
    Vacancy.objects.filter(pk=vacancy.pk).update(title="Edited title")
    public_pages_changed()
    assert "Edited title" in client.get("/vacancies/").content.decode()
    assert "Edited title" in client.get(f"/vacancies/{vacancy.reference}/").content.decode()

    # Close.
    Vacancy.objects.filter(pk=vacancy.pk).update(
        status=VacancyStatus.CLOSED, closed_at=timezone.now()
    )
    public_pages_changed()
    assert "Edited title" not in client.get("/vacancies/").content.decode()
    assert (
        "This vacancy has closed" in client.get(f"/vacancies/{vacancy.reference}/").content.decode()
    )


# 60: the process holds the version it read for the whole test (vacancies/cache.py),
# and the closing time still counts, to the microsecond.
@pytest.mark.parametrize("held_seconds", [0, 60])
def test_an_advert_leaves_the_list_at_its_closing_time_without_any_task(
    client, settings, held_seconds
):
    settings.VACANCIES_PUBLIC_VERSION_SECONDS = held_seconds
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=1)
    closing_first = start + datetime.timedelta(hours=1)
    early = open_vacancy(title="Closes first", closing_at=closing_first)
    late = open_vacancy(title="Closes later", closing_at=start + datetime.timedelta(hours=5))

    with time_machine.travel(start, tick=False) as clock:
        body = client.get("/vacancies/").content.decode()
        assert "Closes first" in body and "2 vacancies" in body
        detail = client.get(f"/vacancies/{early.reference}/")
        assert len(json_ld(detail)) == 1

        clock.move_to(closing_first - datetime.timedelta(microseconds=1))
        assert "Closes first" in client.get("/vacancies/").content.decode()

        clock.move_to(closing_first)
        body = client.get("/vacancies/").content.decode()
        assert "Closes first" not in body
        assert "Closes later" in body and "1 vacancy" in body
        detail = client.get(f"/vacancies/{early.reference}/")
        assert "This vacancy has closed" in detail.content.decode()
        assert json_ld(detail) == []
        # The other advert's page was not affected.
        assert len(json_ld(client.get(f"/vacancies/{late.reference}/"))) == 1


def test_an_advert_on_a_later_page_closing_still_updates_the_count_on_page_one(client):
    from tests.integration.vacancies.public_fixtures import bulk_open_vacancies

    start = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=1)
    with time_machine.travel(start, tick=False) as clock:
        bulk_open_vacancies(21)  # closing a day from now, a minute apart
        assert "21 vacancies" in client.get("/vacancies/?sort=newest").content.decode()

        clock.move_to(start + datetime.timedelta(days=1, seconds=1))
        assert "20 vacancies" in client.get("/vacancies/?sort=newest").content.decode()


def _raw_redis():
    import redis
    from django.conf import settings

    config = settings.CACHES["default"]
    return redis.Redis.from_url(config["LOCATION"]), f"{config['KEY_PREFIX']}:{VERSION_KEY}"


def test_a_process_holds_the_version_for_a_second_between_pages(
    client, settings, monkeypatch, django_assert_num_queries
):
    """Production holds the version VACANCIES_PUBLIC_VERSION_SECONDS between pages: no
    Redis round trip for pages within it, a change made in another process shows once
    it has passed, and a change announced in this process shows at once."""
    settings.VACANCIES_PUBLIC_VERSION_SECONDS = 0.5
    vacancy = open_vacancy(title="First advert")
    client.get("/vacancies/")  # the version read and held, the page stored

    commands = redis_commands(monkeypatch)
    with django_assert_num_queries(0):
        assert "First advert" in client.get("/vacancies/").content.decode()
    assert commands == []

    # Another process renames the advert and moves the version, as its bump does.
    Vacancy.objects.filter(pk=vacancy.pk).update(title="Renamed elsewhere")
    redis_client, version_key = _raw_redis()
    redis_client.incr(version_key)
    assert "First advert" in client.get("/vacancies/").content.decode()
    time.sleep(0.5)  # the hold itself is what is tested: let it pass
    assert "Renamed elsewhere" in client.get("/vacancies/").content.decode()
    assert commands.count("GET") == 2  # the version, then the page's body (a miss)

    # A change announced in this process shows at once.
    client.get("/vacancies/")
    Vacancy.objects.filter(pk=vacancy.pk).update(title="Renamed here")
    public_pages_changed()
    assert "Renamed here" in client.get("/vacancies/").content.decode()


def test_the_public_pages_are_served_from_the_database_while_redis_is_down(client, settings):
    vacancy = open_vacancy(title="Listed while Redis is down")
    client.get("/vacancies/")  # a cached copy exists, in Redis and in this process
    Vacancy.objects.filter(pk=vacancy.pk).update(title="Renamed while Redis is down")
    # Nothing listens on port 1: every command is refused, as when Redis is stopped.
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"}
    }

    for path in ("/vacancies/", f"/vacancies/{vacancy.reference}/", "/vacancies/feed/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Renamed while Redis is down" in response.content.decode(), path
    assert vacancy.reference in client.get("/sitemap.xml").content.decode()


def test_a_lost_version_key_never_serves_older_pages(client):
    open_vacancy(title="Before")
    client.get("/vacancies/")
    redis_client, version_key = _raw_redis()
    redis_client.delete(version_key)  # evicted, or Redis restarted without its data
    Vacancy.objects.update(title="After")

    assert "After" in client.get("/vacancies/").content.decode()


def test_changed_is_safe_to_call_with_no_version_yet():
    redis_client, version_key = _raw_redis()
    redis_client.delete(version_key)
    public_pages_changed()
    first = current_version()
    public_pages_changed()

    assert current_version() == first + 1


def test_the_embedded_default_cache_works_the_same_way(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "vacancies-public-test",
        }
    }
    vacancy = open_vacancy(title="Local memory")
    assert "Local memory" in client.get("/vacancies/").content.decode()
    Vacancy.objects.filter(pk=vacancy.pk).update(title="Changed")
    assert "Local memory" in client.get("/vacancies/").content.decode()

    public_pages_changed()

    assert "Changed" in client.get("/vacancies/").content.decode()
