"""`fazhi serve`, the production server, as a deployment runs it: a separate process on a port,
production settings, static files from the application; and the database connections it may
open, bounded on PostgreSQL by the pool."""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from fazhi.core.tests.test_security_settings import environment

STATIC = Path(__file__).resolve().parents[2] / "static" / "fazhi"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def wait_until_listening(port: int, server: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"fazhi serve exited with {server.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"fazhi serve did not listen on {port} within {seconds} s")


def test_fazhi_serve_serves_pages_and_static_files_and_stops_cleanly(tmp_path):
    env = environment(
        FAZHI_SECRET_KEY="serve-test-only-key-not-secret",
        FAZHI_SSL_REDIRECT="false",
        FAZHI_VAR_DIR=str(tmp_path),
        PYTHONUNBUFFERED="1",
    )
    env.pop("DATABASE_URL", None)  # SQLite, in tmp_path: this test's own database
    fazhi = [sys.executable, "-m", "fazhi.cli"]
    migrated = subprocess.run(
        [*fazhi, "migrate", "--noinput", "-v0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,  # a fresh `migrate` is about 16 s of CPU alone, far more on a loaded machine
    )
    assert migrated.returncode == 0, migrated.stderr
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [*fazhi, "serve", "--port", str(port), "--workers", "1", "--threads", "2"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # so that a failed test can stop the workers as well
        )
    try:
        wait_until_listening(port, server)
        status, headers, body = get(port, "/accounts/login/")
        page = body.decode()
        assert status == 200, page
        assert "工作人员登录" in page or "登录" in page
        assert 'name="password"' in page
        # The page links the collected, hashed name of the stylesheet ...
        found = re.search(r'href="(/static/fazhi/site\.([0-9a-f]{12})\.css)"', page)
        assert found, page
        status, headers, body = get(port, found.group(1))
        assert status == 200
        assert body == (STATIC / "site.css").read_bytes()
        assert headers["content-type"].startswith("text/css")
        # ... which never changes, so browsers and proxies keep it for good.
        cache = headers["cache-control"]
        assert "immutable" in cache and "public" in cache
        assert int(re.search(r"max-age=(\d+)", cache).group(1)) >= 365 * 24 * 3600
        # The plain name is served too (old pages, external links), but only briefly cached.
        status, headers, _ = get(port, "/static/fazhi/site.css")
        assert status == 200 and "immutable" not in headers["cache-control"]
        assert get(port, "/static/fazhi/no-such-file.css")[0] == 404
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            code = server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
            raise AssertionError("fazhi serve did not stop within 30 s of SIGTERM") from None
    output = log.read_text()
    assert code == 0, output
    assert "1 个进程 × 2 个线程" in output
    assert "shutdown completed" in output
    # Nothing still listens: the workers stopped with the server.
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


SETTINGS = "from django.conf import settings; import json; options = settings.DATABASES['default'].get('OPTIONS', {}); print(json.dumps({k: str(v) for k, v in {**settings.DATABASES['default'], 'pool': options.get('pool'), 'prepared': (options.get('server_side_binding'), options.get('prepare_threshold'))}.items() if k in ('ENGINE', 'CONN_MAX_AGE', 'pool', 'prepared')}))"  # noqa: E501


def database_settings(**values: str) -> dict:
    env = environment(FAZHI_SECRET_KEY="settings-test-only-key", **values)
    if "DATABASE_URL" not in values:
        env.pop("DATABASE_URL", None)  # the test run's own database, when on PostgreSQL
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + SETTINGS],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_postgres_connections_come_from_a_bounded_pool():
    url = "postgres://fazhi@db.example:5432/fazhi"
    found = database_settings(DATABASE_URL=url, FAZHI_DB_POOL_MAX="6")
    assert found["ENGINE"] == "django.db.backends.postgresql"
    assert found["CONN_MAX_AGE"] == "0"  # no connection kept per thread beside the pool
    assert "'max_size': 6" in found["pool"]
    # Without a pool (PgBouncer in front) a connection lasts one request.
    found = database_settings(DATABASE_URL=url, FAZHI_DB_POOL_MAX="0")
    assert found["pool"] == "None" and found["CONN_MAX_AGE"] == "0"


def test_postgres_statements_are_prepared_only_where_asked():
    url = "postgres://fazhi@db.example:5432/fazhi"
    found = database_settings(DATABASE_URL=url)
    assert found["prepared"] == "(None, None)"  # Django's default: bound and planned each time
    assert database_settings(DATABASE_URL=url, FAZHI_DB_PREPARED="true")["prepared"] == "(True, 5)"


REPEATED = (
    "import django; django.setup(); from django.db import connection; "
    "from fazhi.core.models import OrgUnit; "
    "[list(OrgUnit.objects.filter(code=str(code))) for code in range(8)]; "
    "cursor = connection.cursor(); cursor.execute('SELECT statement FROM pg_prepared_statements'); "
    "print(sum('core_orgunit' in row[0] for row in cursor.fetchall()))"
)


def _prepared_after_eight_runs(**values: str) -> int:
    from django.db import connection

    db = connection.settings_dict
    login = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    url = f"postgres://{login}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = environment(FAZHI_SECRET_KEY="settings-test-only-key", DATABASE_URL=url, **values)
    done = subprocess.run(
        [sys.executable, "-c", REPEATED], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
def test_an_import_prepares_a_repeated_statement_and_a_page_does_not():
    """Prepared for the imports' repeated writes; not for the pages, whose statements would get
    generic plans made without their parameters (the workbench's: 1 ms became 44 ms)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's prepared statements")
    assert _prepared_after_eight_runs(FAZHI_DB_PREPARED="true") >= 1
    assert _prepared_after_eight_runs() == 0


def test_sqlite_keeps_its_persistent_connections(tmp_path):
    found = database_settings(FAZHI_VAR_DIR=str(tmp_path))
    assert found["ENGINE"] == "django.db.backends.sqlite3"
    assert found["pool"] == "None" and found["CONN_MAX_AGE"] == "60"


def test_the_imports_run_with_prepared_statements_and_migrate_without(monkeypatch):
    """The imports' writes repeat by the hundred; a migration changes tables under the
    statements its connection would have prepared."""
    from fazhi import cli

    monkeypatch.setattr(cli, "execute_from_command_line", lambda argv: None)
    expected = {"check": None, "import": "true", "import_run": "true", "migrate": "false"}
    for command, value in expected.items():
        monkeypatch.delenv("FAZHI_DB_PREPARED", raising=False)
        cli.main([command])
        assert os.environ.get("FAZHI_DB_PREPARED") == value, command
