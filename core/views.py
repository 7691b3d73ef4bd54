"""Service-wide pages: the start page, health check, footer pages and error pages."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import check_broker, check_database


@require_safe
def start(request):
    return render(request, "core/start.html")


@require_safe
def accessibility_statement(request):
    return render(request, "core/accessibility.html")


@require_safe
def privacy_notice(request):
    return render(request, "core/privacy.html")


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


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the GOV.UK 403 page (Django's own says too much about why)."""
    return render(request, "403.html", status=403)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors' database work here: the database may be why we failed.
    return render(request, "500.html", status=500)
