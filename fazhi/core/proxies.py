"""The client behind the reverse proxies: its address, and whether it spoke HTTPS.

Only the proxies listed in FAZHI_TRUSTED_PROXIES (addresses or CIDR ranges) are believed. A request
whose immediate peer (REMOTE_ADDR) is not one of them is taken at its word: its own address is the
client's, and any X-Forwarded-For / X-Forwarded-Proto it sends is ignored, so a client cannot pick
the address its login failures and form submissions are counted against.

Every throttle and rate limit keys on `client_address()`; nothing else reads REMOTE_ADDR.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"
FORWARDED_PROTO = "HTTP_X_FORWARDED_PROTO"


def parse_networks(entries) -> tuple[Network, ...]:
    """'10.0.0.0/8', '127.0.0.1', '::1' … as networks; a malformed entry stops start-up."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"FAZHI_TRUSTED_PROXIES 中的“{entry}”不是 IP 地址或网段（如 10.0.0.0/8）"
            ) from error
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(entries)


def trusted_networks() -> tuple[Network, ...]:
    return _trusted(tuple(getattr(settings, "FAZHI_TRUSTED_PROXIES", ())))


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:10.0.0.1 is 10.0.0.1
    return mapped or address


def is_trusted(address: Address | None) -> bool:
    return address is not None and any(address in network for network in trusted_networks())


def peer_is_trusted_proxy(request) -> bool:
    return is_trusted(_address(request.META.get("REMOTE_ADDR", "")))


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, unless that is a trusted proxy; then the right-most
    address in X-Forwarded-For that is not a trusted proxy (each proxy appends the peer it saw,
    so everything left of the nearest untrusted hop may have been written by the client)."""
    peer = request.META.get("REMOTE_ADDR", "")
    nearest = _address(peer)
    if not is_trusted(nearest):
        return str(nearest) if nearest else peer
    hops = [hop for hop in request.META.get(FORWARDED_FOR, "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:  # garbage a trusted proxy passed on: stop at the last sure hop
            break
        nearest = address
        if not is_trusted(address):
            break
    return str(nearest)
