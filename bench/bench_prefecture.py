"""A prefecture, in one command (not a test): its records made, then all its figures as a process.

    .venv/bin/python bench/bench_prefecture.py [--scale 1] [--counties 蒙自,河口] [--runs 3]

On a throwaway PostgreSQL 15 cluster (pg.py): `fazhi demo --prefecture` builds 弥勒市's demo city
and a year (2021) of every procedure that has a county generator for 红河州's other counties,
through the services, by weight × `--scale` (`--counties`: some of them only). Then, each as a
whole process, `--runs` times: `fazhi figures 2021 --unit 532500 --json` (every figure of the 州),
`fazhi figures 2021 --json` (弥勒市), and the floor every command pays (`django.setup()`).

Checked: the 州's count figures are its counties' added up — each county's own
`fazhi figures 2021 --unit CODE --json`, summed — as the platform promises (红河州's figures are
its counties' records, never re-typed).

Target (issue 7): all figures for the 州 ≤ 5 s.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common
from bench.pg import server_settings_line, throwaway_postgres

PREFECTURE, CITY = "532500", "532504"
TARGET_SECONDS = 5.0
# Figures that are counts of records: the 州's is the sum of its counties'.
ADDITIVE = ["rec.accepted", "rec.closed", "lit.total", "med.people.cases", "med.admin.cases"]


def figures(url: str, unit: str | None = None) -> tuple[float, dict]:
    args = ["figures", "2021", "--json", *(["--unit", unit] if unit else [])]
    seconds, out = common.run_fazhi(url, *args)
    return seconds, {f["id"]: f for f in json.loads(out)["figures"]}


def floor(url: str) -> float:
    began = time.perf_counter()
    command = [sys.executable, "-c", "import django; django.setup()"]
    subprocess.run(command, env=os.environ | common.django_env(url), check=True)
    return time.perf_counter() - began


def counties() -> list[str]:
    from fazhi.core.models import OrgUnit, UnitKind

    return list(
        OrgUnit.objects.filter(kind=UnitKind.COUNTY, parent__code=PREFECTURE).values_list(
            "code", flat=True
        )
    )


def check_sums(url: str, prefecture: dict) -> list[str]:
    """The 州's count figures against its counties' added up: what disagrees."""
    totals = dict.fromkeys(ADDITIVE, 0)
    for code in counties():
        _, county = figures(url, code)
        for fid in ADDITIVE:
            totals[fid] += county[fid]["value"] or 0
    return [
        f"{fid}: 州 {prefecture[fid]['value']}, 各县市之和 {totals[fid]}"
        for fid in ADDITIVE
        if (prefecture[fid]["value"] or 0) != totals[fid]
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--counties", default="", help="代码或简称，逗号分隔(默认全部)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with throwaway_postgres() as url:
        print(f"PostgreSQL 15 throwaway cluster: {server_settings_line()}")
        common.setup_django(url)
        demo = ["demo", "--prefecture", "--scale", str(args.scale)]
        demo += ["--counties", args.counties] if args.counties else []
        seconds, _ = common.run_fazhi(url, *demo)
        print(f"fazhi {' '.join(demo)}: {seconds:.0f} s")
        runs = {"州 (532500)": [], "弥勒市 (532504)": [], "django.setup()": []}
        for _ in range(args.runs):
            took, prefecture = figures(url, PREFECTURE)
            runs["州 (532500)"].append(took)
            runs["弥勒市 (532504)"].append(figures(url, CITY)[0])
            runs["django.setup()"].append(floor(url))
        rows = [
            [what, len(prefecture) if "州" in what else "", *(f"{s:.2f} s" for s in samples)]
            for what, samples in runs.items()
        ]
        print(
            common.table(["process", "figures", *(f"run {i + 1}" for i in range(args.runs))], rows)
        )
        wrong = check_sums(url, prefecture)
        best = min(runs["州 (532500)"])
        print(
            f"target: the 州's figures ≤ {TARGET_SECONDS:.0f} s — best {best:.2f} s: "
            f"{'met' if best <= TARGET_SECONDS else 'NOT met'}"
        )
        if wrong:
            raise SystemExit("州的计数指标不等于各县市之和：\n" + "\n".join(wrong))
        counted = ", ".join(f"{fid} {prefecture[fid]['value']}" for fid in ADDITIVE)
        print(f"the 州's count figures equal its counties' added up: {counted}")


if __name__ == "__main__":
    main()
