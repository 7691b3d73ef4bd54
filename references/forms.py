"""The referee's form, "I cannot give a reference", the candidate's new referee, HR's mark.

Built on the application forms' parts (applications.forms: plain text with
control characters removed, a length limit and a GOV.UK message for each
case), rendered by hand with the same includes.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.forms import ApplicationForm, RefereeForm, choices_field, text
from core.forms import GovukDateField

from .models import Answer, Capacity, Reemploy

# The referee sees these words, so they are translated (the model's labels are staff words).
CAPACITY_CHOICES = [
    (Capacity.EMPLOYER, _("I am or was their employer or line manager")),
    (Capacity.COLLEAGUE, _("I am or was their colleague")),
    (Capacity.ACADEMIC, _("I am or was their teacher, tutor or lecturer")),
    (Capacity.PERSONAL, _("I know them personally (a character reference)")),
]
YES_NO = [(Answer.YES, _("Yes")), (Answer.NO, _("No"))]
REEMPLOY_CHOICES = [
    (Reemploy.YES, _("Yes")),
    (Reemploy.NO, _("No")),
    (Reemploy.NOT_APPLICABLE, _("Not applicable: I have not employed them")),
]


class ReferenceForm(ApplicationForm):
    referee_position = text(
        max_length=200,
        label=_("Your job title"),
        required_message=_("Enter your job title"),
    )
    capacity = choices_field(CAPACITY_CHOICES, message=_("Select how you know the candidate"))
    known_from = GovukDateField(subject=_("the date you first knew them"))
    known_to = GovukDateField(subject=_("the date you stopped working with them"), required=False)
    candidate_role = text(
        required=False, max_length=200, label=_("Their job title or role (optional)")
    )
    disciplinary = choices_field(
        YES_NO,
        message=_("Select yes if they have been subject to any disciplinary action"),
    )
    disciplinary_detail = text(
        required=False, max_length=2000, label=_("Give details"), widget=forms.Textarea
    )
    integrity_concerns = choices_field(
        YES_NO,
        message=_("Select yes if you have any concerns about their honesty or integrity"),
    )
    integrity_detail = text(
        required=False, max_length=2000, label=_("Give details"), widget=forms.Textarea
    )
    would_reemploy = choices_field(
        REEMPLOY_CHOICES, message=_("Select whether you would employ them again")
    )
    comments = text(
        required=False,
        max_length=3000,
        label=_("Is there anything else we should know? (optional)"),
        widget=forms.Textarea,
    )
    accurate = forms.BooleanField(
        error_messages={
            "required": _("Confirm that the information you have given is accurate"),
        },
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        known_from, known_to = cleaned.get("known_from"), cleaned.get("known_to")
        if known_from and known_from > self.today:
            self.add_date_error("known_from", _("The date you first knew them must be in the past"))
        if known_to and known_to > self.today:
            self.add_date_error(
                "known_to", _("The date you stopped working with them must be in the past")
            )
        elif known_from and known_to and known_to < known_from:
            self.add_date_error(
                "known_to",
                _(
                    "The date you stopped working with them must be after the date you first "
                    "knew them"
                ),
            )
        for answer, detail in (
            ("disciplinary", "disciplinary_detail"),
            ("integrity_concerns", "integrity_detail"),
        ):
            if cleaned.get(answer) == Answer.YES and not cleaned.get(detail, "").strip():
                self.add_error(detail, _("Give details"))
        return cleaned

    def answers(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "accurate"}


class CannotGiveForm(ApplicationForm):
    reason = text(
        required=False,
        max_length=2000,
        label=_("Why can you not give a reference? (optional)"),
        widget=forms.Textarea,
    )


class NewRefereeForm(RefereeForm):
    """The candidate's form for a referee, without "most recent employer" (already settled)
    or a phone number (we only email referees)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["is_most_recent_employer"], self.fields["phone"]
        self.items.pop("is_most_recent_employer", None)


class AssessForm(forms.Form):
    """HR's mark (staff words: the admin is in English)."""

    outcome = forms.ChoiceField(
        choices=[("satisfactory", "Satisfactory"), ("not_satisfactory", "Not satisfactory")],
        widget=forms.RadioSelect,
        label="Is the reference satisfactory?",
        error_messages={"required": "Choose satisfactory or not satisfactory"},
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Note (needed when not satisfactory)",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == "not_satisfactory" and not cleaned.get("note", "").strip():
            self.add_error("note", "Say why the reference is not satisfactory")
        return cleaned
