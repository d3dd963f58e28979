"""The public searches (执法公示, 规范性文件库) read what no index narrows, so one client address
may run FAZHI_PUBLIC_SEARCH_LIMIT of them a minute; the next answers 429 in Chinese. Browsing
without a search is not counted, and another address has its own count."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["enforcement:portal", "normative:library"]


@pytest.mark.parametrize("name", PAGES)
def test_an_address_runs_the_limits_searches_a_minute_then_waits(org, client, settings, name):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    settings.FAZHI_PUBLIC_SEARCH_LIMIT = 3
    url = reverse(name)
    for _ in range(3):
        assert client.get(url, {"q": "罚款"}).status_code == 200
    refused = client.get(url, {"q": "罚款"})
    assert refused.status_code == 429
    assert "查询过于频繁" in refused.content.decode()
    assert client.get(url).status_code == 200  # browsing is not a search
    other = client.get(url, {"q": "罚款"}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


def test_each_page_counts_its_own_searches(org, client, settings):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    settings.FAZHI_PUBLIC_SEARCH_LIMIT = 1
    first, second = (reverse(name) for name in PAGES)
    assert client.get(first, {"q": "x"}).status_code == 200
    assert client.get(second, {"q": "x"}).status_code == 200
    assert client.get(first, {"q": "x"}).status_code == 429
