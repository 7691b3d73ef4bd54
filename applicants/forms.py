"""The sign-in form: one question, the email address."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import GovukHandRenderedForm


class SignInForm(GovukHandRenderedForm):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Email address must be 254 characters or fewer"),
        },
    )
