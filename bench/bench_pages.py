"""Are the 行政复议 list and the workbench fast, and constant in queries, at 1 000 000 cases?

    .venv/bin/python bench/bench_pages.py [--cases 1000000] [--small 1000] [--repeat 30]
                                          [--plans slow|all] [--no-what-if] [--quick]

--quick is the CI scale (100 and 5 000 cases, 3 requests a page, no what-if; about a minute, most
of it the migrations).

Starts a throwaway PostgreSQL 15 (bench/pg.py), migrates it, makes 红河州's org tree and three
users (coordinator and reviewer of 弥勒市司法局, staff of 弥勒市公安局), then twice — with
--small and with --cases synthetic cases (bench/synthetic.py, HISTORY shape) — requests each page
through django.test.Client (force_login; FAZHI_DEBUG=false): 2 warm-up requests, one under
CaptureQueriesContext (the query count), then --repeat timed requests (median, p95).

Pages: /fuyi/, /fuyi/?status=open, page 2 (/fuyi/?after=<keyset of page 1's last row>), a deep
page (/fuyi/?after=2022-07-01~…), /workbench/ — for the coordinator (the targets), and /fuyi/ and
/workbench/ for the reviewer and the staff member as well.

Prints a table per size; "queries equal" compares the counts at both sizes; a page over 100 ms
gets EXPLAIN (ANALYZE, BUFFERS) of its slowest query (--plans all: every page's slowest query).

Then, unless --no-what-if, a what-if: the indexes in WHAT_IF are created in the throwaway database
only (the models are not changed; they are the suggestion), and the pages are measured again
with the code as it is, to show what those indexes alone would give.
"""

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, synthetic
from bench.pg import server_settings_line, throwaway_postgres

TARGET = 0.100  # seconds, median, for the coordinator's list pages and the workbench
DEEP = "2022-07-01~999999999999"

# Suggested indexes (ReconsiderationCase.Meta.indexes), created only for the what-if run:
# the list's ORDER BY (received_on DESC, id DESC) read backwards from an index instead of sorting
# the scope's rows; the workbench's ORDER BY next_due_on NULLS LAST, id over the open cases only.
WHAT_IF = {
    "rec_list": "CREATE INDEX rec_list ON disputes_reconsiderationcase (received_on, id)",
    "rec_open_due": (
        "CREATE INDEX rec_open_due ON disputes_reconsiderationcase (next_due_on, id)"
        " WHERE status IN ('received', 'correcting', 'accepted', 'suspended')"
    ),
}


def pages(client, user: str) -> list[tuple[str, str, str]]:
    """(user, label, url); page 2's keyset is read from page 1's "下一页" link."""
    first = client.get("/fuyi/")
    found = re.search(r"after=([0-9-]+~[0-9]+)", first.content.decode())
    listing = [(user, "list", "/fuyi/")]
    if user == "coordinator":
        listing.append((user, "list ?status=open", "/fuyi/?status=open"))
        if found:
            listing.append((user, "list page 2 (?after)", f"/fuyi/?after={found.group(1)}"))
        listing.append((user, "list deep page (?after=2022-07-01…)", f"/fuyi/?after={DEEP}"))
    listing.append((user, "workbench", "/workbench/"))
    return listing


def measure(clients: dict, repeat: int) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = []
    for user, client in clients.items():
        for _, label, url in pages(client, user):
            for _ in range(2):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            queries = list(captured.captured_queries)  # copied: the log is reset per request
            rows = response.content.decode().count("<tr>") - 1
            samples = []
            for _ in range(repeat):
                began = time.perf_counter()
                client.get(url)
                samples.append(time.perf_counter() - began)
            results.append(
                {
                    "user": user,
                    "label": label,
                    "url": url,
                    "rows": rows,
                    "queries": len(queries),
                    "captured": queries,
                    "median": common.median(samples),
                    "p95": common.p95(samples),
                }
            )
    return results


def report(results: list[dict], n: int) -> None:
    print(f"\n### {n:,} cases\n")
    rows = [
        [
            r["user"],
            r["label"],
            r["rows"],
            r["queries"],
            common.ms(r["median"]),
            common.ms(r["p95"]),
            common.ms(max(float(q["time"]) for q in r["captured"])),
        ]
        for r in results
    ]
    print(
        common.table(
            ["user", "page", "rows shown", "queries", "median", "p95", "slowest query"], rows
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--plans", choices=["slow", "all"], default="slow")
    parser.add_argument("--no-what-if", dest="what_if", action="store_false")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="CI scale, about a minute: 100 and 5 000 cases, 3 requests a page, no what-if",
    )
    args = parser.parse_args()
    if args.quick:
        # Small enough for CI, large enough that a query count growing with rows still shows.
        args.small, args.cases, args.repeat, args.what_if = 100, 5_000, 3, False

    with throwaway_postgres() as url:
        print(f"PostgreSQL 15 throwaway cluster: {server_settings_line()}")
        common.setup_django(url)
        from django.test import Client

        org = synthetic.build_org()
        users = synthetic.build_users(org)
        clients = {}
        for name, user in users.items():
            clients[name] = Client()
            clients[name].force_login(user)

        by_size = {}
        for n in (args.small, args.cases):
            print(f"\ngenerating {n:,} cases")
            synthetic.clear_cases()
            synthetic.generate(org, n, synthetic.HISTORY)
            print("  " + ", ".join(f"{s} {c:,}" for s, c in synthetic.describe()))
            by_size[n] = measure(clients, args.repeat)
            report(by_size[n], n)

        small, big = by_size[args.small], by_size[args.cases]
        print(f"\n### query counts, {args.small:,} vs {args.cases:,} cases\n")
        rows, equal = [], True
        # Matched by page: at a small size some pages do not exist (no page 2 under 50 rows).
        at_small = {(r["user"], r["label"]): r["queries"] for r in small}
        for b in big:
            a = at_small.get((b["user"], b["label"]))
            if a is None:
                rows.append([b["user"], b["label"], "—", b["queries"], "—"])
                continue
            same = a == b["queries"]
            equal &= same
            rows.append([b["user"], b["label"], a, b["queries"], "yes" if same else "NO"])
        print(
            common.table(
                ["user", "page", f"queries @{args.small:,}", f"queries @{args.cases:,}", "equal"],
                rows,
            )
        )
        print(f"\nquery counts constant: {'yes' if equal else 'NO'}")

        coordinator = [r for r in big if r["user"] == "coordinator"]
        slow = [r for r in coordinator if r["median"] > TARGET]
        ok = "met" if not slow else "NOT met (" + ", ".join(r["label"] for r in slow) + ")"
        print(
            f"target: coordinator's pages under {TARGET * 1000:.0f} ms median at "
            f"{args.cases:,} cases: {ok}"
        )
        worst = max(coordinator, key=lambda r: r["median"])
        print(
            f"slowest coordinator page: {worst['label']} {common.ms(worst['median'])} "
            f"(target / measured = {TARGET / worst['median']:.2f}×)"
        )

        for r in big:
            if args.plans == "all" or r["median"] > TARGET:
                query = max(r["captured"], key=lambda q: float(q["time"]))
                print(
                    f"\n#### {r['user']} {r['label']} ({common.ms(r['median'])} median): "
                    f"slowest query ({float(query['time']) * 1000:.1f} ms)\n"
                )
                print(query["sql"])
                print()
                print(common.explain(query["sql"]))

        if args.what_if:
            what_if(clients, args.repeat, big)


def what_if(clients: dict, repeat: int, baseline: list[dict]) -> None:
    from django.db import connection

    print("\n### what-if: the same pages with the suggested indexes (throwaway DB only)\n")
    with connection.cursor() as cursor:
        for ddl in WHAT_IF.values():
            began = time.perf_counter()
            cursor.execute(ddl)
            print(f"- `{ddl}` ({time.perf_counter() - began:.1f} s)")
        cursor.execute(f"ANALYZE {synthetic.CASES}")
    after = measure(clients, repeat)
    rows = [
        [
            a["user"],
            a["label"],
            a["queries"],
            common.ms(b["median"]),
            common.ms(a["median"]),
            common.ms(a["p95"]),
            f"{b['median'] / a['median']:.1f}×",
        ]
        for a, b in zip(after, baseline, strict=True)
    ]
    print()
    print(
        common.table(
            ["user", "page", "queries", "median before", "median after", "p95 after", "speed-up"],
            rows,
        )
    )
    slow = [r for r in after if r["user"] == "coordinator" and r["median"] > TARGET]
    print(
        f"\nwith the indexes, coordinator's pages under {TARGET * 1000:.0f} ms: "
        + ("yes" if not slow else "NO (" + ", ".join(r["label"] for r in slow) + ")")
    )
    for r in after:
        query = max(r["captured"], key=lambda q: float(q["time"]))
        plan = common.explain(query["sql"]).splitlines()
        print(f"\n#### with the indexes: {r['user']} {r['label']}: slowest query\n")
        print("\n".join(plan))


if __name__ == "__main__":
    main()
