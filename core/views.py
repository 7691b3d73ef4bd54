"""Service-wide pages: the start page, health check, footer pages, error pages,
security.txt and the CSP violation report endpoint."""

import datetime
import json
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from .health import check_broker, check_database
from .log_filters import mask_link_tokens
from .rendered_once import render_once
from .site import absolute_url

csp_logger = logging.getLogger("core.csp")
# A report is a few hundred bytes; anything much bigger is not one.
_CSP_REPORT_MAX_BYTES = 16 * 1024
# report-uri sends application/csp-report, the Reporting API application/reports+json.
_CSP_REPORT_TYPES = {"application/csp-report", "application/reports+json", "application/json"}


@require_safe
def start(request):
    return render_once(request, "core/start.html")


@require_safe
def accessibility_statement(request):
    return render_once(request, "core/accessibility.html")


@require_safe
def privacy_notice(request):
    # The retention schedule's periods, in the words the notice uses (docs/privacy.md).
    days = settings.RETENTION_DAYS
    return render_once(
        request,
        "core/privacy.html",
        {
            "draft_days": days["applications.drafts"],
            "ended_months": round(days["applications.ended"] / 30.44),
            "equality_months": round(days["applications.equality_monitoring"] / 30.44),
            "hired_years": round(days["applications.hired"] / 365),
            "unsubscribed_days": days["mailing_list.unsubscribed"],
            "outbox_days": days["notifications.addresses"],
            # The self-check's answers' cookie (vetting/self_check.py) lasts this long.
            "answers_hours": settings.ANONYMOUS_SESSION_IDLE_SECONDS // 3600,
        },
    )


@require_safe
@never_cache
def healthz(request):
    components = [check_database(), check_broker()]
    healthy = all(component.healthy for component in components)
    body = {
        "status": "ok" if healthy else "unavailable",
        **{c.name: {"ok": c.healthy, "detail": c.detail} for c in components},
    }
    return JsonResponse(body, status=200 if healthy else 503)


def bench_baseline(request):
    """The bare view `make bench` compares every page against (see bench/)."""
    return HttpResponse(b"hello", content_type="text/plain")


def bad_request(request, exception):
    # Never read request.POST or the body here: an undecodable body is often why we are here.
    return render(request, "400.html", status=400)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the GOV.UK 403 page in plain words (Django's own names the check)."""
    return render(
        request,
        "403.html",
        {
            "reason": gettext(
                "The page may have been open for too long, or your browser blocked a "
                "cookie we need. Go back, reload the page and try again."
            )
        },
        status=403,
    )


def page_not_found(request, exception):
    return render_once(request, "404.html", status=404)


def server_error(request):
    # No context processors' database work here: the database may be why we failed.
    return render(request, "500.html", status=500)


@require_safe
@cache_control(max_age=60 * 60 * 24)
def security_txt(request):
    """RFC 9116: where to report a vulnerability (SECURITY_CONTACT, SECURITY_POLICY_URL)."""
    expires = (timezone.now() + datetime.timedelta(days=180)).replace(microsecond=0)
    lines = [f"Contact: {settings.SECURITY_CONTACT}"]
    if settings.SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.SECURITY_POLICY_URL}")
    lines += [
        f"Expires: {expires.astimezone(datetime.UTC).isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: en",
        f"Canonical: {absolute_url(reverse('core:security_txt'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _where(uri) -> str:
    """Scheme and host of a URI, or the keyword a browser uses ("inline", "eval")."""
    if not isinstance(uri, str):
        return ""
    parts = urlsplit(uri[:500])
    if parts.scheme and parts.netloc:
        return f"{parts.scheme}://{parts.hostname or ''}"
    return uri[:20] if uri.isalpha() else parts.scheme


def _page(uri) -> str:
    """The path of the page only: no query string, and link tokens masked."""
    if not isinstance(uri, str):
        return ""
    return mask_link_tokens(urlsplit(uri[:500]).path)[:200]


def _reports(body: bytes) -> list[dict]:
    payload = json.loads(body)
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        return [payload["csp-report"]]  # report-uri (application/csp-report)
    if isinstance(payload, list):  # Reporting API (application/reports+json)
        return [
            {
                "document-uri": item.get("body", {}).get("documentURL"),
                "effective-directive": item.get("body", {}).get("effectiveDirective"),
                "blocked-uri": item.get("body", {}).get("blockedURL"),
            }
            for item in payload
            if isinstance(item, dict) and isinstance(item.get("body"), dict)
        ]
    raise ValueError("not a CSP report")


# Browsers post reports without a CSRF token; the endpoint only ever writes a log line.
@csrf_exempt
@require_POST
def csp_report(request):
    """Log a Content-Security-Policy violation: which directive, which origin was
    blocked, on which page (path only). Never the query string, a link token, the
    script sample or anything else a page might have held about a person."""
    if request.content_type not in _CSP_REPORT_TYPES:
        return HttpResponse(status=400)
    if int(request.META.get("CONTENT_LENGTH") or 0) > _CSP_REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    try:
        reports = _reports(request.body)
    except (ValueError, UnicodeDecodeError):
        return HttpResponse(status=400)
    for report in reports[:10]:
        directive = report.get("effective-directive") or report.get("violated-directive") or ""
        csp_logger.warning(
            "CSP violation: directive=%s blocked=%s page=%s",
            str(directive)[:60],
            _where(report.get("blocked-uri")),
            _page(report.get("document-uri")),
        )
    return HttpResponse(status=204)
