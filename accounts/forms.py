"""Forms for staff sign-in and staff accounts.

The sign-in forms render as GOV.UK pages (core.forms.GovukForm); the staff
account form is the admin's, and asks accounts.services the same permission
question the service will, so a refusal is explained on the page.
"""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import SetPasswordForm
from django.core.validators import MaxLengthValidator

from core.forms import GovukForm, GovukFormMixin

from . import roles
from .models import Rocu, User
from .selectors import rocus_for_user, user_role
from .services import staff_change_refusal


class StaffAuthenticationForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": (
            "Enter the correct username and password for a staff account. Both are case-sensitive."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets only the widget's maxlength here; without a validator a longer
        # username reaches django-axes, whose 255-character column then fails (a 500).
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class TwoFactorCodeForm(GovukForm):
    code = forms.CharField(
        label="Code",
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        max_length=40,
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )

    def clean_code(self):
        # Apps show "123 456"; people paste with spaces.
        return "".join(self.cleaned_data["code"].split())

    def wrong_code(self):
        self.add_error(
            "code",
            "The code is not right. Enter the code your app shows now; each one works "
            "once and only for about 30 seconds",
        )


class TwoFactorSetUpForm(TwoFactorCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "Code from your authenticator app"
        self.fields["code"].help_text = "Enter the 6-digit code the app shows for TOEX Recruit."


class StaffSetPasswordForm(GovukFormMixin, SetPasswordForm):
    pass


class StaffUserForm(forms.ModelForm):
    """Add or change a staff account: details, one role, ROCUs. Never a password."""

    role = forms.ChoiceField(
        choices=[(role, role) for role in roles.STAFF_ROLES],
        help_text=(
            "National HR see and manage every ROCU. ROCU HR run the pipeline and manage "
            "staff accounts for their ROCUs. ROCU leads draft and publish their ROCUs' adverts "
            "and score applications. Sifters read applications blind and make the sift decision."
        ),
    )
    rocus = forms.ModelMultipleChoiceField(
        queryset=Rocu.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="ROCUs",
        help_text="The ROCUs whose adverts and applications this person works on. "
        "National HR see every ROCU whatever is ticked here.",
    )

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email", "role", "rocus", "is_active")

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by
        # Only the ROCUs this person may give: everything for National HR.
        self.fields["rocus"].queryset = rocus_for_user(by)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        self.fields["email"].help_text = "Their work email: the set-password link goes here."
        if self.instance.pk:
            self.fields["username"].disabled = True
            self.initial["role"] = user_role(self.instance)
        else:
            self.fields.pop("is_active", None)
            self.fields[
                "username"
            ].help_text = "For example firstname.lastname. Letters, digits and @ . + - _ only."
        if not self._may_grant_national_hr():
            self.fields["role"].choices = [
                (role, role)
                for role in roles.STAFF_ROLES
                if role not in (roles.NATIONAL_HR, roles.EQUALITY_REPORTING)
            ]

    def _may_grant_national_hr(self) -> bool:
        from .selectors import user_sees_all_rocus

        return user_sees_all_rocus(self.by)

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        clash = User.objects.filter(email__iexact=email)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("Another staff account already uses this email address")
        return email

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # The same question the service asks; asked here to explain it on the page.
        reason = staff_change_refusal(
            by=self.by,
            user=self.instance if self.instance.pk else None,
            role=cleaned.get("role"),
            rocus=cleaned.get("rocus") or [],
            is_active=cleaned.get("is_active", True),
        )
        if reason:
            raise forms.ValidationError(reason)
        return cleaned
