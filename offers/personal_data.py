"""What offers hold about a candidate: the offer, medical questionnaire, right to work and
vetting case. Registered with ``privacy.registry`` from ``OffersConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

from applications.personal_data import hanging_rows

from .models import MedicalQuestionnaire, Offer, RightToWorkCheck, VettingCase

PROVIDER, RETENTION_RULES = hanging_rows(
    name="offers",
    models=(Offer, MedicalQuestionnaire, RightToWorkCheck, VettingCase),
    title=_("Offer and pre-employment checks"),
    explanation=_(
        "Your conditional offer, medical questionnaire, right to work check and vetting."
    ),
    retention_key="offers.anonymised_applications",
    what="Offers and pre-employment checks of anonymised applications",
)
