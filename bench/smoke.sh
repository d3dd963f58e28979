#!/usr/bin/env bash
# Every benchmark at a small scale, so that none can rot (CI runs this after the tests). Each
# prints its measurements; a crash fails the run. The numbers at this scale are not results:
# bench/README.md has the full-scale runs and their commands.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
run() {
  local began=$SECONDS
  echo "== bench/$*"
  "$PY" "bench/$1" "${@:2}"
  echo "   ($((SECONDS - began)) s)"
}
run bench_calendar.py
run bench_pages.py --quick
run bench_serve.py --quick
run bench_figures.py --small
run bench_tick.py --cases 3000
run bench_recalendar.py --cases 3000
run bench_import.py --rows 3000 --units 100
run bench_import_concurrency.py --rows 300 --db both
run bench_ledger_import.py --quick
run bench_report.py --cases 3000 --runs 1
