"""Service-wide pages: the start page, health check, footer pages and error pages."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import check_broker, check_database


@require_GET
def start(request):
    return render(request, "core/start.html")


@require_GET
def accessibility_statement(request):
    return render(request, "core/accessibility.html")


@require_GET
def privacy_notice(request):
    return render(request, "core/privacy.html")


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


def permission_denied(request, exception):
    """A 403 that says what the person can do instead (the admin's refusals land here)."""
    from accounts.selectors import staff_scope_description, user_role
    from accounts.services import StaffChangeRefused

    user = request.user
    is_staff = user.is_authenticated and user.is_active and user.is_staff
    context = {
        # Our own refusals are written for the person; Django's bare 403 says nothing.
        "reason": str(exception) if isinstance(exception, StaffChangeRefused) else "",
        "is_staff": is_staff,
        "staff_role": user_role(user) if is_staff else None,
        "staff_scope": staff_scope_description(user) if is_staff else "",
    }
    return render(request, "403.html", context, status=403)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors' database work here: the database may be why we failed.
    return render(request, "500.html", status=500)
