"""Per-client-address and per-email-address limits on forms that send email.

One rule for every such form (mailing-list sign-up, candidate sign-in):
django-ratelimit counts POSTs in the cache under ``<group>.ip`` and
``<group>.address``. If the cache (Redis) is unreachable the request is let
through: losing the limit for a while is better than refusing everyone during
an outage.
"""

import logging

from django_ratelimit.core import is_ratelimited

logger = logging.getLogger(__name__)


def over_email_form_limits(
    request, *, group: str, per_ip: str, per_address: str, address_key: str
) -> bool:
    """Count this POST; True if the client address or the typed address is over its rate.

    ``address_key`` is the typed address in the form the caller counts it by
    (empty: only the client address is counted).
    """
    try:
        by_ip = is_ratelimited(
            request, group=f"{group}.ip", key="ip", rate=per_ip, method="POST", increment=True
        )
        by_address = bool(address_key) and is_ratelimited(
            request,
            group=f"{group}.address",
            key=lambda group, request: address_key,
            rate=per_address,
            method="POST",
            increment=True,
        )
    except Exception:  # noqa: BLE001 - any cache failure means "not limited"
        logger.warning("%s: rate-limit cache unavailable; allowing the request", group)
        return False
    return by_ip or by_address
