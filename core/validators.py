"""Validators for text that people type and that we later show to others.

A first name typed on a public form, by someone whose address we have not yet
verified, can end up in an email. Allowing only letters (any alphabet), spaces,
apostrophes and hyphens means it cannot carry a link, markup, a phone number or
a line of persuasion (docs/security.md, "email content injection").
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_NAME_PUNCTUATION = {" ", "'", "\u2019", "-"}


def validate_person_name(value: str) -> None:
    """Letters, spaces, apostrophes (' or ’) and hyphens only; at least one letter."""
    if not any(character.isalpha() for character in value) or any(
        not (character.isalpha() or character in _NAME_PUNCTUATION)
        # isalpha() is true for letters with combining marks only after NFC.
        for character in unicodedata.normalize("NFC", value)
    ):
        raise ValidationError(
            _("First name must only include letters, spaces, hyphens and apostrophes"),
            code="invalid_name",
        )
    if re.search(r"\s{2,}|--|''", value):
        raise ValidationError(
            _("First name must only include letters, spaces, hyphens and apostrophes"),
            code="invalid_name",
        )
