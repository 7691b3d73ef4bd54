"""Which address a request came from, behind a known number of trusted proxies.

``X-Forwarded-For`` is a list anyone can start: a client may send its own, and
each proxy on the way appends the address it received the request from. So
only the right-most ``TRUSTED_PROXY_HOPS`` entries were written by proxies we
run; the entry that many places from the right is the client as our outermost
proxy saw it. Everything to its left is whatever the client chose to send, and
is ignored. With no proxies (the default) ``REMOTE_ADDR`` is the client.

The function never raises: a header too short for the configured hops (the
request did not come through our proxies) or an entry that is not an address
gives ``None``, which callers treat as one shared, untrusted client, so garbage
can neither switch a limit off nor buy a fresh allowance.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

from django.conf import settings


def _parse(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234" (some balancers add the port)
        value = value.partition(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def address_from_meta(meta: Mapping[str, str], *, trusted_hops: int) -> str | None:
    """The client address from WSGI ``META``, or None if it cannot be trusted."""
    if trusted_hops <= 0:
        return _parse(meta.get("REMOTE_ADDR", ""))
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < trusted_hops:
        return None
    return _parse(forwarded[-trusted_hops])


def client_address(request) -> str | None:
    """The client address of ``request`` per ``TRUSTED_PROXY_HOPS`` (None: untrusted)."""
    return address_from_meta(request.META, trusted_hops=settings.TRUSTED_PROXY_HOPS)


def rate_limit_key(group, request) -> str:
    """A rate-limit bucket per client: IPv6 by /64 (one host holds a whole /64),
    and every request whose address cannot be trusted in one shared bucket."""
    address = client_address(request)
    if address is None:
        return "untrusted"
    if ":" in address:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return address
