"""Staff sign-in steps after the password, setting a password from an invitation, and
the 403 page (handler403), which says what a staff user can do instead.

Thin: each view checks where the person is in signing in, validates a form and
calls accounts.services. The pages are GOV.UK pages (not the admin's look)
because they come before the admin opens.
"""

import base64

import segno
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services
from .admin_site import two_factor_pending
from .forms import StaffSetPasswordForm, TwoFactorCodeForm, TwoFactorSetUpForm
from .selectors import staff_scope_description, user_role
from .services import StaffChangeRefused

_RECOVERY_CODES_SESSION_KEY = "accounts_recovery_codes_to_show"


def _next_url(request) -> str:
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


def _with_next(url_name: str, request) -> str:
    return f"{reverse(url_name)}?{urlencode({REDIRECT_FIELD_NAME: _next_url(request)})}"


def _has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def two_factor_code(request):
    if not two_factor_pending(request):
        return redirect(_next_url(request) if request.user.is_authenticated else "admin:login")
    if not _has_authenticator(request.user):
        return redirect(_with_next("admin:staff_two_factor_set_up", request))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.staff_two_factor_verify(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.wrong_code()
    return render(
        request, "accounts/two_factor_code.html", {"form": form, "next": _next_url(request)}
    )


def _qr_code_data_uri(device: TOTPDevice) -> str:
    # An SVG data URI: no request for an image (img-src allows data:), no inline script.
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, border=4)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _key_for_typing(device: TOTPDevice) -> str:
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def two_factor_set_up(request):
    if not two_factor_pending(request):
        return redirect(_next_url(request) if request.user.is_authenticated else "admin:login")
    if _has_authenticator(request.user):
        return redirect(_with_next("admin:staff_two_factor", request))
    device = services.staff_totp_device_for_enrolment(user=request.user)
    form = TwoFactorSetUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = services.staff_totp_enrolment_confirm(
            user=request.user, device=device, code=form.cleaned_data["code"]
        )
        if confirmed is not None:
            device, codes = confirmed
            otp_login(request, device)
            request.session[_RECOVERY_CODES_SESSION_KEY] = codes
            return redirect(_with_next("admin:staff_recovery_codes", request))
        form.wrong_code()
    return render(
        request,
        "accounts/two_factor_set_up.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_code": _qr_code_data_uri(device),
            "key_for_typing": _key_for_typing(device),
            "issuer": settings.OTP_TOTP_ISSUER,
            "username": request.user.get_username(),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """Shows new recovery codes once; a signed-in person may replace theirs here."""
    if not (request.user.is_authenticated and request.user.is_staff):
        return redirect("admin:login")
    if two_factor_pending(request):
        return redirect(_with_next("admin:staff_two_factor", request))
    if request.method == "POST":
        request.session[_RECOVERY_CODES_SESSION_KEY] = services.staff_recovery_codes_replace(
            user=request.user
        )
        return redirect(_with_next("admin:staff_recovery_codes", request))
    codes = request.session.pop(_RECOVERY_CODES_SESSION_KEY, None)
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
    )


class StaffSetPasswordView(PasswordResetConfirmView):
    """The link in an invitation: choose a password. Expires; works once."""

    form_class = StaffSetPasswordForm
    token_generator = services.invitation_tokens
    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:set_password_done")
    reset_url_token = "set-password"  # noqa: S105  (a URL segment, not a secret)

    def form_valid(self, form):
        services.staff_password_set(user=form.user, password=form.cleaned_data["new_password1"])
        # What PasswordResetConfirmView.form_valid does after saving, minus the save.
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return redirect(self.get_success_url())


def set_password_done(request):
    return render(request, "accounts/set_password_done.html")


def permission_denied(request, exception):
    """A 403 that says what the person can do instead (the admin's refusals land here)."""
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
