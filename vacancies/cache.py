"""The public vacancy pages' cache version (placeholder until the public side's module lands).

The public list and detail pages are cached under a version number; bumping it
makes every cached page stale at once, so a publish, edit or close is visible
immediately. The public helper owns this module; its ``public_pages_changed``
keeps this name and signature.
"""

from django.core.cache import cache

PUBLIC_VERSION_KEY = "vacancies:public-version"


def public_pages_changed() -> None:
    try:
        cache.incr(PUBLIC_VERSION_KEY)
    except ValueError:
        # No version yet (cold cache): start one; any value differs from "none".
        cache.set(PUBLIC_VERSION_KEY, 1, timeout=None)
