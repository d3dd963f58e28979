"""Login throttling guards authentication itself: the site's login and the admin's count alike,
per user name and client address, in the cache every app server shares."""

import importlib.util

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches

from fazhi.core.audit import Channel
from fazhi.core.services import grant_reference_data_admin

PASSWORD = "pass-Fazhi-2021"  # the personas' password (conftest.py)


@pytest.fixture(autouse=True)
def empty_cache(db):
    """Failures counted by one test must not lock out the next: on the database cache each test's
    rows roll back, but Redis (CI runs these tests on it too) keeps them."""
    caches["default"].clear()


SITE_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
LIMIT = 3


@pytest.fixture
def coordinator(people, settings):
    """The coordinator with the admin (is_staff), so that both login paths would let them in."""
    settings.LOGIN_THROTTLE_LIMIT = LIMIT
    return grant_reference_data_admin(None, Channel.CLI, people["coordinator"])


def fail(client, url, username, times=LIMIT, **extra):
    for _ in range(times):
        client.post(url, {"username": username, "password": "wrong"}, **extra)


def log_in(client, url, username, **extra):
    return client.post(url, {"username": username, "password": PASSWORD}, **extra)


def assert_refused(response, client):
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_on_the_site_login_lock_the_admin_login(coordinator, client):
    fail(client, SITE_LOGIN, "coord")
    assert_refused(log_in(client, ADMIN_LOGIN, "coord"), client)


def test_failures_on_the_admin_login_lock_the_site_login(coordinator, client):
    fail(client, ADMIN_LOGIN, "coord")
    assert_refused(log_in(client, SITE_LOGIN, "coord"), client)


def test_below_the_limit_the_right_password_logs_in_and_clears_the_count(coordinator, client):
    fail(client, SITE_LOGIN, "coord", times=LIMIT - 1)
    assert log_in(client, SITE_LOGIN, "coord").status_code == 302
    client.logout()
    fail(client, ADMIN_LOGIN, "coord", times=LIMIT - 1)  # counted from zero again
    assert log_in(client, ADMIN_LOGIN, "coord").status_code == 302


def test_the_lockout_is_for_one_user_name_from_one_address(coordinator, client):
    fail(client, SITE_LOGIN, "coord", REMOTE_ADDR="203.0.113.9")
    assert_refused(log_in(client, SITE_LOGIN, "coord", REMOTE_ADDR="203.0.113.9"), client)
    # the same user from elsewhere, and another user from the same address, still log in
    assert log_in(client, SITE_LOGIN, "coord", REMOTE_ADDR="198.51.100.7").status_code == 302
    client.logout()
    assert log_in(client, SITE_LOGIN, "reviewer", REMOTE_ADDR="203.0.113.9").status_code == 302


def test_a_user_name_in_other_case_or_with_spaces_counts_as_the_same(coordinator, client):
    for typed in ["COORD", " coord", "Coord "]:
        client.post(SITE_LOGIN, {"username": typed, "password": "wrong"})
    assert_refused(log_in(client, SITE_LOGIN, "coord"), client)


def test_the_lockout_message_names_the_wait_in_minutes(coordinator, client, settings):
    settings.LOGIN_THROTTLE_WINDOW = 1800
    fail(client, SITE_LOGIN, "coord")
    assert "请30分钟后再试" in log_in(client, SITE_LOGIN, "coord").content.decode()


def test_the_api_has_no_login_of_its_own():
    """The API authenticates by the session only, so its callers log in through the throttled
    pages above; a password-taking API auth would need the same guard."""
    from ninja.security import django_auth

    from fazhi.api import api

    assert api.auth == [django_auth] or api.auth is django_auth


# -- two app servers ------------------------------------------------------------------------


def cache_of_another_app_server():
    """The default cache as a second app server (another process) opens it: its backend module is
    loaded afresh, so nothing this process holds in memory is shared — only what the cache
    really shares (the database table, Redis)."""
    config = dict(django_settings.CACHES["default"])
    module_name, class_name = config.pop("BACKEND").rsplit(".", 1)
    spec = importlib.util.find_spec(module_name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, class_name)(config.pop("LOCATION", ""), config)


def test_another_app_server_sees_the_same_cache(db):
    caches["default"].set("fazhi-test-shared", "一致", 60)
    assert cache_of_another_app_server().get("fazhi-test-shared") == "一致"


def test_another_app_server_refuses_a_locked_out_login(coordinator, client):
    fail(client, SITE_LOGIN, "coord")  # on this app server
    this_server = caches["default"]
    caches["default"] = cache_of_another_app_server()
    try:
        assert_refused(log_in(client, ADMIN_LOGIN, "coord"), client)  # on the other
    finally:
        caches["default"] = this_server
