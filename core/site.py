"""Absolute links to this service, for places that have no request: emails, the feed, JSON-LD.

Built from ``settings.SITE_URL`` (the public address, e.g. https://recruit.example)
and a path from ``reverse`` or ``get_absolute_url``, never from a hand-built path.
"""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` (starting with "/") on the service's public address."""
    return f"{settings.SITE_URL}{path}"
