"""The Content-Security-Policy: scripts and styles from this site's files only, and templates with
nothing inline that it would block. (fazhi.testing.csp checks the header on every page any test
renders; fazhi.testing.browser fails a browser test on any violation the browser reports.)"""

import re
from pathlib import Path

import pytest

from fazhi.core.audit import Channel
from fazhi.core.services import grant_reference_data_admin

PACKAGE = Path(__file__).resolve().parents[2]

# Standalone documents, never served as a page of the site: the HTML download (an attachment,
# opened from disk) and the print form WeasyPrint turns into PDF. Their styles travel inside them.
STANDALONE_DOCUMENTS = {
    "reports/templates/reports/document.html",
    "reports/templates/reports/print.html",
    "core/templates/core/instruments/print.html",  # printed by WeasyPrint, never served
}

INLINE = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I),
    "on…= event handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "style= attribute": re.compile(r"<[^>]*\sstyle\s*=", re.I),
    "<style> element": re.compile(r"<style\b", re.I),
}


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def assert_strict(response):
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]


def test_public_pages_carry_the_policy(db, client):
    for url in ["/", "/accounts/login/", "/gongkai/track/", "/no-such-page/"]:
        assert_strict(client.get(url))


def test_staff_pages_the_admin_and_the_api_docs_carry_the_policy(people, client):
    coordinator = grant_reference_data_admin(None, Channel.CLI, people["coordinator"])
    client.force_login(coordinator)
    for url in ["/workbench/", "/fuyi/", "/admin/", "/admin/core/orgunit/", "/api/docs"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)


def templates():
    return sorted(
        path for path in PACKAGE.rglob("*.html") if "templates" in path.relative_to(PACKAGE).parts
    )


def test_no_template_holds_anything_inline_the_policy_would_block():
    found = []
    for path in templates():
        name = path.relative_to(PACKAGE).as_posix()
        text = path.read_text("utf-8")
        for what, pattern in INLINE.items():
            if what == "<style> element" and name in STANDALONE_DOCUMENTS:
                continue
            found += [f"{name}: {what}: {m.group(0)[:60]}" for m in pattern.finditer(text)]
    assert found == []


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<button onclick="go()">',
        '<a href="javascript:go()">',
        '<p style="color:red">',
        "<style>p{}</style>",
    ],
)
def test_the_template_scan_finds_each_kind_of_inline_code(snippet):
    assert any(pattern.search(snippet) for pattern in INLINE.values())


def test_the_template_scan_lets_scripts_from_files_and_data_blocks_pass():
    allowed = [
        '<script src="/static/fazhi/htmx.min.js" defer></script>',
        '<script type="application/json" id="settings">{}</script>',
    ]
    assert not any(p.search(s) for p in INLINE.values() for s in allowed)


# -- in the browser ------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_browser_blocks_injected_inline_code(browser, live_server, transactional_db):
    """Were markup ever injected into a page, its inline handler would not run. (A page of its
    own, so that the violation it provokes is this test's point, not a failure.)"""
    page = browser.new_page()
    reports = []
    page.on("console", lambda message: reports.append(message.text))
    page.goto(f"{live_server.url}/accounts/login/")
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            """document.body.insertAdjacentHTML('beforeend',
                 '<img src="/static/none.png" onerror="document.title = 42">')"""
        )
    assert page.title() != "42"
    page.close()


@pytest.mark.browser
def test_the_api_docs_work_under_the_policy(page, live_server, transactional_db, people):
    from fazhi.testing.browser import log_in

    log_in(page, live_server, "coord")
    page.goto(f"{live_server.url}/api/docs")
    # Swagger UI has drawn the operations (the schema of every procedure: slow on a busy machine)
    page.locator(".opblock").first.wait_for(timeout=60_000)
    assert page.locator(".opblock").count() > 10


ADMIN_PAGES = ["/admin/", "/admin/core/orgunit/", "/admin/core/calendaryear/add/"]
PUBLIC_PAGES = ["/", "/gongkai/apply/", "/gongkai/track/"]


@pytest.mark.browser
def test_no_page_of_the_menus_breaks_the_policy(
    page, live_server, logged_in_page, transactional_db, people
):
    """Every page the staff menus lead to, the admin, and the portal: chromium reports no blocked
    script or style (the check is fazhi.testing.browser's, on every browser test)."""
    grant_reference_data_admin(None, Channel.CLI, people["coordinator"])
    logged_in_page("coord")
    menu = page.locator("header.top nav a").evaluate_all("links => links.map(a => a.href)")
    assert len(menu) >= 10
    for url in [*menu, *(live_server.url + path for path in ADMIN_PAGES + PUBLIC_PAGES)]:
        response = page.goto(url)
        assert response.ok, url
        page.wait_for_load_state("load")
