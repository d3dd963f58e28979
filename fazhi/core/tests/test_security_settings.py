"""Safe defaults: no debugging unless asked, a secret required, Chinese error pages, a cache that
every app server shares, `check --deploy` clean with production settings.

The settings are read from the environment when the module is imported, so those tests import it
in a fresh interpreter with an environment of their own.
"""

import json
import os
import secrets
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client

# What the test run sets (fazhi.testing.environment, conftest.py) and a deployment would not.
NOT_INHERITED = (
    "FAZHI_DEBUG",
    "FAZHI_SECRET_KEY",
    "FAZHI_REDIS_URL",
    "FAZHI_SSL_REDIRECT",
    "FAZHI_TRUSTED_PROXIES",
    "FAZHI_S3_BUCKET",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def environment(**values: str) -> dict:
    """This process's environment without any Fazhi setting that matters here, plus `values`."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    return {**env, "DJANGO_SETTINGS_MODULE": "fazhi.settings", **values}


def run_python(code: str, **values: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environment(**values),
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_with(*names: str, **values: str) -> dict:
    code = (
        "import json, fazhi.settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}, default=str))"
    )
    done = run_python(code, **values)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def production_secret() -> str:
    return secrets.token_urlsafe(50)


def test_an_unconfigured_instance_does_not_debug():
    assert settings_with("DEBUG", FAZHI_SECRET_KEY=production_secret()) == {"DEBUG": False}
    assert settings_with("DEBUG", FAZHI_DEBUG="true") == {"DEBUG": True}  # as `make demo` does


def test_without_a_secret_key_production_refuses_to_start_and_says_why():
    done = run_python("import fazhi.settings")
    assert done.returncode != 0
    assert "FAZHI_SECRET_KEY must be set" in done.stderr
    assert "FAZHI_DEBUG=true" in done.stderr  # and how to run a developer's instance


def test_trusted_proxies_switch_on_the_forwarded_https_header():
    plain = settings_with("SECURE_PROXY_SSL_HEADER", FAZHI_SECRET_KEY=production_secret())
    assert plain == {"SECURE_PROXY_SSL_HEADER": None}
    proxied = settings_with(
        "SECURE_PROXY_SSL_HEADER",
        "FAZHI_TRUSTED_PROXIES",
        FAZHI_SECRET_KEY=production_secret(),
        FAZHI_TRUSTED_PROXIES="10.0.0.0/8, 192.168.1.10",
    )
    assert proxied == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "FAZHI_TRUSTED_PROXIES": ["10.0.0.0/8", "192.168.1.10"],
    }


def test_a_typo_in_the_trusted_proxies_stops_start_up():
    done = run_python(
        "import fazhi.settings",
        FAZHI_SECRET_KEY=production_secret(),
        FAZHI_TRUSTED_PROXIES="10.0.0.0/33",
    )
    assert done.returncode != 0 and "FAZHI_TRUSTED_PROXIES" in done.stderr


# -- the cache -------------------------------------------------------------------------------


def test_the_cache_is_the_database_by_default_and_redis_when_configured():
    secret = production_secret()
    default = settings_with("CACHES", FAZHI_SECRET_KEY=secret)["CACHES"]["default"]
    assert default["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert default["LOCATION"] == "fazhi_cache"
    redis = settings_with(
        "CACHES", FAZHI_SECRET_KEY=secret, FAZHI_REDIS_URL="redis://127.0.0.1:6379/3"
    )["CACHES"]["default"]
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/3"


def test_the_redis_client_is_installed():
    """Django's RedisCache imports `redis` only when first used: a missing package would show
    only in production."""
    import redis  # noqa: F401


def cache_table_migration():
    """The core migration that makes the cache's table (whatever number it has)."""
    from django.db.migrations.loader import MigrationLoader

    for (app, _), migration in MigrationLoader(connection).disk_migrations.items():
        module = sys.modules[type(migration).__module__]
        if app == "core" and getattr(module, "CACHE_TABLE", None) == "fazhi_cache":
            return module
    pytest.fail("no core migration makes the cache table (CACHE_TABLE = 'fazhi_cache')")


def test_migrate_makes_the_cache_table(db):
    """`fazhi migrate` alone prepares a new instance: a migration makes the cache's table."""
    migration = cache_table_migration()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE fazhi_cache")
    assert "fazhi_cache" not in connection.introspection.table_names()
    migration.create_cache_table(None, SimpleNamespace(connection=connection))
    assert "fazhi_cache" in connection.introspection.table_names()


# -- error pages in Chinese ------------------------------------------------------------------


def test_a_request_for_an_unknown_host_gets_a_chinese_page(db, client):
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


def test_a_form_without_its_csrf_token_gets_a_chinese_page(db):
    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": "coord", "password": "x"}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "页面已过期" in page and "CSRF verification failed" not in page


# -- deployment checks -----------------------------------------------------------------------


@pytest.mark.parametrize("proxies", ["", "10.0.0.0/8"])
def test_check_deploy_is_clean_with_production_settings(tmp_path, proxies):
    done = subprocess.run(
        [sys.executable, "-m", "fazhi.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment(
            FAZHI_SECRET_KEY=production_secret(),
            FAZHI_ALLOWED_HOSTS="fazhi.example.gov.cn",
            FAZHI_TRUSTED_PROXIES=proxies,
            FAZHI_VAR_DIR=str(tmp_path),
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
