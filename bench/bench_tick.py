"""`fazhi tick` over 1 000 000 open 行政复议 cases: how long, and do two at once ever double up?

    .venv/bin/python bench/bench_tick.py [--cases 1000000] [--overdue 0.11]

Throwaway PostgreSQL 15 (bench/pg.py), 红河州's org tree, --cases synthetic cases in the OPEN shape
(bench/synthetic.py: all open; 3% 待审查, 3% 补正中, 10% 中止, 84% 审理中; a share --overdue of them
drawn overdue, which leaves ~10% overdue since 中止 has no due date). Then:

1. one `fazhi tick` as a subprocess, timed end to end; each step's time is read from when its
   progress line arrives; the JobRun's stats JSON is printed; every overdue case must then have
   exactly one Notice (Notice.link is the case's URL);
2. the cases' tick-touched columns are restored from a snapshot taken before step 1, and the
   Notice rows deleted (VACUUM ANALYZE after);
3. two `fazhi tick` subprocesses started at the same moment; the time until both have finished;
   both JobRuns' stats; and the same check: each overdue case exactly one Notice, no case two,
   and no case deemed accepted (视为受理) twice (its audit rows).

Target (issue 7): one tick in ≤ 15 s; two at once never do the same thing twice.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, synthetic
from bench.pg import server_settings_line, throwaway_postgres

TARGET = 15.0  # issue 7: ≤ 15 s over 1 000 000 open items
CASES = synthetic.CASES
OPEN = "('received', 'correcting', 'accepted', 'suspended')"
TOUCHED = [
    "status",
    "accepted_on",
    "deemed_accepted",
    "decision_due_on",
    "next_due_on",
    "next_due_label",
    "overdue_notified_on",
    "claim_token",
    "updated_at",
]


def sql(query: str, params=None) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(query, params or [])
        return cursor.fetchall() if cursor.description else []


def counts(today) -> dict:
    row = sql(
        f"SELECT count(*) FILTER (WHERE status IN {OPEN} AND next_due_on < %s),"
        f" count(*) FILTER (WHERE status = 'received' AND law = '2023' AND next_due_on < %s)"
        f" FROM {CASES}",
        [today, today],
    )[0]
    return {"overdue": row[0], "deem_candidates": row[1]}


def check_notices(today) -> dict:
    """Each case overdue now has exactly one Notice, no case has two, no stray notices."""
    row = sql(
        f"""WITH n AS (SELECT link, count(*) AS k FROM core_notice GROUP BY link),
                 o AS (SELECT '/fuyi/' || id || '/' AS link FROM {CASES}
                       WHERE status IN {OPEN} AND next_due_on < %s)
            SELECT (SELECT count(*) FROM o),
                   (SELECT count(*) FROM core_notice),
                   (SELECT count(*) FROM n WHERE k > 1),
                   (SELECT count(*) FROM o
                     WHERE NOT EXISTS (SELECT 1 FROM n WHERE n.link = o.link)),
                   (SELECT count(*) FROM n
                     WHERE NOT EXISTS (SELECT 1 FROM o WHERE o.link = n.link))""",
        [today],
    )[0]
    result = dict(
        zip(
            ["overdue_now", "notices", "cases_with_2+", "overdue_without", "stray"],
            row,
            strict=True,
        )
    )
    result["ok"] = (
        result["notices"] == result["overdue_now"]
        and not result["cases_with_2+"]
        and not result["overdue_without"]
        and not result["stray"]
    )
    return result


def deemed_twice(after_audit_id: int) -> tuple[int, int]:
    row = sql(
        "SELECT count(*), count(*) - count(DISTINCT object_id) FROM core_auditentry"
        " WHERE action = '视为受理' AND id > %s",
        [after_audit_id],
    )[0]
    return row[0], row[1]


def why_refused(today) -> str:
    """Try 视为受理 on one case the tick left, inside a transaction that is rolled back."""
    from django.db import transaction

    from fazhi.core.audit import Channel
    from fazhi.core.workflow import Refusal
    from fazhi.disputes.reconsideration import services
    from fazhi.disputes.reconsideration.models import ReconsiderationCase

    case = ReconsiderationCase.objects.filter(
        status="received", law="2023", next_due_on__lt=today
    ).first()
    if case is None:
        return "(none left)"
    try:
        with transaction.atomic():
            services.deem_accepted(None, Channel.CLI, case)
            transaction.set_rollback(True)
    except Refusal as exc:
        return f"{case.number} (received {case.received_on}): {' '.join(exc.messages)}"
    return f"{case.number}: not refused now"


def start_tick(url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [common.FAZHI, "tick"],
        env=os.environ | common.django_env(url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def follow(process: subprocess.Popen, began: float) -> tuple[float, list[tuple[float, str]]]:
    """Read the progress lines as they come; (end time, [(seconds since start, line)])."""
    lines = [(time.perf_counter() - began, line.rstrip()) for line in process.stdout]
    code = process.wait()
    if code != 0:
        raise RuntimeError(f"fazhi tick failed ({code}):\n{process.stderr.read()}")
    return time.perf_counter() - began, lines


def job_runs(after_id: int) -> list[tuple[int, float, dict]]:
    rows = sql(
        "SELECT id, extract(epoch FROM finished_at - started_at), stats FROM core_jobrun"
        " WHERE id > %s ORDER BY id",
        [after_id],
    )
    return [(i, float(s), st if isinstance(st, dict) else json.loads(st)) for i, s, st in rows]


def reset() -> float:
    began = time.perf_counter()
    columns = ", ".join(f"{c} = s.{c}" for c in TOUCHED)
    sql(
        f"UPDATE {CASES} c SET {columns} FROM bench_snapshot s WHERE c.id = s.id"
        f" AND (c.status <> s.status OR c.overdue_notified_on IS NOT NULL)"
    )
    sql("DELETE FROM core_notice")
    sql(f"VACUUM ANALYZE {CASES}")
    sql("VACUUM ANALYZE core_notice")
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--overdue", type=float, default=0.11)
    args = parser.parse_args()

    with throwaway_postgres() as url:
        print(f"PostgreSQL 15 throwaway cluster: {server_settings_line()}")
        common.setup_django(url)
        from django.utils import timezone

        common.prepare(args.cases, synthetic.OPEN, overdue=args.overdue)
        today = timezone.localdate()
        print("  " + ", ".join(f"{s} {c:,}" for s, c in synthetic.describe()))
        before = counts(today)
        print(
            f"  overdue {before['overdue']:,} ({before['overdue'] / args.cases:.1%}); of them "
            f"待审查 under the 2023 law (candidates for 视为受理): {before['deem_candidates']:,}"
        )
        sql(f"CREATE TABLE bench_snapshot AS SELECT id, {', '.join(TOUCHED)} FROM {CASES}")
        sql("CREATE UNIQUE INDEX ON bench_snapshot (id)")

        # 1. One tick.
        print("\n### one `fazhi tick`\n")
        last_run = (sql("SELECT max(id) FROM core_jobrun")[0][0]) or 0
        audit_mark = sql("SELECT coalesce(max(id), 0) FROM core_auditentry")[0][0]
        began = time.perf_counter()
        wall, lines = follow(start_tick(url), began)
        for at, line in lines:
            print(f"  {at:6.1f} s  {line}")
        ((_, job_seconds, single),) = job_runs(last_run)
        print(f"wall time {wall:.1f} s (JobRun started→finished {job_seconds:.1f} s)")
        print(f"JobRun.stats: {json.dumps(single, ensure_ascii=False)}")
        after = counts(today)
        print(
            f"left after the tick: {after['deem_candidates']:,} 待审查 2023-law cases overdue; "
            f"why 视为受理 refused one of them: {why_refused(today)}"
        )
        first_check = check_notices(today)
        deemed, twice = deemed_twice(audit_mark)
        print(f"notices: {first_check}; 视为受理 audit rows {deemed:,}, duplicated {twice}")

        # 2. Reset to the state before the tick.
        print(
            f"\nreset (snapshot restored, notices deleted, VACUUM ANALYZE) in {reset():.1f} s; "
            f"now {counts(today)}"
        )

        # 3. Two ticks at once.
        print("\n### two `fazhi tick` at once\n")
        last_run = sql("SELECT max(id) FROM core_jobrun")[0][0]
        audit_mark = sql("SELECT coalesce(max(id), 0) FROM core_auditentry")[0][0]
        began = time.perf_counter()
        processes = [start_tick(url), start_tick(url)]
        with ThreadPoolExecutor(2) as pool:  # read both outputs as they come
            ends = list(pool.map(lambda p: follow(p, began), processes))
        both = max(end for end, _ in ends)
        for i, (_, lines) in enumerate(ends, 1):
            print(f"  tick {i}: " + "; ".join(f"{at:.1f} s {line}" for at, line in lines))
        runs = job_runs(last_run)
        for run_id, seconds, run_stats in runs:
            shown = json.dumps(run_stats, ensure_ascii=False)
            print(f"  JobRun #{run_id}: {seconds:.1f} s, stats {shown}")
        check = check_notices(today)
        deemed2, twice2 = deemed_twice(audit_mark)
        print(f"both finished after {both:.1f} s")
        print(f"notices: {check}; 视为受理 audit rows {deemed2:,}, duplicated {twice2}")
        # Counts only: "problems" and the audit anchor are not summed.
        counted = [k for k, v in single.items() if isinstance(v, int)]
        summed = {k: sum(r[2].get(k, 0) for r in runs) for k in counted}
        print(
            f"stats summed over the two runs: {json.dumps(summed, ensure_ascii=False)} "
            f"(one tick alone: {json.dumps(single, ensure_ascii=False)})"
        )

        print("\n### targets\n")
        print(
            f"one tick over {args.cases:,} open cases: {wall:.1f} s (target ≤ {TARGET:.0f} s): "
            f"{'met' if wall <= TARGET else 'NOT met'}"
        )
        ok = check["ok"] and not twice2 and first_check["ok"] and not twice
        print(
            f"two ticks at once: each overdue case exactly one notice, nothing done twice: "
            f"{'met' if ok else 'NOT met'}"
        )


if __name__ == "__main__":
    main()
