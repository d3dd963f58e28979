"""A corrected holiday notice over 1 000 000 open 行政复议 cases: how long until every stored due
date it touches follows the new calendar?

    .venv/bin/python bench/bench_recalendar.py [--cases 1000000]

Throwaway PostgreSQL 15 (bench/pg.py), 红河州's org tree, --cases synthetic cases in the OPEN shape
(bench/synthetic.py: all open, due dates spread around today). Then, through the service the
admin form calls (`enter_calendar_year`), corrections of this year's notice that make a working
day a day off — as the State Council's late notice extended the 2020 Spring Festival holiday.

1. The first correction finds no record's calendar span stored (the synthetic rows, like rows
   saved before the span was kept): every open case is recomputed by the procedure's rules and
   its span recorded — the cost once after upgrading, and the cost of every change before. The
   synthetic cases store due dates counted in calendar days, so most of them move.
2. A second correction, another day: only the cases whose due dates were counted over that day
   are recomputed (fazhi.core.deadlines.touched). This is the steady state the target is about.
3. The second notice again: nothing changes (the floor).

Target: a change over 1 000 000 open items in ≤ 30 s.
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


def _known_today(today: dt.date, calendar) -> dt.date:
    """The day the cases are made around and the calendar corrected near: today, or, in a year
    whose holiday notice nobody has entered yet (January, before it is), a day of the latest
    year the calendar knows: a correction of a year not known cannot be made."""
    if today.year in calendar.known_years:
        return today
    return dt.date(max(calendar.known_years), 11, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    args = parser.parse_args()

    with throwaway_postgres() as url:
        print(f"PostgreSQL 15 throwaway cluster: {server_settings_line()}")
        common.setup_django(url)
        from django.utils import timezone

        from fazhi.core.calendar import get_calendar
        from fazhi.core.deadlines import touched
        from fazhi.disputes.reconsideration.models import ReconsiderationCase

        calendar = get_calendar()
        today = _known_today(timezone.localdate(), calendar)
        _, users, _ = common.prepare(args.cases, synthetic.OPEN, today=today)
        if (today + dt.timedelta(days=21)).year == today.year:
            first_off = calendar.next_workday(today + dt.timedelta(days=7))
            second_off = calendar.next_workday(first_off + dt.timedelta(days=7))
        else:  # late December: the corrections stay in the year the calendar knows
            first_off = calendar.next_workday(dt.date(today.year, 12, 1))
            second_off = calendar.next_workday(dt.date(today.year, 12, 14))
        coordinator, days_off = users["coordinator"], set()
        print(f"\n{args.cases:,} open cases")
        results = []
        for label, day in (
            ("first correction (no span stored)", first_off),
            ("second", second_off),
        ):
            candidates = touched(ReconsiderationCase, [day]).count()
            days_off.add(day)
            seconds, entry = enter(today.year, days_off, coordinator)
            results.append((label, seconds))
            print(
                f"{label}: {day} made a day off; {candidates:,} cases touched; {seconds:.1f} s;"
                f" {entry.recomputed.total:,} deadlines moved; {candidates / seconds:,.0f} cases/s;"
                f" unresolved: {sum(entry.recomputed.unresolved.values()):,}",
                flush=True,
            )
        floor, again = enter(today.year, days_off, coordinator)
        print(
            f"the same notice again (no day changes): {floor:.2f} s, {again.recomputed.total} moved"
        )
        steady = results[-1][1] * 1_000_000 / args.cases
        print(
            f"\nsecond correction, per 1 000 000 open cases: {steady:.1f} s"
            f" (target ≤ {TARGET:.0f} s:"
            f" {'met' if steady <= TARGET else 'not met'}); first, per 1 000 000:"
            f" {results[0][1] * 1_000_000 / args.cases:.1f} s"
        )


if __name__ == "__main__":
    main()
