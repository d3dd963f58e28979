"""Behind reverse proxies: the client address and HTTPS are believed from trusted proxies only,
and every throttle keys on the one kernel function for the client address."""

import re
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

from fazhi.core.proxies import client_address, parse_networks

PROXY = "10.0.0.5"  # the reverse proxy, in the trusted range below
TRUSTED = ["10.0.0.0/8", "fd00::/8"]
PASSWORD = "pass-Fazhi-2021"


@pytest.fixture(autouse=True)
def empty_cache(db):
    """Failures counted by one test must not lock out the next: on the database cache each test's
    rows roll back, but Redis (CI runs these tests on it too) keeps them."""
    caches["default"].clear()


@pytest.fixture
def behind_proxy(settings):
    settings.FAZHI_TRUSTED_PROXIES = TRUSTED
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def address(peer, forwarded_for=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=peer, **extra))


def test_without_trusted_proxies_the_peer_is_the_client(settings):
    settings.FAZHI_TRUSTED_PROXIES = []
    assert address("203.0.113.9") == "203.0.113.9"
    assert address(PROXY, "198.51.100.7") == PROXY  # a proxy nobody declared is a client


@pytest.mark.usefixtures("behind_proxy")
def test_from_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client():
    assert address(PROXY, "198.51.100.7") == "198.51.100.7"
    # the client wrote the left part itself; only what our proxies appended is believed
    assert address(PROXY, "1.2.3.4, 198.51.100.7") == "198.51.100.7"
    assert address(PROXY, "198.51.100.7, 10.1.2.3") == "198.51.100.7"  # through two proxies
    assert address(PROXY, "2001:db8::7") == "2001:db8::7"
    assert address("::ffff:10.0.0.5", "198.51.100.7") == "198.51.100.7"  # IPv4-mapped peer


@pytest.mark.usefixtures("behind_proxy")
def test_a_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored():
    assert address("203.0.113.9", "10.0.0.7") == "203.0.113.9"
    assert address("203.0.113.9", "198.51.100.7") == "203.0.113.9"


@pytest.mark.usefixtures("behind_proxy")
def test_garbage_in_the_header_never_becomes_the_address():
    assert address(PROXY, "") == PROXY
    assert address(PROXY, "not-an-address") == PROXY
    assert address(PROXY, "not-an-address, 10.1.2.3") == "10.1.2.3"


def test_a_malformed_trusted_proxy_stops_start_up():
    with pytest.raises(ImproperlyConfigured, match="FAZHI_TRUSTED_PROXIES"):
        parse_networks(["10.0.0.0/8", "10.0.0.300"])


def test_nothing_but_the_kernel_reads_the_peer_address():
    """Every throttle and rate limit keys on proxies.client_address(), never on REMOTE_ADDR."""
    package = Path(__file__).resolve().parents[2]
    readers = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if "tests" not in path.parts and re.search(r"REMOTE_ADDR", path.read_text("utf-8"))
    ]
    assert readers == ["core/proxies.py"]


# -- the login throttle and the public forms behind the proxy ------------------------------


@pytest.mark.usefixtures("behind_proxy")
def test_login_failures_count_per_client_behind_the_proxy(people, client, settings):
    settings.LOGIN_THROTTLE_LIMIT = 3
    via_proxy = {"REMOTE_ADDR": PROXY}
    for _ in range(3):
        client.post(
            "/accounts/login/",
            {"username": "coord", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="198.51.100.7",
            **via_proxy,
        )
    refused = client.post(
        "/accounts/login/",
        {"username": "coord", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        **via_proxy,
    )
    assert refused.status_code == 429
    # another client behind the same proxy is not locked out by the first one's failures
    other = client.post(
        "/accounts/login/",
        {"username": "coord", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.20",
        **via_proxy,
    )
    assert other.status_code == 302


@pytest.mark.usefixtures("behind_proxy")
def test_rotating_a_spoofed_forwarded_for_does_not_escape_the_lockout(people, client, settings):
    settings.LOGIN_THROTTLE_LIMIT = 3
    for n in range(3):
        client.post(
            "/accounts/login/",
            {"username": "coord", "password": "wrong"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    response = client.post(
        "/accounts/login/",
        {"username": "coord", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert response.status_code == 429


@pytest.mark.usefixtures("behind_proxy")
def test_public_rate_limits_count_per_client_behind_the_proxy(db, client, settings):
    settings.FAZHI_DISCLOSURE_TRACK_LIMIT = 2

    def track(client_address):
        return client.post(
            reverse("disclosure:track"),
            {"number": "无此编号", "code": "000000"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=client_address,
        ).content.decode()

    for _ in range(2):
        assert "过于频繁" not in track("198.51.100.7")
    assert "过于频繁" in track("198.51.100.7")
    assert "过于频繁" not in track("203.0.113.20")  # another client behind the same proxy


# -- HTTPS and HSTS ----------------------------------------------------------------------------


@pytest.fixture
def production_https(settings, behind_proxy):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000


@pytest.mark.usefixtures("production_https")
def test_https_from_the_trusted_proxy_is_recognised_and_gets_hsts(db, client):
    response = client.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.usefixtures("production_https")
def test_a_spoofed_forwarded_proto_from_an_untrusted_peer_is_ignored(db, client):
    response = client.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert "Strict-Transport-Security" not in response
