"""Requests per second of the 行政复议 list and the workbench on the production server, against a
bare view behind the same middleware, at 1 000 000 cases.

    .venv/bin/python bench/bench_serve.py [--cases 1000000] [--workers 2] [--threads 4]
                                          [--clients 8] [--seconds 5] [--rounds 3]
                                          [--users coordinator,staff,town_staff]
                                          [--profile] [--quick]

Starts a throwaway PostgreSQL 15 (bench/pg.py), migrates it, makes 红河州's org tree and its users
and --cases synthetic cases (bench/synthetic.py, HISTORY shape), then `fazhi serve` (Granian,
--workers processes × --threads threads, the pool of settings.py) as a subprocess with the
settings of bench/serve_settings.py: the product's, plus /bench/bare/, a view behind the same
middleware that needs the logged-in user (session and user loaded) and does nothing else.

The load: --clients threads of this process, each on one keep-alive HTTP/1.1 connection, request
one URL as fast as the server answers, for --seconds after a one-second warm-up; every response
must be 200. Each of --users logs in once: the coordinator of 弥勒市司法局, who sees the county;
a department's staff (公安局, `staff`), who sees the cases against the 公安局; and the staff of
a town of 河口 (`town_staff`), which few cases name (421 of 1 000 000) — most users are
departments and towns, and a narrow scope reads differently (the unit indexes; a walk in date
order that filters more rows). Before the rounds, every URL is requested for 2 s by every
user, unmeasured: the first URL of the first round otherwise met a cold server. The URLs take
turns for --rounds rounds, each user's bare view among them, and each page's ratio to that
user's bare view is taken within a round: on a shared machine the bare view alone varied
273–389 req/s from one run to the next, which moved a page's ratio more than the change being
measured. Printed per user and URL: requests/s and latencies over all rounds, the median of the
rounds' ratios to the bare view (target ≥ 0.3×) with their range, and the queries a request
makes (counted in this process through django.test.Client, same code and database).

--profile: cProfile of 20 in-process requests of each page; prints how much of it is template
rendering and the top functions. --quick: CI scale (5 000 cases, 2 s a URL, 4 clients; about a
minute, most of it the migrations).
"""

import argparse
import cProfile
import http.client
import io
import os
import pstats
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, synthetic
from bench.pg import free_port, server_settings_line, throwaway_postgres

TARGET = 0.3  # a page's requests/s over the bare view's
BARE = "/bench/bare/"
PAGES = [
    ("bare view (session + user)", BARE),
    ("/fuyi/ (行政复议 list)", "/fuyi/"),
    ("/fuyi/?status=open", "/fuyi/?status=open"),
    ("/workbench/", "/workbench/"),
]


def settings_env(database_url: str, var_dir: str) -> dict[str, str]:
    return common.django_env(database_url) | {
        "DJANGO_SETTINGS_MODULE": "bench.serve_settings",
        "FAZHI_VAR_DIR": var_dir,
        "PYTHONPATH": str(common.ROOT),
    }


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django
    from django.core.management import call_command

    django.setup()
    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - began:.1f} s")


def session_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def start_server(env: dict, port: int, workers: int, threads: int, log: Path) -> subprocess.Popen:
    out = log.open("w")
    command = [common.FAZHI, "serve", "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(
        [*command, "--threads", str(threads)],
        env=os.environ | env,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"fazhi serve exited ({server.returncode}):\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("fazhi serve did not start")


def load(port: int, url: str, cookie: str, clients: int, seconds: float) -> dict:
    """--clients keep-alive connections hammering `url`; requests/s, latencies."""
    headers = {"Cookie": cookie, "Host": "127.0.0.1"}
    stop = threading.Event()
    counting = threading.Event()
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: list[str] = []

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = latencies[i]
        while not stop.is_set():
            began = time.perf_counter()
            try:
                conn.request("GET", url, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as exc:
                errors.append(repr(exc))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            if response.status != 200:
                errors.append(f"{response.status} {url}")
            elif counting.is_set():
                mine.append(time.perf_counter() - began)
        conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    time.sleep(1.0)  # warm-up: connections open, pools filled, templates loaded
    counting.set()
    began = time.perf_counter()
    time.sleep(seconds)
    counting.clear()
    elapsed = time.perf_counter() - began
    stop.set()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests to {url}, e.g. {errors[:3]}")
    samples = [s for mine in latencies for s in mine]
    return {
        "rps": len(samples) / elapsed,
        "median": statistics.median(samples),
        "p95": common.p95(samples),
        "requests": len(samples),
    }


def query_counts(user) -> dict[str, int]:
    """The queries of each page, counted in this process (same code and database)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    counts = {}
    for _, url in PAGES:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[url] = len(captured.captured_queries)
    return counts


def profile(user, repeat: int = 20) -> None:
    """Where an in-process request's time goes: template rendering's share, top functions."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    for _, url in PAGES[1:]:
        for _ in range(3):
            client.get(url)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeat):
            client.get(url)
        profiler.disable()
        stats = pstats.Stats(profiler)
        total = stats.total_tt
        render = next(
            (
                v[3]
                for k, v in stats.stats.items()
                if k[2] == "render" and k[0].endswith("django/template/base.py") and k[1] < 200
            ),
            0.0,
        )
        print(
            f"\n#### profile of {url}: {total / repeat * 1000:.1f} ms a request in-process "
            f"(under cProfile), Template.render {render / total:.0%}\n"
        )
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
        print("\n".join(out.getvalue().splitlines()[6:]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--users",
        type=user_names,
        default=["coordinator", "staff", "town_staff"],
        help="who logs in, comma-separated: " + ", ".join(USERS),
    )
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--quick", action="store_true", help="CI scale: about a minute")
    args = parser.parse_args()
    if args.quick:
        args.cases, args.seconds, args.clients, args.rounds = 5_000, 2.0, 4, 1

    var_dir = tempfile.mkdtemp(prefix="fazhi-serve-")
    with throwaway_postgres() as url:
        print(f"PostgreSQL 15 throwaway cluster: {server_settings_line()}")
        env = settings_env(url, var_dir)
        setup_django(env)
        org = synthetic.build_org()
        users = synthetic.build_users(org)
        print(f"\ngenerating {args.cases:,} cases")
        synthetic.generate(org, args.cases, synthetic.HISTORY)
        who = [users[name] for name in args.users]
        counts = {user.username: query_counts(user) for user in who}
        cookies = {user.username: session_cookie(user) for user in who}
        from django.db import connections

        from fazhi.core import workbench

        connections.close_all()
        if args.profile:
            for user in who:
                profile(user)
            connections.close_all()
        results = serve_rounds(args, env, var_dir, cookies)

    met = True
    for name in args.users:
        rows, user_met = result_rows(results[name], counts[name])
        met &= user_met
        print(
            f"\n### {args.cases:,} cases, {args.workers} workers × {args.threads} threads, "
            f"as {USERS[name]}\n"
        )
        print(
            common.table(
                [
                    "page",
                    "queries",
                    "requests/s (median of rounds)",
                    "median",
                    "p95 (worst round)",
                    "ratio to the bare view (median of rounds, range)",
                ],
                rows,
            )
        )
    print(f"\nworkbench sources (procedures): {len(workbench.sources())}")
    print(f"target: every page ≥ {TARGET}× the bare view: {'met' if met else 'NOT met'}")
    shutil.rmtree(var_dir, ignore_errors=True)


USERS = {
    "coordinator": "the coordinator of 弥勒市司法局 (the county)",
    "staff": "a 公安局 staff member (the cases against the 公安局)",
    "reviewer": "a reviewer of 弥勒市司法局 (the county's cases)",
    "town_staff": "a 河口 town's staff member (a unit few records name)",
}


def user_names(text: str) -> list[str]:
    names = [name for name in text.split(",") if name]
    unknown = [name for name in names if name not in USERS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"users are among {', '.join(USERS)}: not {unknown}")
    return names


def serve_rounds(args, env: dict, var_dir: str, cookies: dict[str, str]) -> dict:
    """{user: {url: [a round's load result, …]}}, the URLs and users taking turns."""
    port = free_port()
    log = Path(var_dir) / "serve.log"
    server = start_server(env, port, args.workers, args.threads, log)
    results = {name: {page: [] for _, page in PAGES} for name in cookies}
    try:
        print(f"\n{log.read_text().splitlines()[0]}")
        print(
            f"load: {args.clients} keep-alive clients, {args.seconds:g} s a URL after 1 s "
            f"of warm-up, {args.rounds} rounds; as {', '.join(cookies)}\n"
        )
        for cookie in cookies.values():  # warm-up: imports, templates, caches, pools
            for _, page in PAGES:
                load(port, page, cookie, args.clients, min(args.seconds, 2.0))
        for round_ in range(1, args.rounds + 1):
            for name, cookie in cookies.items():
                for label, page in PAGES:
                    try:
                        result = load(port, page, cookie, args.clients, args.seconds)
                    except RuntimeError:
                        print("the server's log:\n" + "\n".join(log.read_text().splitlines()[-40:]))
                        raise
                    results[name][page].append(result)
                    print(
                        f"  round {round_}, {name}, {label}: {result['rps']:.0f} req/s", flush=True
                    )
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
            server.wait()
    return results


def result_rows(results: dict, counts: dict) -> tuple[list, bool]:
    """One user's table rows, and whether every page met the target."""
    rows, met = [], True
    for label, page in PAGES:
        rounds = results[page]
        ratios = sorted(r["rps"] / b["rps"] for r, b in zip(rounds, results[BARE], strict=True))
        ratio = statistics.median(ratios)
        if page != BARE:
            met &= ratio >= TARGET
        shown = (
            f"**{ratio:.2f}×** ({ratios[0]:.2f}–{ratios[-1]:.2f})"
            if len(ratios) > 1
            else f"**{ratio:.2f}×**"
        )
        rows.append(
            [
                label,
                counts[page],
                f"{statistics.median(r['rps'] for r in rounds):.0f}",
                common.ms(statistics.median(r["median"] for r in rounds)),
                common.ms(max(r["p95"] for r in rounds)),
                "1.00×" if page == BARE else shown,
            ]
        )
    return rows, met


if __name__ == "__main__":
    main()
