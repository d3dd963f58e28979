"""Login throttling for every login path, by guarding authentication itself (django-axes).

axes' backend stands first in AUTHENTICATION_BACKENDS and its signal handlers count every failed
`authenticate()`, so the site's login page, the admin's and any later one are throttled alike: after
LOGIN_THROTTLE_LIMIT failures for one user name from one client address (`proxies.client_address`),
that pair is refused — even with the right password — for LOGIN_THROTTLE_WINDOW seconds after the
last failure. The counts live in the shared cache (settings.CACHES), so every app server sees them.

Every `authenticate()` must therefore pass the request (Django's login views do): axes refuses a
call without one, since it could not tell whose failures to count.
"""

from datetime import timedelta

from axes.handlers.cache import AxesCacheHandler
from axes.helpers import get_cache
from django.conf import settings
from django.shortcuts import render


class SharedCacheHandler(AxesCacheHandler):
    """axes' cache handler, opening the cache at each use rather than once per process: the
    connection then belongs to the current thread, and a changed CACHES takes effect."""

    def __init__(self) -> None:
        pass

    @property
    def cache(self):
        return get_cache()


def failure_limit(request, credentials) -> int:
    return settings.LOGIN_THROTTLE_LIMIT


def cool_off(request) -> timedelta:
    return timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW)


def attempted_username(request, credentials) -> str:
    """The user name the failures count against, as typed but without case or spaces."""
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username", "")
    return str(raw).strip().lower()


def lockout_message() -> str:
    minutes = max(1, settings.LOGIN_THROTTLE_WINDOW // 60)
    return f"登录失败次数过多，该账号在本地址已暂停登录，请{minutes}分钟后再试。"


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out login attempt gets, on every login path: 429 and the reason in Chinese."""
    return render(request, "core/login_locked.html", {"message": lockout_message()}, status=429)
