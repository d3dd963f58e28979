"""Kernel middleware."""

from .proxies import FORWARDED_PROTO, peer_is_trusted_proxy


class TrustedProxyMiddleware:
    """Believe X-Forwarded-Proto only from a trusted proxy (FAZHI_TRUSTED_PROXIES).

    Django reads SECURE_PROXY_SSL_HEADER from any peer; this middleware, first in MIDDLEWARE,
    drops the header from every other peer, so that only a request that reached the proxy over
    HTTPS counts as secure (secure cookies, HSTS, no redirect to HTTPS). The client address is
    `fazhi.core.proxies.client_address()`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if FORWARDED_PROTO in request.META and not peer_is_trusted_proxy(request):
            del request.META[FORWARDED_PROTO]
        return self.get_response(request)
