"""Service-wide pages: the start page, health check, footer pages and error pages."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import check_broker, check_database
from .rendered_once import render_once


@require_GET
def start(request):
    return render_once(request, "core/start.html")


@require_GET
def accessibility_statement(request):
    return render_once(request, "core/accessibility.html")


@require_GET
def privacy_notice(request):
    return render_once(request, "core/privacy.html")


@require_GET
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


def page_not_found(request, exception):
    return render_once(request, "404.html", status=404)


def server_error(request):
    # No context processors' database work here: the database may be why we failed.
    return render(request, "500.html", status=500)
