"""What references hold: the requests sent to the candidate's referees and their answers.
Registered with ``privacy.registry`` from ``ReferencesConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

from applications.personal_data import hanging_rows

from .models import ReferenceRequest

PROVIDER, RETENTION_RULES = hanging_rows(
    name="references",
    models=(ReferenceRequest,),
    title=_("References"),
    explanation=_("The references we asked your referees for, and what they said."),
    retention_key="references.anonymised_applications",
    what="Reference requests and answers of anonymised applications",
)
