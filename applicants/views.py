"""Candidate sign-in and sign-out: an emailed single-use link, no password.

The sign-in form answers with the same "check your email" page whatever is
typed, so it never tells anyone whether an address has applied. Opening the
emailed link shows a button; pressing it signs in. (Mail scanners open links,
people press buttons: a GET never uses up the link.)
"""

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.ratelimits import over_email_form_limits

from . import services, session
from .forms import SignInForm

AFTER_SIGN_IN = "/your-applications/"


def _over_rate_limit(request, typed: str) -> bool:
    return over_email_form_limits(
        request,
        group="applicants.sign_in",
        per_ip=settings.APPLICANTS_SIGN_IN_RATE_PER_IP,
        per_address=settings.APPLICANTS_SIGN_IN_RATE_PER_ADDRESS,
        address_key=services.email_key(typed),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request):
    next_path = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST":
        form = SignInForm(request.POST)
        if _over_rate_limit(request, request.POST.get("email", "").strip()):
            return render(request, "applicants/rate_limited.html", status=429)
        if form.is_valid():
            services.sign_in_link_request(email=form.cleaned_data["email"], next_path=next_path)
            return redirect("applicants:check_email")
    else:
        form = SignInForm()
    return render(request, "applicants/sign_in.html", {"form": form, "next": next_path})


@require_GET
def check_email(request):
    return render(request, "applicants/check_email.html")


@never_cache
@require_http_methods(["GET", "POST"])
def use_link(request, secret):
    try:
        services.sign_in_link_check(secret=secret)
        if request.method == "POST":
            candidate, next_path = services.sign_in_link_use(secret=secret)
            session.sign_in(request, candidate)
            return redirect(next_path or AFTER_SIGN_IN)
    except services.SignInLinkExpired:
        return render(request, "applicants/link_expired.html", status=410)
    except services.SignInLinkInvalid:
        return render(request, "applicants/link_invalid.html", status=404)
    return render(request, "applicants/use_link.html")


@require_POST
def sign_out(request):
    session.sign_out(request)
    return render(request, "applicants/signed_out.html")
