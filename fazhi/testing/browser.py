"""pytest plugin for the Playwright browser tests: Debian's chromium, and logging in for real.

Load it with ``pytest_plugins = ["fazhi.testing.browser"]`` in the root conftest.py (or
``-p fazhi.testing.browser``). The tests themselves are marked ``@pytest.mark.browser`` and use
pytest-django's ``live_server``; run them with ``pytest -m browser``.

Nothing here imports Django at module level: the plugin is loaded before Django is set up.
"""

import os

import pytest

# The Playwright sync API runs an event loop in the test's thread, so Django's ORM calls made by
# the test itself (fixtures, assertions) would otherwise raise SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Debian's chromium (`make test` installs it); FAZHI_CHROMIUM names another build of Chromium.
CHROMIUM = os.environ.get("FAZHI_CHROMIUM", "/usr/bin/chromium")
MISSING_BROWSER = (
    "浏览器测试需要 Chromium，但找不到 {path}。"
    "请以 root 运行 `apt-get install -y chromium`（`make test` 以 root 运行时会自动安装），"
    "或用环境变量 FAZHI_CHROMIUM 指定 Chromium 的路径。"
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PASSWORD = "pass-Fazhi-2021"  # the personas' password (see conftest.py, fixture `people`)
TIMEOUT_MS = 10_000
OVERRIDES = "fazhi-browser-overrides"


class ChromiumOverrides:
    """pytest-playwright's launch and context arguments, overridden.

    Registered from pytest_configure, i.e. after the entry-point plugins: a fixture overrides one
    of the same name only when registered later, and ``-p fazhi.testing.browser`` loads this
    module before pytest-playwright. (From a conftest's ``pytest_plugins`` either way works.)
    """

    @pytest.fixture(scope="session")
    @classmethod
    def browser_type_launch_args(cls, browser_type_launch_args):
        """Debian's chromium instead of Playwright's download (no `playwright install`)."""
        return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}

    @pytest.fixture(scope="session")
    @classmethod
    def playwright(cls, playwright):
        """pytest-playwright's Playwright; before it stops, the database connections this thread
        opened while it ran are closed.

        Each call of Playwright's sync API leaves its event loop marked as running in the test's
        thread, and while a loop runs Django keeps the thread's connections apart from the ones
        it had before (django.db.connections is a thread-critical asgiref Local: per context
        under a running loop, per thread otherwise). Once Playwright stops they are out of
        reach: pytest-django closes the others, and on PostgreSQL the one a `db` test took after
        a browser test on the same xdist worker stayed open, so that DROP DATABASE failed ("is
        being accessed by other users")."""
        yield playwright
        from django.db import connections

        connections.close_all()

    @pytest.fixture(scope="session")
    @classmethod
    def browser_context_args(cls, browser_context_args):
        """A Chinese desktop browser in the project's time zone, wide enough for two cards."""
        return {
            **browser_context_args,
            "locale": "zh-CN",
            "timezone_id": "Asia/Shanghai",
            "viewport": {"width": 1280, "height": 900},
        }

    @pytest.fixture(autouse=True)
    def no_policy_violations(self, request):
        """A browser test fails when the page breaks the Content-Security-Policy: chromium reports
        each blocked script or style on the console."""
        if "page" not in request.fixturenames:
            yield
            return
        page = request.getfixturevalue("page")
        violations = set()

        def note(message):
            if "Content Security Policy" in message.text:
                violations.add(f"{page.url}: {message.text[:120]}")

        page.on("console", note)
        yield
        assert not violations, f"页面违反了内容安全策略：{sorted(violations)}"


def pytest_configure(config):
    if not config.pluginmanager.has_plugin(OVERRIDES):
        config.pluginmanager.register(ChromiumOverrides(), OVERRIDES)


def pytest_collection_finish(session):
    """Browser tests never skip or error one by one for want of a browser: the run stops at once
    with the reason and what to do."""
    wants_browser = any(item.get_closest_marker("browser") for item in session.items)
    if wants_browser and not os.access(CHROMIUM, os.X_OK):
        pytest.exit(MISSING_BROWSER.format(path=CHROMIUM), returncode=pytest.ExitCode.USAGE_ERROR)


def log_in(page, live_server, username: str, password: str = PASSWORD):
    """Log `username` in through the real login form; return the page, on its landing page."""
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():  # to the workbench (a leader: the 驾驶舱), or the form again
        page.get_by_role("button", name="登录", exact=True).click()
    landings = (f"{live_server.url}/workbench/", f"{live_server.url}/cockpit/")
    if not page.url.startswith(landings):
        errors = page.locator(".errorlist, .messages").all_inner_texts()
        raise AssertionError(f"{username} 登录失败，停在 {page.url}：{errors}")
    return page


@pytest.fixture
def logged_in_page(page, live_server):
    """A factory: ``logged_in_page("coord")`` logs that user in and returns the Playwright page.

    Needs the user to exist in the database the live server reads, so tests using it should
    request ``transactional_db`` (data made inside a `db` transaction is invisible to the server).
    """

    def login(username: str, password: str = PASSWORD):
        return log_in(page, live_server, username, password)

    return login
