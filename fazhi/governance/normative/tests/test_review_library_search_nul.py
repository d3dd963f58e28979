"""Review: the public 规范性文件库's search with a NUL character (?q=%00, anyone can send it) was a
server error on PostgreSQL ("text fields cannot contain NUL"); it now searches for the text
without it."""

from django.urls import reverse


def test_a_nul_in_the_library_search_is_no_server_error(org, client):
    client.raise_request_exception = False
    response = client.get(reverse("normative:library"), {"q": "管理\x00办法"})
    assert response.status_code == 200
    assert 'value="管理办法"' in response.content.decode()
