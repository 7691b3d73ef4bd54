"""Per-client-address and per-email-address limits on forms that send email.

One rule for every such form (mailing-list sign-up, candidate sign-in):
django-ratelimit counts POSTs in the cache under ``<group>.ip`` and
``<group>.address``. The client address comes from core.client_address
(TRUSTED_PROXY_HOPS), which never raises: a forged or garbled
X-Forwarded-For lands in one shared bucket. Only a cache failure is caught:
during a Redis outage these forms must still save what was typed
(docs/mailing-list.md), so an unreachable cache lets the request through;
any other error is a bug and propagates.
"""

import logging

from django_ratelimit.core import is_ratelimited

from core.cache import CACHE_ERRORS
from core.client_address import rate_limit_key

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
            request,
            group=f"{group}.ip",
            key=rate_limit_key,
            rate=per_ip,
            method="POST",
            increment=True,
        )
        by_address = bool(address_key) and is_ratelimited(
            request,
            group=f"{group}.address",
            key=lambda group, request: address_key,
            rate=per_address,
            method="POST",
            increment=True,
        )
    except CACHE_ERRORS as error:
        logger.warning(
            "%s: rate-limit cache unavailable (%s); allowing the request",
            group,
            type(error).__name__,
        )
        return False
    return by_ip or by_address
