"""A corrected holiday notice over 1 000 000 open 行政复议 cases: how long until every stored due
date it touches follows the new calendar?

    .venv/bin/python bench/bench_recalendar.py [--cases 1000000]

Throwaway PostgreSQL 15 (bench/pg.py), 红河州's org tree, --cases synthetic cases in the OPEN shape
(bench/synthetic.py: all open, due dates spread around today). Then, through the service the
admin form calls (`enter_calendar_year`), a correction of this year's notice that makes the
first working day a week from today a day off — as the State Council's late notice extended the
2020 Spring Festival holiday. Every open case whose next deadline falls on or after that day is
recomputed by the procedure's own rules (fazhi.core.deadlines). The synthetic cases store due
dates counted in calendar days, so nearly every candidate moves: the worst case.

Reports the candidates, the moved deadlines, the seconds, and rows per second; then a second
entry of the same notice (nothing changes: the floor). Target: 1 000 000 open items in ≤ 30 s.
"""

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, synthetic
from bench.pg import server_settings_line, throwaway_postgres

TARGET = 30.0


def enter(year: int, extra: set, coordinator) -> tuple[float, object]:
    from fazhi.core.audit import Channel
    from fazhi.core.calendar import library_schedules
    from fazhi.core.services import enter_calendar_year

    schedule = library_schedules()[year]
    last = {"at": time.perf_counter()}

    def progress(label: str, done: int) -> None:
        if time.perf_counter() - last["at"] > 5:
            last["at"] = time.perf_counter()
            print(f"    {label}: {done:,} recomputed", flush=True)

    began = time.perf_counter()
    entry = enter_calendar_year(
        coordinator,
        Channel.CLI,
        year=year,
        notice="国办发明电（更正）",
        holidays=[(d, "放假") for d in sorted(schedule.holidays | extra)],
        workdays=[(d, "调休上班") for d in sorted(schedule.workdays)],
        progress=progress,
    )
    return time.perf_counter() - began, entry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    args = parser.parse_args()

    with throwaway_postgres() as url:
        print(f"PostgreSQL 15 throwaway cluster: {server_settings_line()}")
        common.setup_django(url)
        from django.db.models import Q
        from django.utils import timezone

        from fazhi.core.calendar import get_calendar
        from fazhi.disputes.reconsideration.models import ReconsiderationCase, Status

        _, users, _ = common.prepare(args.cases, synthetic.OPEN)
        today = timezone.localdate()
        day_off = get_calendar().next_workday(today + dt.timedelta(days=7))
        if day_off.year != today.year:
            day_off = get_calendar().next_workday(dt.date(today.year, 12, 1))
        candidates = (
            ReconsiderationCase.objects.filter(status__in=Status.open())
            .filter(Q(next_due_on__gte=day_off) | Q(next_due_on__isnull=True))
            .count()
        )
        print(f"\n{args.cases:,} open cases; {candidates:,} with a deadline on/after {day_off}")
        coordinator = users["coordinator"]

        seconds, entry = enter(today.year, {day_off}, coordinator)
        moved = entry.recomputed.total
        print(
            f"\ncorrection ({day_off} made a day off): {seconds:.1f} s; {moved:,} deadlines moved;"
            f" {candidates / seconds:,.0f} candidates/s; unresolved: {entry.recomputed.unresolved}"
        )
        floor, again = enter(today.year, {day_off}, coordinator)
        print(
            f"the same notice again (no day changes): {floor:.2f} s, {again.recomputed.total} moved"
        )
        scaled = seconds * 1_000_000 / max(candidates, 1)
        print(
            f"\nper 1 000 000 candidates: {scaled:.1f} s (target ≤ {TARGET:.0f} s: "
            f"{'met' if scaled <= TARGET else 'not met'})"
        )


if __name__ == "__main__":
    main()
