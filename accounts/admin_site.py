"""The admin site every staff user works in: password, then a two-factor code.

``has_permission`` asks for a verified two-factor session (django-otp) on top of
Django's active-staff test, so every admin page, whichever app registered it,
is behind both factors. Signing in is three short steps on GOV.UK pages:

1. ``/admin/login/`` — username and password (django-axes counts failures, and
   accounts.lockout slows a username sprayed from many addresses);
2. ``/admin/sign-in/code/`` — a code from the authenticator app, or a recovery code;
   or, the first time, ``/admin/sign-in/set-up/`` — scan a QR code (or type the key);
3. ``/admin/sign-in/recovery-codes/`` — shown once after setting up.

``STAFF_TWO_FACTOR_REQUIRED`` switches step 2 off, and only with DEBUG on.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.http import urlencode

from .selectors import staff_scope_description, user_role


def two_factor_pending(request) -> bool:
    """Signed in with a password, not yet with a code."""
    user = request.user
    return (
        settings.STAFF_TWO_FACTOR_REQUIRED
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and not user.is_verified()
    )


class StaffAdminSite(admin.AdminSite):
    site_header = "TOEX Recruit administration"
    site_title = "TOEX Recruit admin"
    index_title = "Recruitment pipeline"
    index_template = "admin/staff_index.html"

    @property
    def login_form(self):
        # Imported late: this module loads while the admin app is being set up.
        from .forms import StaffAuthenticationForm

        return StaffAuthenticationForm

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not settings.STAFF_TWO_FACTOR_REQUIRED or request.user.is_verified()

    def login(self, request, extra_context=None):
        from .lockout import locked_out_page, record_failed_sign_in, seconds_to_wait

        if request.method == "GET" and two_factor_pending(request):
            next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
            query = f"?{urlencode({REDIRECT_FIELD_NAME: next_url})}" if next_url else ""
            return HttpResponseRedirect(reverse("admin:staff_two_factor") + query)

        username = request.POST.get("username", "")[:150] if request.method == "POST" else ""
        wait = seconds_to_wait(username)
        if wait:
            return locked_out_page(request, wait_seconds=wait, per_username=True)

        response = super().login(request, extra_context)
        # A redirect is a success; the form shown again is a failure.
        if request.method == "POST" and response.status_code == 200:
            record_failed_sign_in(username)
        return response

    def index(self, request, extra_context=None):
        context = {
            "staff_role": user_role(request.user),
            "staff_scope": staff_scope_description(request.user),
            **(extra_context or {}),
        }
        return super().index(request, context)

    def get_urls(self):
        from . import views

        return [
            path("sign-in/code/", views.two_factor_code, name="staff_two_factor"),
            path("sign-in/set-up/", views.two_factor_set_up, name="staff_two_factor_set_up"),
            path(
                "sign-in/recovery-codes/",
                views.recovery_codes,
                name="staff_recovery_codes",
            ),
            *super().get_urls(),
        ]
