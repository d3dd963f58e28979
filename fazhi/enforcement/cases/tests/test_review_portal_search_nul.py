"""Review: the public 执法公示's search with a NUL character (?q=%00, anyone can send it) was a
server error on PostgreSQL ("text fields cannot contain NUL"); the staff ledgers answer such a
search with 400, the portal now searches for the text without it."""

from django.urls import reverse


def test_a_nul_in_the_portal_search_is_no_server_error(org, client):
    client.raise_request_exception = False
    response = client.get(reverse("enforcement:portal"), {"q": "食品\x00案"})
    assert response.status_code == 200
    assert 'value="食品案"' in response.content.decode()
