"""How fast are 工作日 due dates? 1,000,000 from the cached calendar, against a day-by-day walk.

    DJANGO_SETTINGS_MODULE=fazhi.settings .venv/bin/python bench/bench_calendar.py

Runs on a throwaway SQLite database (the calendar reads its table of entered years), so it never
touches the configured one. Prints the elapsed time, the rate, and "index vs loop: N×", the ratio of
the per-date costs measured in this run (a 10,000-date subsample for the walk, which is slow).
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
FIRST, LAST = dt.date(2021, 1, 1), dt.date(2026, 10, 31)  # the last starts leave room for 60 WD


def setup_django(directory: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "core", verbosity=0, skip_checks=True)


def random_cases(rng: random.Random, count: int) -> list[tuple[dt.date, int]]:
    span = (LAST - FIRST).days
    return [(FIRST + dt.timedelta(rng.randrange(span + 1)), rng.randint(1, 60)) for _ in range(count)]


def walk(calendar, start: dt.date, n: int) -> dt.date:
    """The naive way: step one day at a time, asking about each."""
    day = start
    while n:
        day += dt.timedelta(days=1)
        n -= calendar.is_workday(day)
    return day


def timed(function, cases) -> tuple[float, list[dt.date]]:
    began = time.perf_counter()
    results = [function(start, n) for start, n in cases]
    return time.perf_counter() - began, results


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as directory:
        setup_django(directory)
        from fazhi.core.calendar import get_calendar
        from fazhi.core.clocks import Limit, LimitUnit, due_date

        calendar = get_calendar()  # built once here; every call below finds it cached
        limits = {n: Limit(n, LimitUnit.WORKDAYS) for n in range(1, 61)}
        cases = random_cases(random.Random(2021), COUNT)

        elapsed, dues = timed(lambda start, n: due_date(start, limits[n]), cases)
        print(f"{COUNT:,} 工作日 due dates (due_date, cached calendar): {elapsed:.3f} s, "
              f"{COUNT / elapsed:,.0f}/s")

        sample = cases[:LOOP_SAMPLE]
        index_time, index_dues = timed(calendar.add_workdays, sample)
        loop_time, loop_dues = timed(lambda start, n: walk(calendar, start, n), sample)
        assert index_dues == loop_dues == dues[:LOOP_SAMPLE], "index and walk disagree"
        print(f"{LOOP_SAMPLE:,}-date subsample: index {index_time * 1e3:.1f} ms, "
              f"loop {loop_time * 1e3:.1f} ms")
        print(f"index vs loop: {loop_time / index_time:.0f}×")


if __name__ == "__main__":
    main()
