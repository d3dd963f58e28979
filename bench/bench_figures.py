"""How fast are the figures over 1 000 000 cases, against the same counts in SQL by hand?

    .venv/bin/python bench/bench_figures.py [--cases 1000000] [--year 2021] [--rounds 5]
    .venv/bin/python bench/bench_figures.py --small     # 2 000 cases, one round: < 1 min, for CI

Same data as bench_pages (throwaway PostgreSQL 15, 红河州's 13 counties, HISTORY-shaped synthetic
行政复议 cases over 2019–2026; the other procedures' tables are empty). For the county scope
(弥勒市, 532504, what `fazhi figures` computes by default), the prefecture scope (红河州, 532500:
all 13 counties, i.e. every case) and a town with no cases:

- compute_all(scope, Period.year(YEAR), rec.* ids) — the kernel counts a table's figures in one
  aggregate over the scope's unit ids — against SQL written by hand for the same numbers:
  PER FIGURE, one statement per figure (a rate's numerator and denominator in one, with FILTER);
  and all eight in ONE statement (COUNT(*) FILTER (WHERE …) per figure, over the rows any of
  them counts), with the scope written three ways: a join on the units' path (LIKE), a subquery
  of the subtree's ids, and the ids read first and given as an array. The best of the three is
  the target's yardstick. Interleaved, one warm-up round, median of --rounds; every hand-written
  variant must give the ORM's values;
- each figure alone (the drill-down page's path), ORM against its hand-written statement;
- all registered figures (compute_all + problems()) and their query count;
- `fazhi figures YEAR --json` end to end as a subprocess (median of --cli-runs), for the default
  unit, for --unit 532500 and for the town; `django.setup()` alone as the floor of any command;
  and where a command's start-up goes (`python -X importtime`, largest top-level imports).

Targets (issue 7): compute_all ≤ 1.5× the best hand-written SQL; a scope without rows answers in
milliseconds (all figures ≤ 100 ms; its ratio to a sub-millisecond statement only shows the ORM's
fixed cost); `fazhi figures` ≤ 1 s.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, synthetic
from bench.pg import server_settings_line, throwaway_postgres

TARGET_CLI = 1.0
TARGET_RATIO = 1.5
TARGET_EMPTY = 0.1  # s: all figures of a scope with no rows

_FROM = """FROM disputes_reconsiderationcase c JOIN core_orgunit o ON o.id = c.organ_id
WHERE o.path LIKE %(path)s"""
# The scope written by hand three ways (see the docstring); each gives the FROM … WHERE of ONE.
SCOPES = {
    "path join": _FROM,
    "ids subquery": """FROM disputes_reconsiderationcase c
WHERE c.organ_id IN (SELECT id FROM core_orgunit WHERE path LIKE %(path)s)""",
    "ids array": """FROM disputes_reconsiderationcase c WHERE c.organ_id = ANY(%(units)s)""",
}
_IN_YEAR = "BETWEEN %(start)s AND %(end)s"
_CONCLUDED = f"c.status IN ('decided', 'terminated') AND c.closed_on {_IN_YEAR}"
_NOT_ACCEPTED = f"c.status IN ('rejected', 'referred') AND c.closed_on {_IN_YEAR}"
_CORRECTIVE = (
    "c.outcome IN ('revoked', 'varied', 'confirmed_illegal', 'confirmed_invalid',"
    " 'ordered_performance')"
)

# The rec.* figures as one would write them by hand: (sql, returns a (numerator, denominator)?)
HAND = {
    "rec.reviewed": (
        f"SELECT count(*) {_FROM} AND (c.accepted_on {_IN_YEAR} OR ({_NOT_ACCEPTED}))",
        False,
    ),
    "rec.accepted": (f"SELECT count(*) {_FROM} AND c.accepted_on {_IN_YEAR}", False),
    "rec.rejected": (f"SELECT count(*) {_FROM} AND {_NOT_ACCEPTED}", False),
    "rec.closed": (f"SELECT count(*) {_FROM} AND {_CONCLUDED}", False),
    "rec.private_enterprise.received": (
        f"SELECT count(*) {_FROM} AND c.applicant_type = 'private_enterprise'"
        f" AND c.received_on {_IN_YEAR}",
        False,
    ),
    "rec.private_enterprise.closed": (
        f"SELECT count(*) {_FROM} AND {_CONCLUDED} AND c.applicant_type = 'private_enterprise'",
        False,
    ),
    "rec.correction_rate": (
        f"SELECT count(*) FILTER (WHERE {_CORRECTIVE}), count(*) {_FROM} AND {_CONCLUDED}",
        True,
    ),
    "rec.on_time_rate": (
        f"SELECT count(*) FILTER (WHERE c.closed_on <= c.decision_due_on), count(*) {_FROM}"
        f" AND {_CONCLUDED}",
        True,
    ),
}

# All of them in one pass over the scope's cases touched in the year.
_ONE = f"""SELECT
  count(*) FILTER (WHERE c.accepted_on {_IN_YEAR} OR ({_NOT_ACCEPTED})),
  count(*) FILTER (WHERE c.accepted_on {_IN_YEAR}),
  count(*) FILTER (WHERE {_NOT_ACCEPTED}),
  count(*) FILTER (WHERE {_CONCLUDED}),
  count(*) FILTER (WHERE c.applicant_type = 'private_enterprise' AND c.received_on {_IN_YEAR}),
  count(*) FILTER (WHERE {_CONCLUDED} AND c.applicant_type = 'private_enterprise'),
  count(*) FILTER (WHERE {_CONCLUDED} AND {_CORRECTIVE}),
  count(*) FILTER (WHERE {_CONCLUDED} AND c.closed_on <= c.decision_due_on)
{{scope}} AND (c.accepted_on {_IN_YEAR} OR c.closed_on {_IN_YEAR} OR c.received_on {_IN_YEAR})"""
ONE = {name: _ONE.replace("{scope}", scope) for name, scope in SCOPES.items()}


def hand(cursor, params: dict, ids: list[str]) -> dict:
    values = {}
    for fid in ids:
        sql, is_rate = HAND[fid]
        cursor.execute(sql, params)
        row = cursor.fetchone()
        values[fid] = (row[0], row[1]) if is_rate else row[0]
    return values


def one(cursor, params: dict, scope: str) -> dict:
    from fazhi.figures.registry import percent

    if scope == "ids array":  # the ids are read first, as the kernel does, and timed with it
        cursor.execute("SELECT id FROM core_orgunit WHERE path LIKE %(path)s", params)
        params = params | {"units": [row[0] for row in cursor.fetchall()]}
    cursor.execute(ONE[scope], params)
    r = cursor.fetchone()
    return {
        "rec.reviewed": r[0],
        "rec.accepted": r[1],
        "rec.rejected": r[2],
        "rec.closed": r[3],
        "rec.private_enterprise.received": r[4],
        "rec.private_enterprise.closed": r[5],
        "rec.correction_rate": percent(r[6], r[3]),
        "rec.on_time_rate": percent(r[7], r[3]),
    }


RAW = "the kernel's own statements, run raw"


def run_raw(cursor, sql: str) -> list:
    cursor.execute(sql)
    return cursor.fetchall()


def orm_values(computed) -> dict:
    return {
        c.figure.id: (c.result.numerator, c.result.denominator)
        if c.result.denominator is not None
        else c.result.value
        for c in computed
    }


def timed(function, rounds: int) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(rounds):
        began = time.perf_counter()
        result = function()
        samples.append(time.perf_counter() - began)
    return common.median(samples), result


def bench_scope(scope, year: int, rounds: int, ids: list[str], per_figure: bool = True) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fazhi.figures import registry, services

    period = registry.Period.year(year)
    params = {"path": scope.path + "%", "start": period.start, "end": period.end}
    samples = {"orm": [], "hand": [], **{name: [] for name in ONE}}
    with connection.cursor() as cursor:
        for round_ in range(rounds + 1):  # round 0 warms the caches and is not counted
            times = {}
            began = time.perf_counter()
            computed = services.compute_all(scope, period, ids)
            times["orm"] = time.perf_counter() - began
            began = time.perf_counter()
            by_hand = hand(cursor, params, ids)
            times["hand"] = time.perf_counter() - began
            singles = {}
            for name in ONE:
                began = time.perf_counter()
                singles[name] = one(cursor, params, name)
                times[name] = time.perf_counter() - began
            if round_:
                for key, value in times.items():
                    samples[key].append(value)
        orm = orm_values(computed)
        assert orm == by_hand, f"hand SQL disagrees with the ORM:\n{orm}\n{by_hand}"
        shown = {c.figure.id: c.result.value for c in computed}
        for name, single in singles.items():
            assert shown == single, f"ONE ({name}) disagrees with the ORM:\n{shown}\n{single}"

        rows = []
        for fid in ids if per_figure else []:
            fig = registry.get(fid)
            orm_t, value = timed(lambda fig=fig: fig.compute(scope, period), rounds)
            hand_t, _ = timed(lambda fid=fid: hand(cursor, params, [fid]), rounds)
            rows.append(
                [
                    fid,
                    fig.format(value.value),
                    common.ms(orm_t),
                    common.ms(hand_t),
                    f"{orm_t / hand_t:.2f}×",
                ]
            )

        with CaptureQueriesContext(connection) as captured:
            services.compute_all(scope, period, ids)
        queries = list(captured.captured_queries)
        # The same statements written out by hand (the SQL the kernel sent, parameters in place)
        # and run without the ORM: what remains of compute_all's time is the ORM's own.
        raw, _ = timed(lambda: [run_raw(cursor, q["sql"]) for q in queries], rounds)
        with CaptureQueriesContext(connection) as captured_all:
            services.compute_all(scope, period)
        everything, _ = timed(
            lambda: services.problems(services.compute_all(scope, period)), rounds
        )
        slowest = max(queries, key=lambda q: float(q["time"]))
    medians = {key: common.median(values) for key, values in samples.items()}
    medians[RAW] = raw
    best = min([*ONE, RAW], key=lambda name: medians[name])
    return {
        **medians,
        "best": best,
        "per_figure": rows,
        "queries": len(queries),
        "queries_all": len(captured_all.captured_queries),
        "all": everything,
        "figures": len(registry.all_figures()),
        "slowest": slowest,
        "values": shown,
    }


def cli(url: str, *args: str, runs: int = 3) -> tuple[float, dict]:
    times, payload = [], None
    for _ in range(runs):
        elapsed, out = common.run_fazhi(url, *args)
        times.append(elapsed)
        payload = json.loads(out)
    return common.median(times), payload


def startup(url: str, runs: int = 3) -> float:
    """Median wall time of a Python process that only sets Django up: the floor of any command."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "import django; django.setup()"],
            check=True,
            env=os.environ | common.django_env(url),
        )
        times.append(time.perf_counter() - began)
    return common.median(times)


IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| ( *)(\S+)")


def import_profile(url: str, *args: str, top: int = 8) -> tuple[float, list[list]]:
    """`python -X importtime -m fazhi.cli ARGS`: the total import time, and the largest top-level
    packages by cumulative time (a package's imports made inside its own count toward it)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "fazhi.cli", *args],
        env=os.environ | common.django_env(url),
        capture_output=True,
        text=True,
        check=True,
    )
    by_package: dict[str, int] = {}
    total = 0
    for line in done.stderr.splitlines():
        match = IMPORT_LINE.match(line)
        if match and not match.group(3):  # top level: not imported by another import
            cumulative, name = int(match.group(2)), match.group(4)
            total += cumulative
            package = name.split(".")[0]
            if package == "fazhi":
                package = ".".join(name.split(".")[:3])
            by_package[package] = by_package.get(package, 0) + cumulative
    ranked = sorted(by_package.items(), key=lambda item: -item[1])[:top]
    return total / 1e6, [[name, f"{us / 1000:.0f} ms"] for name, us in ranked]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cli-runs", type=int, default=3)
    parser.add_argument(
        "--small",
        action="store_true",
        help="2 000 cases, one round, one run of each command: checks that the script works",
    )
    args = parser.parse_args()
    if args.small:
        args.cases, args.rounds, args.cli_runs = min(args.cases, 2_000), 1, 1

    with throwaway_postgres() as url:
        print(f"PostgreSQL 15 throwaway cluster: {server_settings_line()}")
        common.setup_django(url)
        org, _, _ = common.prepare(args.cases, synthetic.HISTORY)
        print("  " + ", ".join(f"{s} {c:,}" for s, c in synthetic.describe()))
        ids = list(HAND)
        town = org.county("532504").units["t0"]

        results = {}
        for label, scope, per_figure in (
            ("county 弥勒市 532504", org.county("532504").government, True),
            ("prefecture 红河州 532500", org.prefecture, True),
            (f"town {town.code} (no cases)", town, False),
        ):
            r = results[label] = bench_scope(scope, args.year, args.rounds, ids, per_figure)
            print(f"\n### {label}, {args.year}: rec.* figures\n")
            if r["per_figure"]:
                print(
                    common.table(
                        ["figure", "value", "ORM alone (fig.compute)", "hand SQL", "ORM / hand"],
                        r["per_figure"],
                    )
                    + "\n"
                )
            print(
                common.table(
                    ["what", "median", "compute_all / it"],
                    [
                        [
                            f"compute_all, {len(ids)} rec.* figures ({r['queries']} queries)",
                            common.ms(r["orm"]),
                            "1.00×",
                        ],
                        [
                            "hand SQL, one statement per figure (path join)",
                            common.ms(r["hand"]),
                            f"{r['orm'] / r['hand']:.2f}×",
                        ],
                    ]
                    + [
                        [
                            f"hand SQL, all in one statement, scope by {name}"
                            + (" (best)" if name == r["best"] else ""),
                            common.ms(r[name]),
                            f"{r['orm'] / r[name]:.2f}×",
                        ]
                        for name in ONE
                    ]
                    + [
                        [
                            RAW + (" (best)" if r["best"] == RAW else ""),
                            common.ms(r[RAW]),
                            f"{r['orm'] / r[RAW]:.2f}×",
                        ]
                    ],
                )
            )
            print(
                f"\ncompute_all + problems(), all {r['figures']} registered figures "
                f"({r['queries_all']} queries): {common.ms(r['all'])}"
            )
            q = r["slowest"]
            print(f"\nslowest ORM query ({float(q['time']) * 1000:.1f} ms):\n{q['sql']}\n")
            print(common.explain(q["sql"]))

        runs = args.cli_runs
        print(f"\n### `fazhi figures {args.year} --json` as a subprocess (median of {runs})\n")
        rows = []
        cli_times = {}
        for label, extra in (
            ("default unit (弥勒市)", []),
            ("--unit 532500 (红河州)", ["--unit", "532500"]),
            (f"--unit {town.code} (a town: no cases)", ["--unit", town.code]),
        ):
            elapsed, payload = cli(url, "figures", str(args.year), "--json", *extra, runs=runs)
            cli_times[label] = elapsed
            values = {f["id"]: f["value"] for f in payload["figures"]}
            rows.append(
                [
                    label,
                    f"{elapsed:.2f} s",
                    len(payload["figures"]),
                    len(payload["problems"]),
                    values.get("rec.closed"),
                ]
            )
        setup_only = startup(url, runs)
        rows.append(
            [
                "`python -c 'django.setup()'` (no command)",
                f"{setup_only:.2f} s",
                "",
                "",
                "",
            ]
        )
        print(common.table(["command", "wall time", "figures", "problems", "rec.closed"], rows))
        county = results["county 弥勒市 532504"]["values"]
        assert rows[0][4] == county["rec.closed"], "the command disagrees with compute_all"

        total, heaviest = import_profile(url, "figures", str(args.year), "--json")
        print(f"\n`python -X importtime -m fazhi.cli figures {args.year} --json`: {total:.2f} s")
        print("of imports; the largest top-level ones (cumulative):\n")
        print(common.table(["import", "time"], heaviest))

        print("\n### targets\n")
        for label, r in results.items():
            ratio = r["orm"] / r[r["best"]]
            verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
            print(
                f"{label}: compute_all / best hand SQL ({r['best']}) = {ratio:.2f}× "
                f"({common.ms(r['orm'])} / {common.ms(r[r['best']])}; target ≤ {TARGET_RATIO}×):"
                f" {verdict}"
            )
        # A scope without rows: the statement itself takes a millisecond, so the ratio above
        # measures the ORM's fixed cost; the goal is that such a scope costs milliseconds.
        empty = results[f"town {town.code} (no cases)"]
        verdict = "met" if empty["all"] <= TARGET_EMPTY else "NOT met"
        print(
            f"town without cases, all {empty['figures']} figures: {common.ms(empty['all'])} "
            f"(target: milliseconds, ≤ {TARGET_EMPTY * 1000:.0f} ms, against "
            f"{common.ms(results['county 弥勒市 532504']['all'])} for the county): {verdict}"
        )
        for label, elapsed in cli_times.items():
            verdict = "met" if elapsed <= TARGET_CLI else "NOT met"
            print(
                f"fazhi figures {args.year} --json, {label}: {elapsed:.2f} s "
                f"(target ≤ {TARGET_CLI:.0f} s): {verdict}"
            )


if __name__ == "__main__":
    main()
