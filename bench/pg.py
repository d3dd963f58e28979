"""A throwaway PostgreSQL 15 cluster for benchmarks (recipe: reference/dependencies.md §9).

    from bench.pg import throwaway_postgres

    with throwaway_postgres() as url:          # postgres://postgres@127.0.0.1:PORT/fazhi
        os.environ["DATABASE_URL"] = url       # before django.setup()
        ...

initdb + pg_ctl start in a temporary directory, as the `postgres` user when run as root, on a free
port of 127.0.0.1; durability is off (fsync, synchronous_commit, full_page_writes: the data is
thrown away). Memory settings are those of a modest production server on this 24 GB machine,
given in SERVER_SETTINGS and printed by the benchmarks. The cluster is stopped and its directory
removed on leaving the block, also on an exception, Ctrl-C or SIGTERM.

Also a small command: `python bench/pg.py CMD ARGS...` runs CMD with DATABASE_URL set to a fresh
cluster and removes it afterwards (`python bench/pg.py bash` for a shell beside one).
"""

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
DATABASE = "fazhi"

# Server settings on top of PostgreSQL's defaults. Durability is off because the data is thrown
# away; memory is sized as one would for a database server sharing 24 GB with the app. The
# planner settings (random_page_cost, jit) stay at PostgreSQL's defaults on purpose.
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "shared_buffers": "2GB",
    "effective_cache_size": "12GB",
    "maintenance_work_mem": "1GB",
    "work_mem": "16MB",
    "max_wal_size": "8GB",
    "checkpoint_timeout": "30min",
    "autovacuum": "on",
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@contextlib.contextmanager
def _sigterm_exits() -> Iterator[None]:
    """Turn SIGTERM into SystemExit inside the block, so `finally` still removes the cluster."""

    def handler(signum, frame):
        raise SystemExit(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def throwaway_postgres(settings: dict | None = None, quiet: bool = True) -> Iterator[str]:
    """Start a fresh cluster, create database `fazhi`, yield its DATABASE_URL; stop and remove."""
    options = SERVER_SETTINGS | (settings or {})
    root = Path(tempfile.mkdtemp(prefix="fazhi-pg-"))
    data, log = root / "data", root / "server.log"
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
    out = subprocess.DEVNULL if quiet else None
    port = free_port()
    started = False
    with _sigterm_exits():
        try:
            subprocess.run(
                _as_postgres(
                    [
                        str(PGBIN / "initdb"),
                        "-D",
                        str(data),
                        "-U",
                        "postgres",
                        "-A",
                        "trust",
                        "-E",
                        "UTF8",
                        "--locale=C.UTF-8",
                        "--no-sync",
                    ]
                ),
                check=True,
                stdout=out,
                stderr=out,
            )
            flags = " ".join(f"-c {k}={v}" for k, v in options.items())
            subprocess.run(
                _as_postgres(
                    [
                        str(PGBIN / "pg_ctl"),
                        "-D",
                        str(data),
                        "-l",
                        str(log),
                        "-w",
                        "-o",
                        f"-p {port} -k {root} {flags}",
                        "start",
                    ]
                ),
                check=True,
                stdout=out,
                stderr=out,
            )
            started = True
            import psycopg

            with psycopg.connect(
                f"host=127.0.0.1 port={port} dbname=postgres user=postgres", autocommit=True
            ) as conn:
                conn.execute(f"CREATE DATABASE {DATABASE} ENCODING 'UTF8' TEMPLATE template0")
            yield f"postgres://postgres@127.0.0.1:{port}/{DATABASE}"
        finally:
            if started:
                stop = [str(PGBIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
                result = subprocess.run(_as_postgres(stop), stdout=out, stderr=out, check=False)
                if result.returncode != 0:
                    subprocess.run(
                        _as_postgres([*stop[:4], "immediate", *stop[5:]]),
                        stdout=out,
                        stderr=out,
                        check=False,
                    )
            shutil.rmtree(root, ignore_errors=True)


def server_settings_line() -> str:
    return ", ".join(f"{k}={v}" for k, v in SERVER_SETTINGS.items() if k != "listen_addresses")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python bench/pg.py CMD [ARGS...]")
    with throwaway_postgres() as url:
        print(f"DATABASE_URL={url}", file=sys.stderr)
        code = subprocess.run(sys.argv[1:], env=os.environ | {"DATABASE_URL": url}).returncode
    sys.exit(code)
