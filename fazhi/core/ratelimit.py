"""Rate limits of the public pages (an application form, a tracking page, a certificate check):
how often one client address did a thing within a window, counted in the shared cache
(settings.CACHES) so that every app server sees the same count, keyed on the client's real
address behind trusted proxies (fazhi.core.proxies)."""

from django.conf import settings
from django.core.cache import cache

from .proxies import client_address


def _key(request, kind: str) -> str:
    return f"rate:{kind}:{client_address(request)}"


def hits(request, kind: str) -> int:
    """How many times this address did `kind` within the current window."""
    return cache.get(_key(request, kind), 0)


def hit(request, kind: str, window: int) -> int:
    """Counts one more `kind` for this address (the window starts with the first) and returns
    the count."""
    key = _key(request, kind)
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def exceeded(request, kind: str, limit: int, window: int) -> bool:
    """Counts one more `kind` for this address and says whether that passes `limit` within the
    window."""
    return hit(request, kind, window) > limit


def public_search(request, kind: str) -> bool:
    """Whether this address may run one more search of a public page (`kind`): a search scans
    what no index narrows (a word inside a title), so an address may run
    FAZHI_PUBLIC_SEARCH_LIMIT of them a minute; browsing the pages is not counted."""
    return not exceeded(request, f"search:{kind}", settings.FAZHI_PUBLIC_SEARCH_LIMIT, 60)
