"""How fast are the 行政复议 figures over 1 000 000 cases, against the same counts in SQL by hand?

    .venv/bin/python bench/bench_figures.py [--cases 1000000] [--year 2021] [--rounds 5]

Same data as bench_pages (throwaway PostgreSQL 15, 红河州's 13 counties, HISTORY-shaped synthetic
cases over 2019–2026). For the county scope (弥勒市, 532504, what `fazhi figures` computes by
default) and the prefecture scope (红河州, 532500: all 13 counties, i.e. every case):

- compute_all(scope, Period.year(YEAR)) for the rec.* figures (the ORM path: one COUNT per figure,
  two per rate), against HAND: one hand-written SQL statement per figure (a rate's numerator and
  denominator in one statement with FILTER), and ONE: all of them in a single statement;
  interleaved, one warm-up round, median of --rounds; the hand SQL's values must equal the ORM's;
- each figure alone, ORM against its hand-written statement (median of --rounds);
- `fazhi figures YEAR --json` end to end as a subprocess (median of 3), for the default unit and
  for --unit 532500; with --skip-checks (Django's system checks import every URLconf, view and
  the API); for a town with no cases, and a bare `django.setup()`, as start-up baselines.

Targets: `fazhi figures` under 1 s; compute_all within 1.5× of the hand-written SQL.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, synthetic
from bench.pg import server_settings_line, throwaway_postgres

TARGET_CLI = 1.0
TARGET_RATIO = 1.5

_FROM = """FROM disputes_reconsiderationcase c JOIN core_orgunit o ON o.id = c.organ_id
WHERE o.path LIKE %(path)s"""
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
ONE = f"""SELECT
  count(*) FILTER (WHERE c.accepted_on {_IN_YEAR} OR ({_NOT_ACCEPTED})),
  count(*) FILTER (WHERE c.accepted_on {_IN_YEAR}),
  count(*) FILTER (WHERE {_NOT_ACCEPTED}),
  count(*) FILTER (WHERE {_CONCLUDED}),
  count(*) FILTER (WHERE c.applicant_type = 'private_enterprise' AND c.received_on {_IN_YEAR}),
  count(*) FILTER (WHERE {_CONCLUDED} AND c.applicant_type = 'private_enterprise'),
  count(*) FILTER (WHERE {_CONCLUDED} AND {_CORRECTIVE}),
  count(*) FILTER (WHERE {_CONCLUDED} AND c.closed_on <= c.decision_due_on)
{_FROM} AND (c.accepted_on {_IN_YEAR} OR c.closed_on {_IN_YEAR} OR c.received_on {_IN_YEAR})"""


def hand(cursor, params: dict, ids: list[str]) -> dict:
    values = {}
    for fid in ids:
        sql, is_rate = HAND[fid]
        cursor.execute(sql, params)
        row = cursor.fetchone()
        values[fid] = (row[0], row[1]) if is_rate else row[0]
    return values


def one(cursor, params: dict) -> dict:
    from fazhi.figures.registry import percent

    cursor.execute(ONE, params)
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


def bench_scope(scope, year: int, rounds: int, ids: list[str]) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fazhi.figures import registry, services

    period = registry.Period.year(year)
    params = {"path": scope.path + "%", "start": period.start, "end": period.end}
    samples = {"orm": [], "hand": [], "one": []}
    with connection.cursor() as cursor:
        for round_ in range(rounds + 1):  # round 0 warms the caches and is not counted
            times = {}
            began = time.perf_counter()
            computed = services.compute_all(scope, period, ids)
            times["orm"] = time.perf_counter() - began
            began = time.perf_counter()
            by_hand = hand(cursor, params, ids)
            times["hand"] = time.perf_counter() - began
            began = time.perf_counter()
            single = one(cursor, params)
            times["one"] = time.perf_counter() - began
            if round_:
                for key, value in times.items():
                    samples[key].append(value)
        orm = orm_values(computed)
        assert orm == by_hand, f"hand SQL disagrees with the ORM:\n{orm}\n{by_hand}"
        shown = {c.figure.id: c.result.value for c in computed}
        assert shown == single, f"single statement disagrees with the ORM:\n{shown}\n{single}"

        per_figure = []
        for fid in ids:
            fig = registry.get(fid)
            orm_t, value = timed(lambda fig=fig: fig.compute(scope, period), rounds)
            hand_t, _ = timed(lambda fid=fid: hand(cursor, params, [fid]), rounds)
            per_figure.append(
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
        everything, _ = timed(
            lambda: services.problems(services.compute_all(scope, period)), rounds
        )
        slowest = max(queries, key=lambda q: float(q["time"]))
    return {
        "orm": common.median(samples["orm"]),
        "hand": common.median(samples["hand"]),
        "one": common.median(samples["one"]),
        "per_figure": per_figure,
        "queries": len(queries),
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    with throwaway_postgres() as url:
        print(f"PostgreSQL 15 throwaway cluster: {server_settings_line()}")
        common.setup_django(url)
        org, _, _ = common.prepare(args.cases, synthetic.HISTORY)
        print("  " + ", ".join(f"{s} {c:,}" for s, c in synthetic.describe()))
        ids = list(HAND)

        results = {}
        for label, scope in (
            ("county 弥勒市 532504", org.county("532504").government),
            ("prefecture 红河州 532500", org.prefecture),
        ):
            r = results[label] = bench_scope(scope, args.year, args.rounds, ids)
            print(f"\n### {label}, {args.year}: rec.* figures\n")
            print(
                common.table(
                    ["figure", "value", "ORM (fig.compute)", "hand SQL", "ORM / hand"],
                    r["per_figure"],
                )
            )
            print(
                f"\ncompute_all, {len(ids)} rec.* figures ({r['queries']} queries): "
                f"{common.ms(r['orm'])}; hand SQL, one statement per figure: "
                f"{common.ms(r['hand'])} → ORM / hand = {r['orm'] / r['hand']:.2f}×; "
                f"all in one statement: {common.ms(r['one'])} → ORM / one = "
                f"{r['orm'] / r['one']:.2f}×"
            )
            print(
                f"compute_all + problems(), all {r['figures']} registered figures: "
                f"{common.ms(r['all'])}"
            )
            q = r["slowest"]
            print(f"\nslowest ORM query ({float(q['time']) * 1000:.1f} ms):\n{q['sql']}\n")
            print(common.explain(q["sql"]))

        print(f"\n### `fazhi figures {args.year} --json` as a subprocess (median of 3)\n")
        town = org.county("532504").units["t0"].code
        rows = []
        cli_times = {}
        for label, extra in (
            ("default unit (弥勒市)", []),
            ("--unit 532500 (红河州)", ["--unit", "532500"]),
            ("default unit, --skip-checks", ["--skip-checks"]),
            (f"--unit {town} (a town: no cases; start-up baseline)", ["--unit", town]),
        ):
            elapsed, payload = cli(url, "figures", str(args.year), "--json", *extra)
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
        setup_only = startup(url)
        rows.append(
            [
                "`python -c 'django.setup()'` (no command, no checks)",
                f"{setup_only:.2f} s",
                "",
                "",
                "",
            ]
        )
        print(common.table(["command", "wall time", "figures", "problems", "rec.closed"], rows))
        county = results["county 弥勒市 532504"]["values"]
        assert rows[0][4] == county["rec.closed"], "the command disagrees with compute_all"

        print("\n### targets\n")
        for label, r in results.items():
            ratio = r["orm"] / r["hand"]
            verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
            print(
                f"{label}: compute_all / hand SQL = {ratio:.2f}× (target ≤ {TARGET_RATIO}×): "
                f"{verdict}"
            )
        for label, elapsed in list(cli_times.items())[:2]:
            verdict = "met" if elapsed < TARGET_CLI else "NOT met"
            print(
                f"fazhi figures {args.year} --json, {label}: {elapsed:.2f} s "
                f"(target < {TARGET_CLI:.0f} s): {verdict}"
            )


if __name__ == "__main__":
    main()
