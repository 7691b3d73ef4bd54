"""Template context every page needs: the service's name, phase and navigation."""

from django.conf import settings
from django.utils.translation import gettext_lazy

# (app namespace that marks the item current, path, label). Paths, not reversed
# names, so this list never depends on which apps are mounted.
SERVICE_NAVIGATION = (
    ("vacancies", "/vacancies/", gettext_lazy("Vacancies")),
    ("vetting", "/eligibility/", gettext_lazy("Check the vetting rule")),
    ("mailing_list", "/register-interest/", gettext_lazy("Get job alerts")),
)


def service(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "service_navigation": SERVICE_NAVIGATION,
    }
