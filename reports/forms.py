"""The reports' forms: which ROCU, advert and question a report is for, and an export's reason."""

from django import forms

from .selectors import equality_questions, report_rocus, report_vacancies


class ReportScopeForm(forms.Form):
    """Read from the query string; choices are only what the user may see."""

    rocu = forms.ModelChoiceField(
        queryset=None, required=False, to_field_name="slug", label="ROCU", empty_label="All"
    )
    advert = forms.ModelChoiceField(
        queryset=None, required=False, to_field_name="reference", label="Advert", empty_label="All"
    )

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["rocu"].queryset = report_rocus(user)
        self.fields["advert"].queryset = report_vacancies(user)
        self.fields["rocu"].empty_label = "All your ROCUs"
        self.fields["advert"].empty_label = "All adverts"
        self.fields["advert"].label_from_instance = lambda vacancy: (
            f"{vacancy.reference}: {vacancy.title}"
        )


class DiversityScopeForm(ReportScopeForm):
    question = forms.ChoiceField(choices=(), required=False, label="Question")

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, user=user, **kwargs)
        self.fields["question"].choices = equality_questions()

    def clean_question(self):
        return self.cleaned_data["question"] or equality_questions()[0][0]


class ExportReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why are you exporting this report?",
        help_text="Recorded with your name and the time, and seen by National HR.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why you are exporting this report",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 5:
            raise forms.ValidationError("Enter why you are exporting this report, in a few words")
        return reason
