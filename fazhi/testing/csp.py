"""pytest plugin (``-p fazhi.testing.csp`` in pyproject's addopts): every HTML page that any test
fetches with Django's test client must carry the Content-Security-Policy header.

So each page the suite renders — staff site, portal, admin, API docs — is checked, not a sample;
a page without the header fails the test that fetched it (at teardown, naming the page).
"""

import pytest

HEADER = "Content-Security-Policy"


def is_page(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html") and not (
        300 <= response.status_code < 400
    )


@pytest.fixture(autouse=True)
def every_page_carries_the_csp(monkeypatch):
    from django.test.client import ClientHandler

    fetched = []
    original = ClientHandler.__call__

    def recording(handler, environ):
        response = original(handler, environ)
        fetched.append((environ.get("PATH_INFO", ""), response))
        return response

    monkeypatch.setattr(ClientHandler, "__call__", recording)
    yield
    missing = sorted(
        {path for path, response in fetched if is_page(response) and HEADER not in response}
    )
    assert not missing, f"这些页面没有 {HEADER} 头：{missing}"
