"""How fast are 工作日 due dates? 1,000,000 from the cached calendar, against a day-by-day walk.

    DJANGO_SETTINGS_MODULE=fazhi.settings .venv/bin/python bench/bench_calendar.py

Runs on a throwaway SQLite database (the calendar reads its table of entered years), so it never
touches the configured one. Prints the elapsed time, the rate, and "index vs loop: N×", the ratio of
the per-date costs measured in this run (a 10,000-date subsample for the walk, which is slow).
Timings are the best of three runs (one for the walk).
"""

import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

COUNT = 1_000_000
LOOP_SAMPLE = 10_000
# Starts run to mid-September 2026 so that 60 工作日 still end inside 2026, the last known year.
FIRST, LAST = dt.date(2021, 1, 1), dt.date(2026, 9, 15)


def setup_django(directory: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench import common

    # Production-like settings (no debugging), as the PostgreSQL benchmarks have them.
    os.environ.update(common.django_env(f"sqlite:///{directory}/bench.sqlite3"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "core", verbosity=0, skip_checks=True)


def random_cases(rng: random.Random, count: int) -> list[tuple[dt.date, int]]:
    span = (LAST - FIRST).days
    return [
        (FIRST + dt.timedelta(rng.randrange(span + 1)), rng.randint(1, 60)) for _ in range(count)
    ]


def walk(calendar, start: dt.date, n: int) -> dt.date:
    """The naive way: step one day at a time, asking about each."""
    day = start
    while n:
        day += dt.timedelta(days=1)
        n -= calendar.is_workday(day)
    return day


def timed(function, cases, repeat: int = 3) -> tuple[float, list[dt.date]]:
    """Best of `repeat` runs: the machine is shared, and the minimum is the least disturbed."""
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        results = [function(start, n) for start, n in cases]
        best = min(best, time.perf_counter() - began)
    return best, results


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as directory:
        setup_django(directory)
        from fazhi.core.calendar import get_calendar
        from fazhi.core.clocks import Limit, LimitUnit, due_date

        calendar = get_calendar()  # built once here; every call below finds it cached
        limits = {n: Limit(n, LimitUnit.WORKDAYS) for n in range(1, 61)}
        cases = random_cases(random.Random(2021), COUNT)

        elapsed, dues = timed(lambda start, n: due_date(start, limits[n]), cases)
        print(
            f"{COUNT:,} 工作日 due dates (due_date, cached calendar): {elapsed:.3f} s, "
            f"{COUNT / elapsed:,.0f}/s"
        )

        sample = cases[:LOOP_SAMPLE]
        index_time, index_dues = timed(calendar.add_workdays, sample)
        loop_time, loop_dues = timed(lambda start, n: walk(calendar, start, n), sample, repeat=1)
        assert index_dues == loop_dues == dues[:LOOP_SAMPLE], "index and walk disagree"
        print(
            f"{LOOP_SAMPLE:,}-date subsample: index {index_time * 1e3:.1f} ms, "
            f"loop {loop_time * 1e3:.1f} ms"
        )
        per_due_date = elapsed / COUNT
        print(
            f"index vs loop: {loop_time / index_time:.0f}× "
            f"(due_date per date vs loop: {loop_time / LOOP_SAMPLE / per_due_date:.0f}×)"
        )


if __name__ == "__main__":
    main()
