"""Structured logs: one JSON object per line, each carrying the request's id.

``JsonFormatter`` writes time, level, logger, message and ``request_id`` (and the
exception, if any) as one line of JSON that a log aggregator parses without
rules. ``RequestIdFilter`` puts the id of the request being served on every
record (``-`` outside a request: beat, workers, start-up). The id is set when
Django starts a request (``start_request``, on ``request_started``), taking a
well-formed ``X-Request-ID`` from the proxy in front so one id follows a request
through both logs; ``RequestIdMiddleware`` answers with it.

What goes *in* a message is each caller's duty: ids and counts, never names,
addresses, residence or equality answers (docs/security.md). Pure Python but
for the middleware, so gunicorn can load the formatter and filter before Django.
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re
import uuid

_REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# What a proxy may hand us: letters, digits, - and _ (a UUID, an nginx $request_id).
_WELL_FORMED = re.compile(r"[A-Za-z0-9_-]{8,64}")


def current_request_id() -> str:
    return _REQUEST_ID.get()


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", _REQUEST_ID.get()),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def start_request(sender, environ=None, **kwargs) -> None:
    """``request_started``: before any middleware, so every line of the request has the id.

    Django logs an error response (``django.request``) after the middleware chain
    has returned, so the id lives from this signal to ``request_finished``.
    """
    offered = (environ or {}).get("HTTP_X_REQUEST_ID", "")
    _REQUEST_ID.set(offered if _WELL_FORMED.fullmatch(offered) else uuid.uuid4().hex)


def finish_request(sender, **kwargs) -> None:
    _REQUEST_ID.set("-")


class RequestIdMiddleware:
    """Answers with the request's id, so a user or a proxy can quote it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["X-Request-ID"] = _REQUEST_ID.get()
        return response
