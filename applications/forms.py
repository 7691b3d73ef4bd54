"""The application's question pages, with a GOV.UK error message for every case.

Built on the GOV.UK hand-rendered form base (core.forms) (error summary anchors, date inputs that
mark only the wrong part) and rendered by hand with the same includes. Every
text box strips invisible control characters (they would only corrupt a
printout) and has a length limit with its own message, so no input can reach
the database unchecked.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import Choice, GovukDateField, GovukHandRenderedForm

from .models import AddressLocation, EmploymentKind, RightToWork, YesNo
from .sections import word_count

# C0 controls and DEL, except tab and newline; also the Unicode line/paragraph
# separators that would break a CSV export or an email header.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_PHONE = re.compile(r"\+?[0-9 ()\-]{7,30}")
_UK_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}")


class PlainTextField(forms.CharField):
    """Text with control characters removed and Windows line ends made plain."""

    def to_python(self, value):
        if isinstance(value, str):
            value = _CONTROL_CHARACTERS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
        return super().to_python(value)


def text(*, required=True, max_length, required_message="", label="", **kwargs):
    return PlainTextField(
        required=required,
        max_length=max_length,
        label=label,
        error_messages={
            "required": required_message,
            "max_length": _("%(label)s must be %(limit_value)s characters or fewer")
            % {"label": label, "limit_value": f"{max_length:,}"},
        },
        **kwargs,
    )


def choices_field(choices, *, message):
    return forms.ChoiceField(
        choices=choices, error_messages={"required": message, "invalid_choice": message}
    )


class ApplicationForm(GovukHandRenderedForm):
    """Adds radio items for each choice field, for the radios include."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {
            name: [Choice(value=str(value), label=str(label)) for value, label in field.choices]
            for name, field in self.fields.items()
            if isinstance(field, forms.ChoiceField)
        }


YES_NO_CHOICES = YesNo.choices


class PersonalDetailsForm(ApplicationForm):
    full_name = text(
        max_length=200, label=_("Full name"), required_message=_("Enter your full name")
    )
    preferred_name = text(required=False, max_length=100, label=_("Preferred name"))
    phone = text(
        max_length=30, label=_("Phone number"), required_message=_("Enter your phone number")
    )
    address_location = choices_field(
        AddressLocation.choices, message=_("Select where you live now")
    )
    address_line_1 = text(required=False, max_length=200, label=_("Address line 1"))
    address_line_2 = text(required=False, max_length=200, label=_("Address line 2"))
    address_town = text(required=False, max_length=100, label=_("Town or city"))
    address_postcode = text(required=False, max_length=10, label=_("Postcode"))
    address_abroad = text(
        required=False,
        max_length=500,
        label=_("Address outside the UK"),
        widget=forms.Textarea,
    )
    right_to_work = choices_field(
        RightToWork.choices, message=_("Select whether you have the right to work in the UK")
    )
    visa_ends_on = GovukDateField(subject=_("the date your visa ends"), required=False)

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if not _PHONE.fullmatch(phone):
            raise forms.ValidationError(
                _("Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        location = cleaned.get("address_location")
        if location == AddressLocation.UK:
            if not cleaned.get("address_line_1"):
                self.add_error(
                    "address_line_1", _("Enter address line 1, typically the building and street")
                )
            if not cleaned.get("address_town"):
                self.add_error("address_town", _("Enter town or city"))
            postcode = (cleaned.get("address_postcode") or "").upper().strip()
            if not postcode:
                self.add_error("address_postcode", _("Enter postcode"))
            elif not _UK_POSTCODE.fullmatch(postcode):
                self.add_error("address_postcode", _("Enter a full UK postcode, like AA3 1AB"))
            else:
                cleaned["address_postcode"] = postcode
            cleaned["address_abroad"] = ""
        elif location == AddressLocation.ABROAD:
            if not cleaned.get("address_abroad"):
                self.add_error(
                    "address_abroad",
                    _("Enter your address outside the UK, or your BFPO number and unit"),
                )
            for name in ("address_line_1", "address_line_2", "address_town", "address_postcode"):
                cleaned[name] = ""
        if cleaned.get("right_to_work") == RightToWork.VISA and "visa_ends_on" not in self.errors:
            ends = cleaned.get("visa_ends_on")
            if ends is None:
                self.add_date_error("visa_ends_on", _("Enter the date your visa ends"))
            elif ends <= self.today:
                self.add_date_error(
                    "visa_ends_on", _("The date your visa ends must be in the future")
                )
        elif cleaned.get("right_to_work") != RightToWork.VISA:
            cleaned["visa_ends_on"] = None
        return cleaned


class ResidenceConfirmForm(ApplicationForm):
    all_added = choices_field(
        YES_NO_CHOICES, message=_("Select yes if you have added every place you have lived")
    )
    exemption_statement = text(
        required=False,
        max_length=5000,
        label=_("Why an exemption applies"),
        widget=forms.Textarea,
    )

    def __init__(self, *args, needs_statement: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_statement = needs_statement

    def clean(self):
        cleaned = super().clean()
        if (
            self.needs_statement
            and cleaned.get("all_added") == "yes"
            and not cleaned.get("exemption_statement")
            and "exemption_statement" not in self.errors
        ):
            self.add_error(
                "exemption_statement",
                _("Explain why an exemption applies, or change the places you lived"),
            )
        return cleaned


class EmploymentEntryForm(ApplicationForm):
    kind = choices_field(EmploymentKind.choices, message=_("Select what you were doing"))
    organisation = text(
        required=False, max_length=200, label=_("Employer, school, college or university")
    )
    role = text(required=False, max_length=200, label=_("Job title or course"))
    start = GovukDateField(subject=_("the start date"))
    end = GovukDateField(subject=_("the end date"), required=False)
    description = text(
        required=False,
        max_length=2000,
        label=_("What you did, or the reason for the break"),
        widget=forms.Textarea,
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind in (EmploymentKind.JOB, EmploymentKind.EDUCATION):
            if not cleaned.get("organisation"):
                self.add_error(
                    "organisation", _("Enter the employer, school, college or university")
                )
            if not cleaned.get("role"):
                self.add_error("role", _("Enter the job title or course"))
        elif kind == EmploymentKind.BREAK and not cleaned.get("description"):
            self.add_error("description", _("Enter the reason for the break"))
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and start > self.today:
            self.add_date_error("start", _("The start date must be today or in the past"))
        elif start and end and end < start:
            self.add_date_error(
                "end", _("The end date must be the same as or after the start date")
            )
        if end and end > self.today:
            self.add_date_error(
                "end",
                _("The end date must be today or in the past. Leave it blank if you still do this"),
            )
        return cleaned


class EmploymentConfirmForm(ApplicationForm):
    all_added = choices_field(
        YES_NO_CHOICES,
        message=_("Select yes if you have added everything you did in the last 3 years"),
    )


class RefereeForm(ApplicationForm):
    name = text(
        max_length=200, label=_("Full name"), required_message=_("Enter the referee’s full name")
    )
    email = forms.EmailField(
        max_length=254,
        label=_("Email address"),
        error_messages={
            "required": _("Enter the referee’s email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Email address must be 254 characters or fewer"),
        },
    )
    phone = text(required=False, max_length=30, label=_("Phone number (optional)"))
    organisation = text(
        max_length=200,
        label=_("Organisation"),
        required_message=_("Enter the organisation the referee works for"),
    )
    relationship = text(
        max_length=200,
        label=_("How do you know them?"),
        required_message=_("Enter how you know the referee"),
    )
    is_most_recent_employer = choices_field(
        YES_NO_CHOICES, message=_("Select yes if this referee is from your most recent employer")
    )

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if phone and not _PHONE.fullmatch(phone):
            raise forms.ValidationError(
                _("Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")
            )
        return phone


class RefereesConfirmForm(ApplicationForm):
    consent = forms.BooleanField(
        error_messages={
            "required": _("Confirm you understand that we only contact referees after an offer")
        }
    )

    def __init__(self, *args, referees, **kwargs):
        super().__init__(*args, **kwargs)
        self.referees = referees

    def clean(self):
        cleaned = super().clean()
        if len(self.referees) != 2:
            raise forms.ValidationError(_("Add 2 referees"))
        if not any(referee.is_most_recent_employer for referee in self.referees):
            raise forms.ValidationError(
                _("One of your referees must be from your most recent employer")
            )
        return cleaned


class QuestionsForm(ApplicationForm):
    """One text box per competency question, each with its word limit (checked here too)."""

    MAX_CHARACTERS = 10000

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {}
        for number, question in enumerate(questions, start=1):
            name = f"answer_{question.pk}"
            self.questions[name] = question
            self.fields[name] = text(
                max_length=self.MAX_CHARACTERS,
                label=_("Answer to question %(number)s") % {"number": number},
                required_message=_("Enter your answer to question %(number)s") % {"number": number},
                widget=forms.Textarea,
            )

    def clean(self):
        cleaned = super().clean()
        for name, question in self.questions.items():
            answer = cleaned.get(name)
            if answer and word_count(answer) > question.word_limit:
                over = word_count(answer) - question.word_limit
                self.add_error(
                    name,
                    _("Your answer must be %(limit)s words or fewer: it is %(over)s too many")
                    % {"limit": question.word_limit, "over": over},
                )
        return cleaned

    def answers(self) -> dict[int, str]:
        return {question.pk: self.cleaned_data[name] for name, question in self.questions.items()}


class AdjustmentsForm(ApplicationForm):
    adjustments_needed = choices_field(
        YES_NO_CHOICES,
        message=_("Select yes if you need adjustments for the assessment or interview"),
    )
    adjustments_detail = text(
        required=False,
        max_length=5000,
        label=_("The adjustments you need"),
        widget=forms.Textarea,
    )
    disability_confident = choices_field(
        YES_NO_CHOICES,
        message=_("Select yes if you want to apply under the Disability Confident scheme"),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("adjustments_needed") == "yes" and not cleaned.get("adjustments_detail"):
            if "adjustments_detail" not in self.errors:
                self.add_error("adjustments_detail", _("Enter the adjustments you need"))
        elif cleaned.get("adjustments_needed") == "no":
            cleaned["adjustments_detail"] = ""
        return cleaned


PREFER_NOT_TO_SAY = ("prefer_not_to_say", _("Prefer not to say"))

AGE_GROUPS = [
    ("16-24", "16 to 24"),
    ("25-34", "25 to 34"),
    ("35-44", "35 to 44"),
    ("45-54", "45 to 54"),
    ("55-64", "55 to 64"),
    ("65+", _("65 or over")),
    PREFER_NOT_TO_SAY,
]
SEX = [("female", _("Female")), ("male", _("Male")), PREFER_NOT_TO_SAY]
# The GSS harmonised ethnic group question (England), 19 categories.
ETHNICITY = [
    ("asian_indian", _("Asian or Asian British: Indian")),
    ("asian_pakistani", _("Asian or Asian British: Pakistani")),
    ("asian_bangladeshi", _("Asian or Asian British: Bangladeshi")),
    ("asian_chinese", _("Asian or Asian British: Chinese")),
    ("asian_other", _("Asian or Asian British: any other Asian background")),
    ("black_caribbean", _("Black, Black British, Caribbean or African: Caribbean")),
    ("black_african", _("Black, Black British, Caribbean or African: African")),
    (
        "black_other",
        _(
            "Black, Black British, Caribbean or African: "
            "any other Black, Black British, or Caribbean background"
        ),
    ),
    (
        "mixed_white_black_caribbean",
        _("Mixed or multiple ethnic groups: White and Black Caribbean"),
    ),
    ("mixed_white_black_african", _("Mixed or multiple ethnic groups: White and Black African")),
    ("mixed_white_asian", _("Mixed or multiple ethnic groups: White and Asian")),
    (
        "mixed_other",
        _("Mixed or multiple ethnic groups: any other Mixed or multiple ethnic background"),
    ),
    ("white_british", _("White: English, Welsh, Scottish, Northern Irish or British")),
    ("white_irish", _("White: Irish")),
    ("white_gypsy_traveller", _("White: Gypsy or Irish Traveller")),
    ("white_roma", _("White: Roma")),
    ("white_other", _("White: any other White background")),
    ("other_arab", _("Other ethnic group: Arab")),
    ("other_any", _("Other ethnic group: any other ethnic group")),
    PREFER_NOT_TO_SAY,
]
DISABILITY = [("yes", _("Yes")), ("no", _("No")), PREFER_NOT_TO_SAY]
SEXUAL_ORIENTATION = [
    ("straight", _("Straight or heterosexual")),
    ("gay_lesbian", _("Gay or lesbian")),
    ("bisexual", _("Bisexual")),
    ("other", _("Another sexual orientation")),
    PREFER_NOT_TO_SAY,
]
RELIGION = [
    ("none", _("No religion")),
    ("christian", _("Christian")),
    ("buddhist", _("Buddhist")),
    ("hindu", _("Hindu")),
    ("jewish", _("Jewish")),
    ("muslim", _("Muslim")),
    ("sikh", _("Sikh")),
    ("other", _("Any other religion")),
    PREFER_NOT_TO_SAY,
]
EQUALITY_QUESTIONS = {
    "age_group": (_("What is your age?"), AGE_GROUPS),
    "sex": (_("What is your sex?"), SEX),
    "ethnicity": (_("What is your ethnic group?"), ETHNICITY),
    "disability": (
        _(
            "Do you have any physical or mental health conditions or illnesses "
            "lasting or expected to last 12 months or more?"
        ),
        DISABILITY,
    ),
    "sexual_orientation": (
        _("Which of the following best describes your sexual orientation?"),
        SEXUAL_ORIENTATION,
    ),
    "religion": (_("What is your religion?"), RELIGION),
}


class EqualityForm(ApplicationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (question, options) in EQUALITY_QUESTIONS.items():
            self.fields[name] = choices_field(
                options, message=_("Select an answer, or select Prefer not to say")
            )
            self.fields[name].label = question
        self.items = {
            name: [Choice(value=str(value), label=str(label)) for value, label in field.choices]
            for name, field in self.fields.items()
        }

    @staticmethod
    def all_prefer_not_to_say() -> dict[str, str]:
        return dict.fromkeys(EQUALITY_QUESTIONS, PREFER_NOT_TO_SAY[0])


class DeclarationForm(ApplicationForm):
    declaration_true = forms.BooleanField(
        error_messages={
            "required": _("Confirm that the information you have given is true and complete")
        }
    )
    declaration_vetting_consent = forms.BooleanField(
        error_messages={
            "required": _("Confirm you agree to vetting checks if you are offered the job")
        }
    )


class WithdrawForm(ApplicationForm):
    reason = text(
        required=False,
        max_length=2000,
        label=_("Why are you withdrawing? (optional)"),
        widget=forms.Textarea,
    )
