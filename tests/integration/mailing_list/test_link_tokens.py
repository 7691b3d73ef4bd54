"""Hole 8: link tokens are opaque, expire, rotate on request, and never reach the logs.

On main a token was base64 JSON holding the sequential subscriber id, manage
and unsubscribe links never expired, and every request for one wrote the token
into access logs and ``django.request`` "Not Found" lines.
"""

import datetime
import io
import logging
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import signing
from django.db import connection
from django.utils import timezone

from mailing_list import emails
from mailing_list.models import Subscriber, SubscriberStatus
from mailing_list.tokens import Purpose
from tests.support.smtp_sink import free_port

from .conftest import make_subscriber, queued, token_path

pytestmark = pytest.mark.django_db

REPO_ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("purpose", list(Purpose))
def test_a_token_carries_no_subscriber_id(purpose):
    subscriber = make_subscriber()
    token = token_path(subscriber, purpose).split("/")[-2]

    first = token.split(":")[0]
    assert first == subscriber.token_key  # a random key, nothing else
    try:
        decoded = signing.b64_decode(first.encode())
    except Exception:  # noqa: BLE001 - not base64 at all is fine too
        decoded = b""
    assert b'"s"' not in decoded
    # No part of the token is the id in any of the encodings signing uses. (Not a
    # substring test: a random key holds the digit "9" about a third of the time.)
    pk = subscriber.pk
    id_forms = {str(pk), signing.b62_encode(pk), signing.b64_encode(str(pk).encode()).decode()}
    assert not id_forms & set(token.split(":"))


@pytest.mark.parametrize("purpose", [Purpose.MANAGE, Purpose.UNSUBSCRIBE, Purpose.KEEP])
def test_links_expire_and_offer_new_ones_that_replace_every_old_link(client, purpose):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=401)):
        subscriber = make_subscriber()
        old_path = token_path(subscriber, purpose)
        old_manage = token_path(subscriber, Purpose.MANAGE)

    expired = client.get(old_path)
    assert expired.status_code == 410
    assert "This link has expired" in expired.content.decode()

    sent = client.post(old_path, {"action": "new_links"})

    assert sent.status_code == 200
    assert "Check your email" in sent.content.decode()
    (row,) = queued(emails.NEW_LINKS)
    assert row.to_email == subscriber.email
    new_manage = row.context["manage_url"].removeprefix(settings.SITE_URL)
    assert client.get(new_manage).status_code == 200
    assert client.get(old_manage).status_code == 404  # rotated: every old link is revoked
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED  # asking for links changes nothing else


def test_a_link_just_inside_its_age_still_works(client):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=399)):
        subscriber = make_subscriber()
        path = token_path(subscriber, Purpose.MANAGE)

    assert client.get(path).status_code == 200


def test_the_manage_page_rotates_links_on_request_once_a_day(client):
    subscriber = make_subscriber()
    path = token_path(subscriber, Purpose.MANAGE)

    assert client.post(path, {"action": "new_links"}).status_code == 200
    rotated = Subscriber.objects.get(pk=subscriber.pk).token_key
    assert rotated != subscriber.token_key
    assert client.get(path).status_code == 404

    new_path = token_path(Subscriber.objects.get(pk=subscriber.pk), Purpose.MANAGE)
    client.post(new_path, {"action": "new_links"})  # again the same day

    assert Subscriber.objects.get(pk=subscriber.pk).token_key == rotated
    assert len(queued(emails.NEW_LINKS)) == 1


def test_not_found_lines_in_the_log_mask_the_token(client):
    subscriber = make_subscriber()
    path = token_path(subscriber, Purpose.MANAGE)
    token = path.split("/")[-2]
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    (handler,) = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    captured = io.StringIO()
    previous = handler.setStream(captured)
    try:
        assert client.get(tampered).status_code == 404
        logging.getLogger("django.request").warning("Referer was %s", path)
    finally:
        handler.setStream(previous)

    output = captured.getvalue()
    assert "/register-interest/manage/[token]/" in output
    assert token[:20] not in output and tampered.split("/")[-2][:20] not in output


def test_gunicorn_access_log_masks_the_token_in_path_and_referer(tmp_path):
    port = free_port()
    access_log = tmp_path / "access.log"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "toex_recruit.settings.test",
        "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "toex_recruit.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--no-control-socket",
            "--access-logfile",
            str(access_log),
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    secret = "c2VjcmV0LXRva2VuLXZhbHVl:1vABCD:" + "Q" * 43
    try:
        deadline = time.monotonic() + 30
        while True:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/register-interest/unsubscribe/{secret}/",
                headers={"Referer": f"https://x.example/register-interest/manage/{secret}/"},
            )
            try:
                urllib.request.urlopen(request, timeout=5)  # noqa: S310 - our own local server
            except urllib.error.HTTPError as error:
                assert error.code == 404
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        deadline = time.monotonic() + 10
        while "unsubscribe" not in (access_log.read_text() if access_log.exists() else ""):
            assert time.monotonic() < deadline, "no access log line"
            time.sleep(0.1)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)

    line = access_log.read_text()
    assert "/register-interest/unsubscribe/[token]/" in line
    assert "/register-interest/manage/[token]/" in line
    assert "c2VjcmV0" not in line
