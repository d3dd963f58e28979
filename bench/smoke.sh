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
# Two lanes at once (the machine has two cores; each benchmark is mostly one process: migrating
# its own throwaway database, about 13 s, then its work), each printed when it ends; the run fails
# if either lane does.
lane() {
  local spec
  for spec in "$@"; do
    # shellcheck disable=SC2086  # a spec is a script and its arguments
    run $spec || return 1
  done
}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
lane "bench_import_concurrency.py --rows 120 --db both" "bench_serve.py --quick" \
  "bench_pages.py --quick" "bench_tick.py --cases 3000" "bench_calendar.py" >"$logs/a" 2>&1 &
first=$!
lane "bench_ledger_import.py --quick" "bench_figures.py --small" \
  "bench_report.py --cases 3000 --runs 1" "bench_recalendar.py --cases 3000" \
  "bench_import.py --rows 3000 --units 100" \
  "bench_prefecture.py --scale 0.05 --counties 蒙自 --runs 1" >"$logs/b" 2>&1 &
second=$!
status=0
wait "$first" || status=1
wait "$second" || status=1
cat "$logs/a" "$logs/b"
exit "$status"
