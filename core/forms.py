"""The base for every public form: GOV.UK rendering through crispy-forms-gds.

Templates render ``<form method="post" novalidate>`` themselves (novalidate so
the browser's own validation never hides the GOV.UK error summary) and call
``{% error_summary form %}`` above the heading and ``{% crispy form %}`` inside.
"""

from crispy_forms_gds.helper import FormHelper
from django import forms

# Widgets whose GOV.UK markup is a single <input class="govuk-input">.
_TEXT_INPUT_WIDGETS = (forms.TextInput, forms.EmailInput, forms.NumberInput, forms.URLInput)


class GovukFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False

    def full_clean(self):
        super().full_clean()
        # crispy-forms-gds marks a TextInput in error with govuk-input--error but
        # not an EmailInput (STACK_NOTES 7); mark every text-like input the same way.
        for name in self.errors:
            field = self.fields.get(name)
            if field is not None and isinstance(field.widget, _TEXT_INPUT_WIDGETS):
                classes = field.widget.attrs.get("class", "")
                if "govuk-input--error" not in classes:
                    field.widget.attrs["class"] = f"{classes} govuk-input--error".strip()


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass
