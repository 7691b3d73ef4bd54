"""Forms of the subject access pages (staff-only, in the admin)."""

from django import forms


class SubjectForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The address the person applied or signed up with.",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


class ExportForm(SubjectForm):
    email = forms.EmailField(widget=forms.HiddenInput, max_length=254)
    reason = forms.CharField(
        label="Why is this being exported?",
        help_text="For example: subject access request received on 3 December 2026, ref SAR-12.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say why the data is being exported"},
    )


class ErasureForm(ExportForm):
    reason = forms.CharField(
        label="Why is this being erased?",
        help_text="For example: erasure request received on 3 December 2026, ref SAR-13.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say why the data is being erased"},
    )
    confirm = forms.BooleanField(
        label="I understand that this cannot be undone",
        error_messages={"required": "Confirm that you understand this cannot be undone"},
    )
