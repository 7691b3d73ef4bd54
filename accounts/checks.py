"""System check: two-factor sign-in for staff may be off only with DEBUG on.

Settings refuse the combination at start-up; this repeats the rule for
settings changed afterwards (a test's override, a settings module that skips base).
"""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=False)
def two_factor_required_unless_debug(app_configs, **kwargs):
    if not settings.STAFF_TWO_FACTOR_REQUIRED and not settings.DEBUG:
        return [
            Error(
                "Staff two-factor sign-in is switched off while DEBUG is off.",
                hint="Remove STAFF_TWO_FACTOR_REQUIRED=false: it is for local development only.",
                id="accounts.E001",
            )
        ]
    return []
