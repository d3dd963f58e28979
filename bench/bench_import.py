"""Import framework benchmark (not a test): rows per second and peak memory for a large ledger.

    .venv/bin/python bench/bench_import.py [--rows 200000] [--units 2000]

Builds a synthetic ledger (text, date, integer, choice columns) as XLSX (openpyxl write-only) and
as CSV, then imports each in a fresh process, so that process's peak RSS is the import's alone:
once with --dry-run (pass 1: validation) and once for real (validation + write, bulk-inserting
into a scratch table). Also imports an org directory through `create_unit`, which audits every
row, to show what a per-row service function costs. Targets: ≥ 5,000 rows/s, < 300 MB.

Everything runs against a temporary SQLite database (DATABASE_URL is set before django.setup()).
"""

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
KINDS = ["province", "prefecture", "county", "department", "town", "other"]
TARGET_ROWS_PER_SECOND = 5000
TARGET_PEAK_MB = 300


def setup_django(workdir: Path) -> None:
    sys.path.insert(0, str(PROJECT))
    from bench import common

    # Production-like settings (no debugging), as the PostgreSQL benchmarks have them.
    os.environ.update(common.django_env(f"sqlite:///{workdir / 'bench.sqlite3'}"))
    os.environ["FAZHI_VAR_DIR"] = str(workdir)
    import django

    django.setup()


def synthetic_rows(count: int):
    rng = random.Random(2021)
    start = dt.date(2020, 1, 1)
    for i in range(count):
        yield [
            f"法治宣传活动第{i}场",
            start + dt.timedelta(days=rng.randrange(730)),
            rng.randrange(1, 5000),
            "政府工作部门" if i % 3 else "乡镇(街道)",
        ]


HEADER = ["活动名称", "日期", "人数", "单位类别"]


def build_xlsx(path: Path, count: int) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("活动")
    sheet.append(HEADER)
    for row in synthetic_rows(count):
        sheet.append(row)
    workbook.save(path)


def build_csv(path: Path, count: int) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for name, day, people, kind in synthetic_rows(count):
            writer.writerow([name, day.isoformat(), people, kind])


def build_units_csv(path: Path, count: int) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["单位代码", "单位名称", "类别", "上级单位代码"])
        writer.writerow(["532504", "弥勒市人民政府", "县(市、区)级人民政府", ""])
        for i in range(count - 1):
            writer.writerow([f"532504-b{i}", f"弥勒市第{i}局", "政府工作部门", "532504"])


def register_bench_importer() -> None:
    from django.db import connection

    from fazhi.core.imports import Column, Importer, choice, date, integer, register, text
    from fazhi.core.models import UnitKind

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_activity "
            "(name TEXT, day DATE, people INTEGER, unit_kind TEXT)"
        )

    @register
    class ActivityImporter(Importer):
        kind, label = "bench-activities", "普法活动(基准测试)"
        columns = [
            Column("活动名称", "name", text(100)),
            Column("日期", "day", date),
            Column("人数", "people", integer(0, 100_000)),
            Column("单位类别", "unit_kind", choice(UnitKind)),
        ]

        def write(self, rows, actor):
            values = [(r["name"], r["day"].isoformat(), r["people"], r["unit_kind"]) for r in rows]
            with connection.cursor() as cursor:
                cursor.executemany("INSERT INTO bench_activity VALUES (%s, %s, %s, %s)", values)
            return len(rows)


def run_one(workdir: Path, kind: str, path: Path, dry_run: bool) -> dict:
    """In this (fresh) process: one import, its time and the process's peak RSS."""
    setup_django(workdir)
    register_bench_importer()
    from fazhi.core.audit import Channel
    from fazhi.core.imports import run_import

    started = time.perf_counter()
    result = run_import(kind, path, path.name, None, Channel.IMPORT, dry_run=dry_run)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {
        "rows": result.total_rows,
        "written": result.written,
        "errors": result.error_count,
        "seconds": round(seconds, 2),
        "rows_per_second": round(result.total_rows / seconds),
        "peak_mb": round(peak_kb / 1024),
    }


def measure(workdir: Path, kind: str, path: Path, dry_run: bool) -> dict:
    command = [sys.executable, __file__, "--run", kind, str(path), str(workdir)]
    if dry_run:
        command.append("--dry-run")
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def migrate(workdir: Path) -> None:
    setup_django(workdir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def report(label: str, numbers: dict, judged: bool = True) -> None:
    fast = numbers["rows_per_second"] >= TARGET_ROWS_PER_SECOND
    verdict = (
        ("达标" if fast and numbers["peak_mb"] < TARGET_PEAK_MB else "未达标") if judged else ""
    )
    padding = " " * (34 - sum(2 if ord(ch) > 0x2E80 else 1 for ch in label))
    print(
        f"{label}{padding} {numbers['rows']:>8,} 行 {numbers['seconds']:>7.2f} s "
        f"{numbers['rows_per_second']:>8,} 行/s  峰值内存 {numbers['peak_mb']:>4} MB  "
        f"写入 {numbers['written']:,}  错误 {numbers['errors']}  {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--units", type=int, default=2_000)
    parser.add_argument(
        "--run", nargs=3, metavar=("KIND", "FILE", "WORKDIR"), help=argparse.SUPPRESS
    )
    parser.add_argument("--dry-run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        kind, path, workdir = args.run
        print(json.dumps(run_one(Path(workdir), kind, Path(path), args.dry_run)))
        return

    with tempfile.TemporaryDirectory(prefix="fazhi-bench-import-") as tmp:
        workdir = Path(tmp)
        started = time.perf_counter()
        xlsx, csv_path, units = workdir / "活动.xlsx", workdir / "活动.csv", workdir / "单位.csv"
        build_xlsx(xlsx, args.rows)
        build_csv(csv_path, args.rows)
        build_units_csv(units, args.units)
        size_mb = xlsx.stat().st_size / 2**20, csv_path.stat().st_size / 2**20
        print(
            f"生成文件 {time.perf_counter() - started:.1f} s："
            f"XLSX {size_mb[0]:.1f} MB，CSV {size_mb[1]:.1f} MB，{args.rows:,} 行"
        )
        migrate(workdir)
        for label, path in (("XLSX", xlsx), ("CSV", csv_path)):
            report(f"{label} 仅校验(--dry-run)", measure(workdir, "bench-activities", path, True))
            report(f"{label} 校验+写入", measure(workdir, "bench-activities", path, False))
        # Not judged: the cost here is the service function's (queries and an audit row per unit).
        report("单位名录 create_unit(逐行审计)", measure(workdir, "units", units, False), False)
        print(f"目标：≥ {TARGET_ROWS_PER_SECOND:,} 行/s，峰值内存 < {TARGET_PEAK_MB} MB")


if __name__ == "__main__":
    main()
