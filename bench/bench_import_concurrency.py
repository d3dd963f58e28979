"""A large import beside other users' work (not a test): import rows/s, and how long the other
users' writes and logins wait meanwhile, on SQLite and on PostgreSQL.

    .venv/bin/python bench/bench_import_concurrency.py [--rows 50000] [--db sqlite|postgres|both]

For each database: a fresh one (a temporary SQLite file; a throwaway PostgreSQL 15 cluster, see
pg.py), 红河州's org tree and users (synthetic.py), and a CSV ledger of `--rows` historical 行政复议
cases (each replayed through the services: 收到 → 受理 → 结案 for most rows). The import runs in
this process as the 复议机构's reviewer. A second process plays the other users: over and over, an
audited service call by the coordinator (`create_unit`, which appends to the audit chain like
every write) and a login through the login page by another user, each timed. It runs alone for
a few seconds first (the baseline), then all through the import.

Passwords use the MD5 hasher here so that a login's time is its waiting, not PBKDF2's 0.3 s.
"""

import argparse
import csv
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402 (after the path is set)

PASSWORD = "bench-only-Pa55"
BASELINE_SECONDS = 3.0
PAUSE_BETWEEN_OPERATIONS = 0.05  # a busy office, not a load test
RESPONDENTS = ["gaj", "zrzyj", "scjgj", "rsj", "cgj", "zjj", "jtysj", "sthj"]
HEADER = [
    "案号",
    "申请人",
    "申请人类型",
    "被申请人单位代码",
    "被申请复议的行政行为",
    "案件类别",
    "申请方式",
    "递交/寄出日期",
    "受理日期",
    "结案日期",
    "结案结果",
]


def setup_django(database_url: str, workdir: Path, prepared: bool = False) -> None:
    # The import runs in the measuring process: with the prepared statements `fazhi import` has
    # (cli.py); the other users' process is the pages', without.
    env = {"FAZHI_VAR_DIR": str(workdir), "FAZHI_DB_PREPARED": str(prepared).lower()}
    os.environ.update(common.django_env(database_url) | env)
    import django
    from django.conf import settings

    django.setup()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- the data ------------------------------------------------------------------------------------


def prepare(rows: int, workdir: Path):
    """Migrate, build the org and users; write the ledger. Returns (reviewer, ledger path)."""
    from django.core.management import call_command

    from bench import synthetic

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    org = synthetic.build_org()
    users = synthetic.build_users(org)
    print(f"  准备：迁移、{len(users)} 个用户和红河州单位 {time.perf_counter() - began:.1f} s")
    ledger = workdir / "复议案件.csv"
    write_ledger(ledger, rows)
    return users["reviewer"], ledger


def write_ledger(path: Path, rows: int) -> None:
    """Historical cases of 2021: 80% decided, 15% accepted and open, 5% only received."""
    rng = random.Random(2021)
    start = dt.date(2021, 1, 4)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            submitted = start + dt.timedelta(days=rng.randrange(300))
            fate = rng.random()
            accepted = submitted + dt.timedelta(days=rng.randrange(1, 5)) if fate > 0.05 else None
            decided = accepted + dt.timedelta(days=rng.randrange(20, 55)) if fate > 0.2 else None
            writer.writerow(
                [
                    f"弥政复〔2021〕{i + 1}号",
                    f"申请人{i}",
                    "自然人",
                    f"532504-{rng.choice(RESPONDENTS)}",
                    "行政处罚决定",
                    rng.choice(["治安处罚", "土地管理", "市场监管", "交通管理"]),
                    "当面递交",
                    submitted.isoformat(),
                    accepted.isoformat() if accepted else "",
                    decided.isoformat() if decided else "",
                    "维持" if decided else "",
                ]
            )


# --- the other users (a separate process, as another app server would be) -----------------------


def other_users(database_url: str, workdir: Path) -> None:
    """Until stdin closes: an audited write by the coordinator and a login by the staff user,
    each timed. Prints one JSON line of samples: [started, kind, seconds, error], `started` on
    the machine's monotonic clock (time.perf_counter is CLOCK_MONOTONIC, shared by processes)."""
    import threading

    setup_django(database_url, workdir)
    from django.test import Client

    from fazhi.core.audit import Channel
    from fazhi.core.models import OrgUnit, User
    from fazhi.core.services import create_unit

    coordinator = User.objects.get(username="coordinator")
    county = OrgUnit.objects.get(code="532504")
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    samples, count = [], 0
    print("ready", flush=True)

    def timed(kind, operation):
        started = time.perf_counter()
        error = ""
        try:
            operation()
        except Exception as exc:  # a failure is what we measure
            error = f"{type(exc).__name__}: {exc}"[:200]
        samples.append([started, kind, time.perf_counter() - started, error])

    def write():
        create_unit(
            coordinator,
            Channel.WEB,
            code=f"532504-bench-{os.getpid()}-{count}",
            name=f"并发写入测试单位{count}",
            kind="other",
            parent=county,
        )

    def login():
        response = Client().post(
            "/accounts/login/", {"username": "staff", "password": PASSWORD}, follow=False
        )
        if response.status_code != 302:
            raise RuntimeError(f"login answered {response.status_code}")

    while not stop.is_set():
        count += 1
        timed("write", write)
        timed("login", login)
        stop.wait(PAUSE_BETWEEN_OPERATIONS)
    print(json.dumps(samples), flush=True)


def start_other_users(database_url: str, workdir: Path) -> subprocess.Popen:
    command = [sys.executable, __file__, "--other-users", database_url, str(workdir)]
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ | common.django_env(database_url),
        cwd=ROOT,
    )
    if process.stdout.readline().strip() != "ready":
        raise RuntimeError("the other users' process did not start")
    return process


def stop_other_users(process: subprocess.Popen) -> list:
    process.stdin.close()
    samples = json.loads(process.stdout.read().strip().splitlines()[-1])
    process.wait()
    return samples


# --- measuring ------------------------------------------------------------------------------------


def measure(database_url: str, rows: int, workdir: Path) -> dict:
    setup_django(database_url, workdir, prepared=True)
    from fazhi.core.audit import Channel
    from fazhi.core.imports import run_import

    reviewer, ledger = prepare(rows, workdir)
    others = start_other_users(database_url, workdir)
    time.sleep(BASELINE_SECONDS)
    phases = {}

    def progress(stage, done, total):
        phases.setdefault(stage, time.perf_counter())

    began = time.perf_counter()
    result = run_import(
        "reconsideration", ledger, ledger.name, reviewer, Channel.IMPORT, progress=progress
    )
    ended = time.perf_counter()
    samples = stop_other_users(others)
    import_seconds = ended - began
    floor = replay_floor() if "postgres" in database_url else None
    if floor:
        floor["least_python_seconds"] = least_python_replay()
    return {
        "floor": floor,
        "rows": result.total_rows,
        "written": result.written,
        "errors": [str(e) for e in result.errors[:5]],
        "import_seconds": import_seconds,
        "rows_per_second": result.total_rows / import_seconds,
        "validate_seconds": phases.get("write", ended) - began,
        "baseline": [s for s in samples if s[0] + s[2] < began],
        "during": [s for s in samples if s[0] >= began and s[0] < ended],
    }


# --- the floor: the import's own rows, COPYed back -----------------------------------------------

# (table, the rows the import wrote): the cases, their 文书, their open items, its audit rows (the
# other users' process audits too, over the web channel)
FLOOR_TABLES = [
    ("disputes_reconsiderationcase", "TRUE"),
    ("core_instrument", "TRUE"),
    ("core_openitem", "procedure = 'reconsideration'"),
    ("core_auditentry", "channel = 'import'"),
]


def replay_floor() -> dict:
    """What the database alone takes for the rows a history import wrote: each table's rows of
    this import copied out (COPY TO), then, in one transaction that is rolled back, copied in
    (COPY FROM, timed) to an empty table made like it (`LIKE … INCLUDING ALL`: its columns,
    defaults, checks and indexes; logged like it). None of the work of the rules, the 文书 text or
    the hashes; the sequences and the audit head the import updated are left out. PostgreSQL
    only. Returns {table: rows} and the seconds of the COPYs."""
    import io

    from django.db import connection, transaction

    copied, counts = {}, {}
    with connection.cursor() as cursor:
        for table, which in FLOOR_TABLES:
            buffer = io.BytesIO()
            with cursor.cursor.copy(f"COPY (SELECT * FROM {table} WHERE {which}) TO STDOUT") as out:
                for data in out:
                    buffer.write(data)
            copied[table], counts[table] = buffer.getvalue(), buffer.getvalue().count(b"\n")
    seconds = 0.0
    with transaction.atomic(), connection.cursor() as cursor:
        for table, _ in FLOOR_TABLES:
            cursor.execute(f"CREATE TABLE floor_{table} (LIKE {table} INCLUDING ALL)")
        for table, _ in FLOOR_TABLES:
            began = time.perf_counter()
            with cursor.cursor.copy(f"COPY floor_{table} FROM STDIN") as into:
                into.write(copied[table])
            seconds += time.perf_counter() - began
        transaction.set_rollback(True)
    return {"rows": counts, "seconds": seconds}


def least_python_replay() -> float:
    """The least Python an import must run to write the rows this one wrote, none of the rules:
    each row handed to COPY as a tuple of values (psycopg formats it), each audit row's snapshot
    and the fields its hash covers made sorted JSON and chained by SHA-256, as audit.py does,
    into empty tables made like them; rolled back. The rows are read before the clock starts.
    Returns the seconds. PostgreSQL only."""
    from django.db import connection, transaction
    from psycopg.types.json import Jsonb

    read = {}
    with connection.cursor() as cursor:
        for table, which in FLOOR_TABLES:
            cursor.execute(f"SELECT * FROM {table} WHERE {which} ORDER BY 1")
            names = [column.name for column in cursor.description]
            read[table] = (names, cursor.fetchall())
    with transaction.atomic(), connection.cursor() as cursor:
        for table, _ in FLOOR_TABLES:
            cursor.execute(f"CREATE TABLE least_{table} (LIKE {table} INCLUDING ALL)")
        began = time.perf_counter()
        for table, (names, rows) in read.items():
            made = _audit_rows(names, rows) if table == "core_auditentry" else rows
            with cursor.cursor.copy(f"COPY least_{table} ({', '.join(names)}) FROM STDIN") as into:
                for row in made:
                    into.write_row([Jsonb(v) if isinstance(v, dict | list) else v for v in row])
        seconds = time.perf_counter() - began
        transaction.set_rollback(True)
    return seconds


def _audit_rows(names: list, rows: list):
    """The audit rows as an import makes them: the JSON their hash covers, chained."""
    from types import SimpleNamespace

    from fazhi.core.audit import _chained, _hashed_fields, _hashed_text  # as the kernel does

    before, after = names.index("before"), names.index("after")
    prev_at, hash_at = names.index("prev_hash"), names.index("hash")
    prev = "0" * 64
    for row in rows:
        row = list(row)
        fields = _hashed_fields(SimpleNamespace(**dict(zip(names, row, strict=True))))
        row[prev_at], row[hash_at] = prev, _chained(prev, _hashed_text(fields))
        for place in (before, after):
            if row[place] is not None:
                row[place] = json.dumps(row[place], sort_keys=True, ensure_ascii=False)
        prev = row[hash_at]
        yield row


def summary(samples: list, kind: str) -> str:
    mine = [s for s in samples if s[1] == kind]
    failed = [s for s in mine if s[3]]
    waits = sorted(s[2] for s in mine) or [0.0]
    median = statistics.median(waits) * 1000
    line = (
        f"{len(mine):>5} 次，失败 {len(failed):>3}；中位 {median:7.1f} ms，"
        f"p95 {waits[max(0, int(len(waits) * 0.95) - 1)] * 1000:7.1f} ms，"
        f"最长 {waits[-1] * 1000:8.1f} ms"
    )
    if failed:
        line += f"；首个失败：{failed[0][3]}"
    return line


def report(label: str, numbers: dict) -> None:
    print(
        f"{label}：{numbers['rows']:,} 行，写入 {numbers['written']:,} 行，"
        f"用时 {numbers['import_seconds']:.1f} s(其中校验 {numbers['validate_seconds']:.1f} s)，"
        f"{numbers['rows_per_second']:.0f} 行/s"
    )
    if numbers["errors"]:
        print(f"  导入错误(前5条)：{numbers['errors']}")
    floor = numbers["floor"]
    if floor:
        written = sum(floor["rows"].values())
        per_row = "，".join(f"{t} {n / numbers['rows']:.2f}" for t, n in floor["rows"].items())
        rate = numbers["rows"] / floor["seconds"]
        print(
            f"  下限(COPY 本次写入的 {written:,} 行回各表)：{floor['seconds']:.2f} s，"
            f"{rate:,.0f} 导入行/s；导入为其 {numbers['rows_per_second'] / rate:.4f}×"
        )
        print(f"  每导入行写入：{per_row}")
        least = numbers["rows"] / floor["least_python_seconds"]
        print(
            f"  不经任何规则、只做最少的 Python(逐行交给 COPY，审计行 JSON 与 SHA-256 链)："
            f"{floor['least_python_seconds']:.2f} s，{least:,.0f} 导入行/s，"
            f"为下限的 {least / rate:.2f}×"
        )
    for name, kind in (("审计写入", "write"), ("登录", "login")):
        print(f"  {name} 无导入时：{summary(numbers['baseline'], kind)}")
        print(f"  {name} 导入期间：{summary(numbers['during'], kind)}")


def run_one(database: str, rows: int) -> None:
    """In a fresh process (Django is set up once per process)."""
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-concurrency-") as tmp:
        workdir = Path(tmp)
        if database == "sqlite":
            report("SQLite", measure(f"sqlite:///{workdir / 'bench.sqlite3'}", rows, workdir))
        else:
            from bench.pg import throwaway_postgres

            with throwaway_postgres() as url:
                report("PostgreSQL 15", measure(url, rows, workdir))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--other-users", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.other_users:
        other_users(args.other_users[0], Path(args.other_users[1]))
        return
    if args.one:
        run_one(args.one, args.rows)
        return
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    for database in databases:
        command = [sys.executable, __file__, "--one", database, "--rows", str(args.rows)]
        subprocess.run(command, check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
