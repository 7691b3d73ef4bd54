"""The candidate's booking form: one radio per time they may choose."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import Choice, GovukHandRenderedForm

from . import wording


class BookingForm(GovukHandRenderedForm):
    # A plain text field, not a ChoiceField: a slot that filled up (or was made up)
    # between page and post is refused by the service with its own words.
    slot = forms.CharField(error_messages={"required": _("Choose a time")})

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = slots

    def items(self) -> list[Choice]:
        return [
            Choice(
                value=str(slot.pk),
                label=wording.slot_when(slot),
                hint=gettext(wording.slot_where(slot)),
            )
            for slot in self.slots
        ]


class CancelForm(GovukHandRenderedForm):
    """Nothing to fill in: the button is the answer (CSRF checked by the middleware)."""
