"""Forms for signing up, managing preferences and unsubscribing (GOV.UK patterns)."""

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Region
from core.forms import GovukForm
from core.validators import validate_person_name
from notifications.addresses import is_valid_email_address

from .addresses import normalise_email
from .models import Frequency
from .selectors import rocus_for_choice

ANYWHERE = "anywhere"
CHOSEN = "chosen"


class RocuChoiceField(forms.ModelMultipleChoiceField):
    # One ROCU covers each region, so the region leads the label and the list is
    # in region order: people know where they live, not the units' names.
    def label_from_instance(self, obj):
        return f"{Region(obj.region).label} ({obj.short_name})"


class PreferencesForm(GovukForm):
    where = forms.ChoiceField(
        label=_("Where would you like to work?"),
        choices=[
            (ANYWHERE, _("Anywhere in England and Wales")),
            (CHOSEN, _("Only in the regions I choose below")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select where you would like to work")},
    )
    rocus = RocuChoiceField(
        label=_("Which regions?"),
        help_text=_("If you chose regions, select all that apply."),
        queryset=rocus_for_choice(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Select regions from the list")},
    )
    frequency = forms.ChoiceField(
        label=_("How often do you want emails?"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how often you want emails")},
    )

    layout_fields: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            *self.layout_fields,
            Field.radios("where", legend_size=Size.MEDIUM),
            Field.checkboxes("rocus", legend_size=Size.SMALL, small=True),
            Field.radios("frequency", legend_size=Size.MEDIUM),
        )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("where") == CHOSEN
            and not cleaned.get("rocus")
            and "rocus" not in self.errors
        ):
            self.add_error(
                "rocus", _("Select at least one region, or select anywhere in England and Wales")
            )
        return cleaned

    @property
    def wants_everywhere(self) -> bool:
        return self.cleaned_data["where"] == ANYWHERE

    @property
    def rocu_ids(self) -> list[int]:
        return [rocu.pk for rocu in self.cleaned_data.get("rocus") or []]


class RegisterInterestForm(PreferencesForm):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Email address must be 254 characters or fewer"),
        },
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        # Shown back in later emails: no links, markup or other text can ride in it.
        validators=[validate_person_name],
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your first name"),
            "max_length": _("First name must be 100 characters or fewer"),
        },
    )
    # Honeypot: hidden from people by CSS (app-honeypot), filled in by naive bots.
    # Rendered by hand in the template, outside the crispy layout.
    website = forms.CharField(label=_("Leave this blank"), required=False)

    layout_fields = (
        Field.text("email"),
        Field.text("first_name", field_width=20),
    )

    field_order = ["email", "first_name", "where", "rocus", "frequency", "website"]

    def clean_email(self):
        # The outbox's own test (GOV.UK Notify's rules), on the address as we will store it.
        email = normalise_email(self.cleaned_data["email"])
        if not is_valid_email_address(email):
            raise ValidationError(self.fields["email"].error_messages["invalid"], code="invalid")
        return email

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class UnsubscribeForm(GovukForm):
    reason = forms.CharField(
        label=_("Why are you unsubscribing? (optional)"),
        help_text=_("This helps us improve. Do not include personal information."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Reason must be 1000 characters or fewer")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("reason"))
