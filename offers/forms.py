"""Forms: the candidate's (GOV.UK, hand-rendered) and staff's (admin) for the checks.

The forms check the shape of what was typed; the rules that need the record
(deadlines, stage, dates in order) are the services' and come back as errors.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.forms import YES_NO_CHOICES, ApplicationForm, choices_field, text

from . import rules
from .models import AppealOutcome, RightToWorkDocument, VettingStatus


class DeclineForm(ApplicationForm):
    reason = text(
        required=False,
        max_length=2000,
        label=_("Why are you declining? (optional)"),
        widget=forms.Textarea,
    )


# The occupational health questionnaire: (field, question, detail field, detail label).
QUESTIONS = (
    (
        "condition",
        _("Do you have a health condition that may affect how you do this job?"),
        "condition_detail",
        _("Tell us about the condition and how it affects you"),
    ),
    (
        "adjustments",
        _("Would you need any adjustments at work?"),
        "adjustments_detail",
        _("What adjustments would help you?"),
    ),
    (
        "absence",
        _("Have you had more than 10 working days off sick in the last 2 years?"),
        "absence_detail",
        _("Tell us why, if you are happy to"),
    ),
)


class MedicalQuestionnaireForm(ApplicationForm):
    condition = choices_field(YES_NO_CHOICES, message=_("Select yes or no"))
    condition_detail = text(required=False, max_length=3000, widget=forms.Textarea)
    adjustments = choices_field(YES_NO_CHOICES, message=_("Select yes or no"))
    adjustments_detail = text(required=False, max_length=3000, widget=forms.Textarea)
    absence = choices_field(YES_NO_CHOICES, message=_("Select yes or no"))
    absence_detail = text(required=False, max_length=3000, widget=forms.Textarea)

    def clean(self):
        cleaned = super().clean()
        for name, _question, detail, _label in QUESTIONS:
            if cleaned.get(name) == "yes" and not cleaned.get(detail) and detail not in self.errors:
                if name != "absence":  # sickness reasons are optional
                    self.add_error(detail, _("Enter the details"))
            elif cleaned.get(name) == "no":
                cleaned[detail] = ""
        return cleaned

    def answers(self) -> dict:
        return {name: self.cleaned_data.get(name, "") for name in self.fields}


# --- Staff forms -------------------------------------------------------------------------

_DATE_HELP = "For example, 2026-11-30"


def _date(label: str, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=_DATE_HELP,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a real date, for example 2026-11-30",
        },
    )


class MedicalDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("cleared", "Cleared"), ("not_cleared", "Not cleared")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose cleared or not cleared"},
    )
    note = forms.CharField(
        label="Note (occupational health only)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
    )


class RightToWorkForm(forms.Form):
    checked_on = _date("Date checked", required=True)
    document_type = forms.ChoiceField(
        label="Document checked",
        choices=RightToWorkDocument.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the document checked"},
    )
    expires_on = _date("Expiry date, if the right to work is time-limited")


class VettingCaseForm(forms.Form):
    status = forms.ChoiceField(
        label="Where the case is",
        choices=VettingStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the case is"},
    )
    forms_sent_on = _date("Date the forms were sent")
    submitted_on = _date("Date the candidate submitted the forms")
    decided_on = _date("Date the vetting unit decided")
    refusal_detail = forms.CharField(
        label="Reason for a refusal (vetting officers only; never sent to the candidate)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
    )
    appeal_lodged_on = _date("Date an appeal was lodged")
    appeal_decided_on = _date("Date the appeal was decided")
    appeal_outcome = forms.ChoiceField(
        label="Appeal outcome",
        choices=AppealOutcome.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def facts(self) -> rules.VettingFacts:
        data = self.cleaned_data
        return rules.VettingFacts(
            status=data["status"],
            forms_sent_on=data.get("forms_sent_on"),
            submitted_on=data.get("submitted_on"),
            decided_on=data.get("decided_on"),
            refusal_detail=data.get("refusal_detail", ""),
            appeal_lodged_on=data.get("appeal_lodged_on"),
            appeal_decided_on=data.get("appeal_decided_on"),
            appeal_outcome=data.get("appeal_outcome", ""),
        )
