"""Review: the public 执法证核验 page (the card's QR code, no login) answered 500 on PostgreSQL
for an address whose token holds a NUL (/zhifa/zhengjian/yanzheng/%00/: "text fields cannot
contain NUL"); a token not of the shape the platform makes is now not found, as an unknown one."""

import pytest
from django.core.cache import cache

from .factories import certificate, officer


@pytest.fixture(autouse=True)
def fresh_cache(db):
    cache.clear()  # the page's rate limit lives in the cache
    yield
    cache.clear()


@pytest.mark.parametrize("token", ["%00", "a%00b", "x" * 40])
def test_a_token_of_another_shape_is_not_found(org, client, token):
    client.raise_request_exception = False
    assert client.get(f"/zhifa/zhengjian/yanzheng/{token}/").status_code == 404


def test_a_real_token_still_verifies(org, people, client):
    card = certificate(people["coordinator"], officer(people["police_staff"]))
    page = client.get(f"/zhifa/zhengjian/yanzheng/{card.token}/").content.decode()
    assert card.number in page
