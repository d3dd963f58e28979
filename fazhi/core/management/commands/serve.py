"""`fazhi serve`: the production web server.

Granian (a Rust HTTP server) runs Django's WSGI application in worker processes, each with a few
threads; static files are served by WhiteNoise inside the application (hashed names, cached for a
year), so no separate file server is needed behind the reverse proxy. Database connections are
bounded by the pool in settings (FAZHI_DB_POOL_MAX per worker process on PostgreSQL).

The static files are collected into STATIC_ROOT before serving: the code and its static files
are then always of the same version, and the hashed names the pages link to exist.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections


class Command(BaseCommand):
    help = "生产环境的网页服务(Granian)：多进程、多线程，静态文件由应用提供，数据库连接池有上限。"

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.FAZHI_SERVE_HOST)
        parser.add_argument("--port", type=int, default=settings.FAZHI_SERVE_PORT)
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.FAZHI_SERVE_WORKERS,
            help="worker processes (FAZHI_SERVE_WORKERS)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=settings.FAZHI_SERVE_THREADS,
            help="threads per worker (FAZHI_SERVE_THREADS)",
        )
        parser.add_argument(
            "--no-collectstatic",
            dest="collectstatic",
            action="store_false",
            help="serve STATIC_ROOT as it is (collected beforehand)",
        )
        parser.add_argument("--access-log", action="store_true")

    def handle(self, *args, host, port, workers, threads, collectstatic, access_log, **options):
        from granian import Granian
        from granian.constants import Interfaces

        if workers < 1 or threads < 1:
            self.stderr.write("--workers 与 --threads 至少为 1。")
            raise SystemExit(2)
        if collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        # The workers open their own connections; none is inherited from this process.
        connections.close_all()
        pool = settings.DATABASES["default"].get("OPTIONS", {}).get("pool")
        bound = f"，每进程数据库连接 ≤ {pool['max_size']}" if pool else ""
        self.stdout.write(
            f"http://{host}:{port}/ ：{workers} 个进程 × {threads} 个线程{bound}", ending="\n"
        )
        self.stdout.flush()
        Granian(
            "fazhi.wsgi:application",
            address=host,
            port=port,
            interface=Interfaces.WSGI,
            workers=workers,
            blocking_threads=threads,
            log_access=access_log,
            # A worker that dies (out of memory, a crash in a C library) is started again.
            respawn_failed_workers=True,
        ).serve()
