"""The annual report at 1 000 000 行政复议 cases: `fazhi report` to DOCX and to PDF, end to end.

    .venv/bin/python bench/bench_report.py [--cases 1000000] [--runs 3]

Throwaway PostgreSQL 15 (bench/pg.py), 红河州's org tree, --cases synthetic cases in the HISTORY
shape (bench/synthetic.py). Each format is written --runs times by `fazhi report 2021` as a fresh
process for 弥勒市 (the county) and for 红河州 (the prefecture); the median wall time is reported
with `python -c "import django; django.setup()"` as the floor every command pays. The output is
checked: a DOCX is a zip holding word/document.xml, a PDF starts with %PDF and has pages.

Targets (issue 7): DOCX ≤ 2 s and PDF ≤ 10 s at 1 000 000 rows.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, synthetic
from bench.pg import server_settings_line, throwaway_postgres

TARGETS = {"docx": 2.0, "pdf": 10.0}
SCOPES = {"弥勒市": "532504", "红河州": "532500"}


def timed(url: str, args: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(args, env=os.environ | common.django_env(url), check=True, capture_output=True)
    return time.perf_counter() - began


def checked(path: Path, fmt: str) -> str:
    data = path.read_bytes()
    if fmt == "docx":
        with zipfile.ZipFile(path) as docx:
            assert "word/document.xml" in docx.namelist(), "not a DOCX"
        return f"{len(data) / 1024:.0f} KB"
    assert data.startswith(b"%PDF"), "not a PDF"
    pages = pdf_pages(path)
    assert pages != 0, "a PDF without pages"
    return f"{len(data) / 1024:.0f} KB, {pages if pages else 'unknown number of'} pages"


def pdf_pages(path: Path) -> int | None:
    """The page count poppler's pdfinfo reads (WeasyPrint keeps its page objects in compressed
    object streams, where counting "/Type /Page" in the bytes finds none); None without it."""
    if shutil.which("pdfinfo") is None:
        return None
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    for line in info.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with throwaway_postgres() as url, tempfile.TemporaryDirectory() as out:
        print(f"PostgreSQL 15 throwaway cluster: {server_settings_line()}")
        common.setup_django(url)
        common.prepare(args.cases, synthetic.HISTORY)
        floor = common.median(
            [timed(url, [sys.executable, "-c", "import django; django.setup()"]) for _ in range(3)]
        )
        print(f"\nDjango start-up alone (the floor of every command): {floor:.2f} s\n")
        rows = []
        for scope, code in SCOPES.items():
            for fmt, target in TARGETS.items():
                path = Path(out) / f"report-{code}.{fmt}"
                command = [common.FAZHI, "report", "2021", "--unit", code, "-o", str(path)]
                seconds = common.median([timed(url, command) for _ in range(args.runs)])
                met = "met" if seconds <= target else "not met"
                rows.append(
                    [scope, fmt, f"{seconds:.2f} s", f"≤ {target:.0f} s: {met}", checked(path, fmt)]
                )
        print(common.table(["scope", "format", "median wall time", "target", "output"], rows))


if __name__ == "__main__":
    main()
