"""Rate limits of the public pages (an application form, a tracking page, a certificate check):
how often one client address did a thing within a window, counted in the shared cache
(settings.CACHES) so that every app server sees the same count, keyed on the client's real
address behind trusted proxies (fazhi.core.proxies)."""

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
