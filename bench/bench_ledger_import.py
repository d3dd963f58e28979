"""A flat ledger at a city's volume (not a test): `fazhi import` rows/s against a raw COPY of the
same file into the same table, the import's peak memory, and how long the audit chain's head row
is locked meanwhile — on a throwaway PostgreSQL 15 cluster (pg.py).

    .venv/bin/python bench/bench_ledger_import.py [--rows 1000000] [--xlsx-rows 100000] [--quick]

The ledger is 调解案件台账 (kind `mediation`, one row a concluded case): of the flat ledgers —
records created whole, with no workflow history replayed — it has the most rows in a real county
year: 弥勒市 2021 reported 2 163 人民调解 and 2 612 行政调解 cases (seed figures med.people.cases,
med.admin.cases), against ~1 100 件次 of 法律顾问 work (often several a row) and a few hundred 普法
activities. Each row still goes through the whole check a case gets (受理 → 调解 → 成功/不成功/拒绝,
司法确认), its 编号 checked against the body's, the creator rule and reach, one audit row.

Steps, in one run:
1. migrate; 红河州's org tree and users (synthetic.py); 弥勒市's 调解组织 (a committee per town,
   行政调解 per department) with four 调解员 each, through the services;
2. a CSV of `--rows` valid rows (and an XLSX of `--xlsx-rows`), as the coordinator of 弥勒市司法局
   would upload them; 编号 given, as a body's own ledger has them;
3. the floor: the CSV read with the csv module, codes mapped to ids, the rows streamed into
   disputes_mediationcase with psycopg's `cursor.copy`, in a transaction rolled back afterwards;
   and the floor of an audited import: that COPY, then COPY of one ready-made audit row per row
   into core_auditentry (what the database must take, none of the work of building it);
   and the least Python an audited import must run, in one pass without any of the platform's
   rules: each row mapped, numbered from the sequence, COPYed, its audit row made (snapshot and
   hashed fields as sorted JSON, SHA-256 chained) and COPYed — what no import through the rules
   could beat on this machine, and how many µs a row of it is Python;
4. `fazhi import mediation FILE --user coordinator` as a subprocess (wall time; CPU from its
   rusage; peak RSS from its own /proc VmHWM, polled), while a thread, as another user's write,
   takes the audit head's row lock every 50 ms and times how long it waits: the longest wait is
   the longest time the import held it;
5. the same for the XLSX (after the CSV's rows are deleted again);
6. checks: every case written, one audit row each, and the chain verifies.
"""

import argparse
import csv
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402 (after the path is set)
from bench.pg import server_settings_line, throwaway_postgres  # noqa: E402

COUNTY = "532504"
MEDIATORS_PER_BODY = 4
PROBE_PAUSE = 0.05
HEADER = [
    "调解组织代码",
    "编号",
    "纠纷类型",
    "当事人",
    "联系电话",
    "调解来源",
    "受理日期",
    "调解员",
    "调解结果",
    "结案日期",
    "协议形式",
    "协议内容摘要",
    "协议生效日期",
    "申请司法确认日期",
    "受理法院",
    "司法确认结果",
    "司法确认裁定日期",
]
TARGET_ROWS_PER_SECOND = 25_000
TARGET_COPY_RATIO = 0.3
TARGET_PEAK_MB = 300
TARGET_LOCK_SECONDS = 1.0


# --- the data ------------------------------------------------------------------------------------


def make_bodies(org) -> list:
    """A 调解组织 per unit of the county (towns: committees; departments: 行政调解), with 调解员."""
    from fazhi.core.audit import Channel
    from fazhi.core.models import UnitKind
    from fazhi.disputes.mediation import services
    from fazhi.disputes.mediation.models import BodyKind

    bodies = []
    for suffix, unit in org.county(COUNTY).units.items():
        kind = BodyKind.TOWN if unit.kind == UnitKind.TOWN else BodyKind.AGENCY
        name = f"{unit.name}{'人民调解委员会' if kind == BodyKind.TOWN else '行政调解'}"
        body = services.create_body(
            None, Channel.CLI, code=f"{COUNTY}-{suffix}-tj", name=name, kind=kind, unit=unit
        )
        for i in range(MEDIATORS_PER_BODY):
            services.add_mediator(None, Channel.CLI, body=body, name=f"调解员{suffix}{i}")
        bodies.append(body)
    return bodies


def ledger_rows(bodies: list, count: int):
    """`count` valid concluded cases over 2019–2024: 60 % agreements (some confirmed by a court),
    25 % not agreed, 15 % refused; numbered per body and year as the body numbered them."""
    from fazhi.disputes.mediation.models import (
        AgreementForm,
        ConfirmationResult,
        DisputeType,
        MediationKind,
        Origin,
        Status,
    )

    rng = random.Random(2021)
    labels = {
        "type": [str(label) for label in DisputeType.labels],
        "origin": [str(label) for label in Origin.labels],
    }
    numbers: dict[tuple, int] = {}
    start = dt.date(2019, 1, 2)
    for i in range(count):
        body = bodies[i % len(bodies)]
        received = start + dt.timedelta(days=rng.randrange(6 * 365 - 60))
        key = (body.code, received.year)
        numbers[key] = numbers.get(key, 0) + 1
        head = "行调" if body.mediation_kind == MediationKind.ADMIN else "调"
        closed = received + dt.timedelta(days=rng.randrange(0, 25))
        roll = rng.random()
        row = {
            "调解组织代码": body.code,
            "编号": f"{head}〔{received.year}〕{numbers[key]}号",
            "纠纷类型": rng.choice(labels["type"]),
            "当事人": f"张{i}、李{i}",
            "调解来源": rng.choice(labels["origin"]),
            "受理日期": received.isoformat(),
            "调解员": f"调解员{body.code.split('-')[1]}{i % MEDIATORS_PER_BODY}",
            "结案日期": closed.isoformat(),
        }
        if roll < 0.15:
            row |= {"调解结果": str(Status.REFUSED.label), "调解员": ""}
        elif roll < 0.40:
            row |= {"调解结果": str(Status.FAILED.label)}
        else:
            oral = roll < 0.55
            row |= {
                "调解结果": str(Status.SUCCEEDED.label),
                "协议形式": str((AgreementForm.ORAL if oral else AgreementForm.WRITTEN).label),
                "协议内容摘要": f"双方就第{i}号纠纷达成一致，一方赔偿{rng.randrange(500, 50000)}元",
            }
            if not oral and roll > 0.95 and body.mediation_kind != MediationKind.ADMIN:
                applied = closed + dt.timedelta(days=rng.randrange(1, 20))
                row |= {
                    "申请司法确认日期": applied.isoformat(),
                    "受理法院": "弥勒市人民法院",
                    "司法确认结果": str(ConfirmationResult.VALID.label),
                    "司法确认裁定日期": (applied + dt.timedelta(days=5)).isoformat(),
                }
        yield [row.get(h, "") for h in HEADER]


def write_csv(path: Path, bodies: list, count: int) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(ledger_rows(bodies, count))


def write_xlsx(path: Path, bodies: list, count: int) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("调解台账")
    sheet.append(HEADER)
    for row in ledger_rows(bodies, count):
        sheet.append(row)
    workbook.save(path)


# --- the floor: COPY ---------------------------------------------------------------------------


COPY_COLUMNS = [
    "body_id",
    "unit_id",
    "kind",
    "number",
    "dispute_type",
    "parties",
    "party_phone",
    "summary",
    "origin",
    "mediator_id",
    "received_on",
    "started_on",
    "status",
    "mediation_due_on",
    "closed_on",
    "closing_note",
    "agreement_form",
    "agreement_on",
    "agreement_effective_on",
    "agreement_summary",
    "confirmation_applied_on",
    "confirmation_court",
    "confirmation_result",
    "confirmation_decided_on",
    "next_due_label",
    "claim_token",
    "created_at",
    "updated_at",
]


def copy_floor(path: Path, bodies: list, rollback: bool = True) -> float:
    """Read the CSV, map codes and labels to what the table stores, COPY the rows into the
    ledger's table; roll back. Returns the seconds it took."""
    from django.db import connection, transaction
    from django.utils import timezone

    by_code, mediators, kinds = _copy_maps(bodies)
    now = timezone.now()
    columns = ", ".join(COPY_COLUMNS)
    began = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor, open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            sql = f"COPY disputes_mediationcase ({columns}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for cells in reader:
                    copy.write_row(_copy_row(cells, by_code, mediators, kinds, now))
        took = time.perf_counter() - began
        transaction.set_rollback(rollback)
    return took


def _copy_maps(bodies: list) -> tuple[dict, dict, dict]:
    """What a COPY row is mapped by: the bodies by code, the 调解员 {(body id, name): id}, and
    {column: {label in the file: value stored}} of the ledger's choice columns."""
    from fazhi.disputes.mediation.models import (
        AgreementForm,
        ConfirmationResult,
        DisputeType,
        Mediator,
        Origin,
        Status,
    )

    def values(choices):
        return {str(label): value for value, label in choices.choices} | {"": ""}

    kinds = {
        "type": values(DisputeType),
        "origin": values(Origin),
        "status": values(Status),
        "form": values(AgreementForm),
        "confirmation": values(ConfirmationResult),
    }
    mediators = {(m.body_id, m.name): m.pk for m in Mediator.objects.all()}
    return {b.code: b for b in bodies}, mediators, kinds


AUDIT_COLUMNS = (
    "at, actor_label, channel, action, object_type, object_id, object_repr, before, after, "
    "prev_hash, hash"
)


def audited_copy_floor(path: Path, bodies: list) -> float:
    """The floor of an audited import: the same COPY of the rows, then COPY of one audit row per
    row into core_auditentry (with its indexes), its JSON a constant and its hashes dummies — the
    database's share of what the import must write, none of the work of building it. Rolled
    back. Returns the seconds both took."""
    from django.db import connection, transaction
    from django.utils import timezone

    now = timezone.now()
    after = '{"status": "succeeded", "on": "2021-03-05"}'
    with open(path, encoding="utf-8-sig") as handle:
        rows = sum(1 for _ in handle) - 1
    with transaction.atomic():
        began = time.perf_counter()
        copy_floor(path, bodies, rollback=False)
        with connection.cursor() as cursor:
            sql = f"COPY core_auditentry ({AUDIT_COLUMNS}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for i in range(rows):
                    copy.write_row(
                        (
                            now,
                            "协调员",
                            "import",
                            "登记已办结调解案件",
                            "mediation.mediationcase",
                            str(i),
                            f"调〔2021〕{i}号",
                            None,
                            after,
                            "0" * 64,
                            f"{i:064x}",
                        )
                    )
        took = time.perf_counter() - began
        transaction.set_rollback(True)
    return took


def least_python_import(path: Path, bodies: list) -> tuple[float, float]:
    """The least an audited import must do in Python, in one pass, none of the platform's rules:
    read and map each row as the COPY floor does, take its id from the table's sequence, COPY it,
    make its audit row (the snapshot as sorted JSON, the fields the hash covers as sorted JSON, a
    SHA-256 chained on the previous row's, as audit.py does) and COPY those. No creator rule, no
    reach, no statutory deadline, no transition, no 编号 check, no second pass. Rolled back.
    Returns (seconds with the database, seconds of the same Python writing nowhere): what no
    import through rules could beat, and how much of it is Python."""
    from django.db import connection, transaction

    with open(path, encoding="utf-8-sig") as handle:
        rows = sum(1 for _ in handle) - 1
    with transaction.atomic(), connection.cursor() as cursor:
        began = time.perf_counter()
        cursor.execute(
            "SELECT nextval('disputes_mediationcase_id_seq') FROM generate_series(1, %s)", [rows]
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        maps = _copy_maps(bodies)  # read before the COPY holds the connection
        audit_rows = []
        columns = ", ".join(["id", *COPY_COLUMNS])
        sql = f"COPY disputes_mediationcase ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for case, entry in _least_rows(path, maps, ids):
                copy.write_row(case)
                audit_rows.append(entry)
        with cursor.cursor.copy(f"COPY core_auditentry ({AUDIT_COLUMNS}) FROM STDIN") as copy:
            for entry in audit_rows:
                copy.write_row(entry)
        with_database = time.perf_counter() - began
        transaction.set_rollback(True)
    began = time.perf_counter()
    for _ in _least_rows(path, _copy_maps(bodies), range(1, rows + 1)):
        pass
    return with_database, time.perf_counter() - began


def _least_rows(path: Path, maps: tuple, ids):
    """(case row, audit row) for each line of the CSV, the audit rows chained."""
    import json
    from types import SimpleNamespace

    from django.utils import timezone

    from fazhi.core.audit import _chained, _hashed_fields, _hashed_text  # as the kernel does

    by_code, mediators, kinds = maps
    now = timezone.now()
    snapshot_columns = COPY_COLUMNS[:-2]  # not created_at, updated_at
    prev = "0" * 64
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for pk, cells in zip(ids, reader, strict=False):
            case = _copy_row(cells, by_code, mediators, kinds, now)
            after = {
                name: value.isoformat() if isinstance(value, dt.date) else value
                for name, value in zip(snapshot_columns, case, strict=False)
            }
            fields = _hashed_fields(
                SimpleNamespace(
                    at=now,
                    actor_id=None,
                    actor_label="协调员",
                    channel="import",
                    action="登记已办结调解案件",
                    object_type="mediation.mediationcase",
                    object_id=str(pk),
                    object_repr=case[3],
                    before=None,
                    after=after,
                )
            )
            digest = _chained(prev, _hashed_text(fields))
            after_text = json.dumps(after, sort_keys=True, ensure_ascii=False)
            entry = (now, "协调员", "import", fields["action"], fields["object_type"])
            entry += (str(pk), case[3], None, after_text, prev, digest)
            prev = digest
            yield (pk, *case), entry


def _copy_row(cells, by_code, mediators, kinds, now) -> tuple:
    (code, number, dispute, parties, phone, origin, received, mediator, outcome, closed) = cells[
        :10
    ]
    (form, summary, effective, applied, court, result, decided) = cells[10:]
    body = by_code[code]
    status = kinds["status"][outcome]
    received_on = dt.date.fromisoformat(received)
    closed_on = dt.date.fromisoformat(closed)
    return (
        body.pk,
        body.unit_id,
        body.mediation_kind,
        number,
        kinds["type"][dispute],
        parties,
        phone,
        "",
        kinds["origin"][origin],
        mediators.get((body.pk, mediator)),
        received_on,
        received_on if mediator else None,
        status,
        received_on + dt.timedelta(days=30),
        closed_on,
        "",
        kinds["form"][form],
        closed_on if form else None,
        (dt.date.fromisoformat(effective) if effective else closed_on) if form else None,
        summary,
        dt.date.fromisoformat(applied) if applied else None,
        court,
        kinds["confirmation"][result],
        dt.date.fromisoformat(decided) if decided else None,
        "",
        "",
        now,
        now,
    )


# --- the import, and the other user waiting for the audit head -----------------------------------


class HeadProbe(threading.Thread):
    """Another user's audited write, as far as the audit chain goes: lock the head row, commit;
    every PROBE_PAUSE seconds, timed."""

    def __init__(self, database_url: str):
        super().__init__(daemon=True)
        self.url = database_url
        self.waits: list[float] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as conn:
            while not self.stopping.is_set():
                began = time.perf_counter()
                with conn.transaction():
                    conn.execute("SELECT count FROM core_audithead WHERE id = 1 FOR UPDATE")
                self.waits.append(time.perf_counter() - began)
                time.sleep(PROBE_PAUSE)

    def stop(self) -> dict:
        self.stopping.set()
        self.join()
        waits = sorted(self.waits)
        return {
            "probes": len(waits),
            "longest_wait": waits[-1] if waits else 0.0,
            "p99_wait": waits[int(0.99 * (len(waits) - 1))] if waits else 0.0,
            "over_1s": sum(1 for w in waits if w > 1.0),
        }


def run_import(database_url: str, path: Path, workdir: Path) -> dict:
    """`fazhi import mediation PATH --user coordinator` in a child process: wall time, peak RSS
    (its own VmHWM), the head probe's waits meanwhile, and its last line."""
    env = os.environ | common.django_env(database_url)
    env |= {"FAZHI_VAR_DIR": str(workdir), "PYTHONPATH": str(ROOT)}
    command = [common.FAZHI, "import", "mediation", str(path), "--user", "coordinator"]
    probe = HeadProbe(database_url)
    probe.start()
    began = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, env=env, stdout=out, stderr=err)
        status, usage, peak_kb = _wait_watching_memory(child.pid)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - began
        waits = probe.stop()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if child.returncode != 0:
        raise RuntimeError(f"fazhi import failed ({child.returncode}):\n{stderr[-3000:]}")
    return {
        "seconds": seconds,
        "peak_mb": peak_kb / 1024,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "said": stdout.strip().splitlines()[-1] if stdout.strip() else "",
        **waits,
    }


def _wait_watching_memory(pid: int) -> tuple[int, object, int]:
    """Wait for the child: (its wait status, its rusage, its peak RSS in kB). The peak is the
    largest VmHWM of /proc/PID/status read every 50 ms, not rusage's ru_maxrss: that is kept
    across exec, so it counts this process's pages the child shared between fork and exec (this
    process holds the floors' rows: 230 MB reported where the import alone peaked at 178 MB)."""
    peak_kb = 0
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return status, usage, peak_kb
        try:
            with open(f"/proc/{pid}/status") as lines:
                for line in lines:
                    if line.startswith("VmHWM:"):
                        peak_kb = max(peak_kb, int(line.split()[1]))
        except (FileNotFoundError, ProcessLookupError):  # exited between the two reads
            pass
        time.sleep(PROBE_PAUSE)


def last_audit_id() -> int:
    from fazhi.core.models import AuditEntry

    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def check_written(rows: int, after_audit_id: int) -> dict:
    """Every case written with its audit row; the chain verifies (without anchors: none yet)."""
    from fazhi.core import audit
    from fazhi.core.models import AuditEntry
    from fazhi.disputes.mediation.models import MediationCase
    from fazhi.disputes.mediation.services import LEDGER_ACTION

    cases = MediationCase.objects.count()
    audited = AuditEntry.objects.filter(
        id__gt=after_audit_id, action=LEDGER_ACTION, object_type=MediationCase._meta.label
    ).count()
    began = time.perf_counter()
    problems = audit.verify(anchors=[])
    return {
        "cases": cases,
        "audit_rows": audited,
        "chain_problems": len(problems),
        "verify_seconds": time.perf_counter() - began,
        "ok": cases == rows and audited == rows and not problems,
    }


def clear_cases() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM disputes_mediationcase")


# --- the run -------------------------------------------------------------------------------------


def measure(database_url: str, label: str, path: Path, rows: int, workdir: Path, floor) -> list:
    audited_before = last_audit_id()
    took = run_import(database_url, path, workdir)
    rate = rows / took["seconds"]
    checked = check_written(rows, audited_before)
    print(
        f"  {label} import: {took['seconds']:.1f} s, {rate:,.0f} rows/s, "
        f"CPU {took['cpu_seconds']:.1f} s, peak RSS {took['peak_mb']:.0f} MB; "
        f"head lock: longest wait {took['longest_wait'] * 1000:.0f} ms, "
        f"p99 {took['p99_wait'] * 1000:.0f} ms over {took['probes']} probes, "
        f"{took['over_1s']} over 1 s; said: {took['said']}"
    )
    print(
        f"  {label} check: {checked['cases']:,} cases, {checked['audit_rows']:,} audit rows, "
        f"chain problems {checked['chain_problems']} (verify {checked['verify_seconds']:.1f} s)"
        f"{'' if checked['ok'] else '  <-- WRONG'}"
    )
    ratio = f"{rate / floor:.2f}×" if floor else "—"
    return [
        label,
        f"{rows:,}",
        f"{took['seconds']:.1f} s",
        f"{rate:,.0f}",
        ratio,
        f"{took['peak_mb']:.0f} MB",
        f"{took['longest_wait'] * 1000:.0f} ms",
        "yes" if checked["ok"] else "NO",
    ]


def _floor_row(label: str, rows: int, seconds: float, floor: float) -> list:
    rate = rows / seconds
    measured = [label, f"{rows:,}", f"{seconds:.1f} s", f"{rate:,.0f}", f"{rate / floor:.2f}×"]
    return [*measured, "—", "—", "—"]  # no peak RSS, head lock or check of their own


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="CSV rows (default 1 000 000)")
    parser.add_argument("--xlsx-rows", type=int, default=None, help="XLSX rows (default rows/10)")
    parser.add_argument("--quick", action="store_true", help="10 000 rows: a smoke check")
    args = parser.parse_args()
    rows = 10_000 if args.quick else args.rows
    xlsx_rows = args.xlsx_rows if args.xlsx_rows is not None else max(1, rows // 10)
    print(f"load average before: {os.getloadavg()}")
    print(f"PostgreSQL: {server_settings_line()}")
    with throwaway_postgres() as url, tempfile.TemporaryDirectory(prefix="fazhi-ledger-") as tmp:
        workdir = Path(tmp)
        common.setup_django(url)
        from bench import synthetic

        org = synthetic.build_org()
        synthetic.build_users(org)
        bodies = make_bodies(org)
        print(f"  {len(bodies)} 调解组织 of {COUNTY}, {MEDIATORS_PER_BODY} 调解员 each")

        csv_path, xlsx_path = workdir / "调解台账.csv", workdir / "调解台账.xlsx"
        began = time.perf_counter()
        write_csv(csv_path, bodies, rows)
        write_xlsx(xlsx_path, bodies, xlsx_rows)
        print(
            f"  files in {time.perf_counter() - began:.1f} s: CSV {rows:,} rows "
            f"({csv_path.stat().st_size / 2**20:.0f} MB), XLSX {xlsx_rows:,} rows "
            f"({xlsx_path.stat().st_size / 2**20:.1f} MB)"
        )

        copy_seconds = copy_floor(csv_path, bodies)
        floor = rows / copy_seconds
        print(f"  COPY floor: {copy_seconds:.1f} s, {floor:,.0f} rows/s (rolled back)")
        audited_seconds = audited_copy_floor(csv_path, bodies)
        audited_floor = rows / audited_seconds
        print(
            f"  COPY of the rows and one audit row each: {audited_seconds:.1f} s, "
            f"{audited_floor:,.0f} rows/s (rolled back)"
        )
        least_seconds, python_seconds = least_python_import(csv_path, bodies)
        least = rows / least_seconds
        print(
            f"  the least Python of an audited import (one pass, no rules): {least_seconds:.1f} s,"
            f" {least:,.0f} rows/s, {least / floor:.2f}× the COPY (rolled back); its Python"
            f" alone {python_seconds / rows * 1e6:.0f} µs a row"
        )
        results = [_floor_row("COPY (floor)", rows, copy_seconds, floor)]
        results.append(_floor_row("COPY + audit rows", rows, audited_seconds, floor))
        results.append(_floor_row("least Python, no rules", rows, least_seconds, floor))
        results.append(measure(url, "CSV", csv_path, rows, workdir, floor))
        clear_cases()
        results.append(measure(url, "XLSX", xlsx_path, xlsx_rows, workdir, None))
        print(f"load average after: {os.getloadavg()}")
        print()
        headers = [
            "what",
            "rows",
            "time",
            "rows/s",
            "/ COPY",
            "peak RSS",
            "head lock",
            "all audited",
        ]
        print(common.table(headers, results))
        print(
            f"targets: ≥ {TARGET_ROWS_PER_SECOND:,} rows/s and ≥ {TARGET_COPY_RATIO}× COPY, "
            f"peak RSS ≤ {TARGET_PEAK_MB} MB, head lock < {TARGET_LOCK_SECONDS:.0f} s"
        )


if __name__ == "__main__":
    main()
