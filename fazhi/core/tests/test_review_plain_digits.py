"""Numbers from a request are ASCII digits: str.isdigit() also takes "²" (which int() refuses: a
server error) and "١" (which int() reads as 1: an id nobody typed). Each parameter that took
isdigit() answers 404 or leaves the value out instead."""

import pytest
from django.urls import reverse

from fazhi.core.validators import plain_int

pytestmark = pytest.mark.django_db

ODD_DIGITS = ["²", "2²", "١", "٢٠٢١", "²⁰²¹"]


def test_plain_int_takes_ascii_digits_only():
    assert plain_int("2021") == 2021 and plain_int("0") == 0
    assert plain_int("9" * 18) == int("9" * 18)
    for text in [*ODD_DIGITS, "", "-1", "1.0", " 1", "9" * 19]:
        assert plain_int(text) is None, text
    assert plain_int("20211", 4) is None


@pytest.mark.parametrize("odd", ODD_DIGITS)
def test_pages_answer_404_not_500(client, people, odd):
    client.force_login(people["coordinator"])
    get = client.get
    assert get(reverse("figures:index"), {"year": odd}).status_code == 404
    assert get(reverse("core:deadline_moves"), {"before": odd}).status_code == 404
    assert client.post(reverse("core:inbox_read"), {"notice": odd}).status_code == 404
    assert get(reverse("reconsideration:list"), {"after": f"2021-01-01~{odd}"}).status_code < 500


@pytest.mark.parametrize("odd", ODD_DIGITS)
def test_the_checksum_page_refuses_an_odd_continuation(client, people, odd):
    client.force_login(people["police_staff"])
    assert client.post(reverse("enforcement:checksums"), {"after": odd}).status_code == 404
