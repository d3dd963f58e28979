"""What the PostgreSQL benchmarks share: Django set up on a throwaway cluster, the synthetic org and
cases, timing statistics, and `fazhi` run as a subprocess against the same database.

Settings are production-like: FAZHI_DEBUG=false (no query log, no debug templates), a throwaway
secret key, no SSL redirect (the test client speaks plain HTTP), and `testserver` allowed.
"""

import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FAZHI = str(Path(sys.executable).with_name("fazhi"))


def django_env(database_url: str) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "fazhi.settings",
        "FAZHI_DEBUG": "false",
        "FAZHI_SECRET_KEY": "bench-only-not-a-secret",
        "FAZHI_SSL_REDIRECT": "false",
        "FAZHI_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
    }


def setup_django(database_url: str) -> None:
    """Point Django at the database, set it up and migrate it."""
    os.environ.update(django_env(database_url))
    import django
    from django.core.management import call_command

    django.setup()
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - began:.1f} s")


def prepare(cases: int, shape: str, *, log=print, **kwargs):
    """Org tree, users and `cases` synthetic cases; returns (org, users, timings)."""
    from bench import synthetic

    began = time.perf_counter()
    org = synthetic.build_org()
    users = synthetic.build_users(org)
    log(
        f"org: {sum(1 + 1 + len(c.units) for c in org.counties) + 2} units and {len(users)} users"
        f" through create_unit/create_user in {time.perf_counter() - began:.1f} s"
    )
    timings = synthetic.generate(org, cases, shape, log=log, **kwargs)
    return org, users, timings


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def run_fazhi(database_url: str, *args: str, check: bool = True) -> tuple[float, str]:
    """Run `fazhi ARGS` against the database; return (wall seconds, stdout)."""
    began = time.perf_counter()
    done = subprocess.run(
        [FAZHI, *args], env=os.environ | django_env(database_url), capture_output=True, text=True
    )
    elapsed = time.perf_counter() - began
    if check and done.returncode != 0:
        raise RuntimeError(f"fazhi {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done.stdout


def explain(sql: str) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of a captured query, as text."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def table(headers: list[str], rows: list[list]) -> str:
    """A Markdown table (the README takes these as they are)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
