"""django-csp's middleware, with the policy header built once instead of per response.

django-csp builds the header for every response (a dataclass ``asdict`` deep copy
and ``build_policy`` twice, for the policy and the report-only policy), though
nearly every response gets the same one: only a view decorated with
``csp_update``/``csp_replace``/``csp``/``csp_exempt``, or one that used a nonce,
differs. Those still go through django-csp unchanged; every other response gets
the string built once from the settings (docs/performance.md).
"""

from functools import cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What django-csp's decorators set on a response to change or drop its policy.
_PER_RESPONSE = tuple(
    f"_csp_{kind}{suffix}"
    for kind in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)


@cache
def _settings_policies() -> tuple[str, str] | None:
    """The two headers from the settings; None when URL prefixes are excluded (then
    django-csp decides per request)."""
    if any(
        (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
        for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
    ):
        return None
    return build_policy(), build_policy(report_only=True)


@receiver(setting_changed)
def _forget_policies(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _settings_policies.cache_clear()


class ConstantPolicyCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _PER_RESPONSE)
            or settings.DEBUG
            or HEADER in response
            or HEADER_REPORT_ONLY in response
            or _settings_policies() is None
        ):
            return super().process_response(request, response)
        policy, report_only = _settings_policies()
        if policy:
            response[HEADER] = policy
        if report_only:
            response[HEADER_REPORT_ONLY] = report_only
        return response
