"""`fazhi import_run [--run ID]`: carry out the imports uploaded in the page and waiting.

The page starts this command itself (fazhi.core.imports.background); run by hand or by a
scheduler, it picks up whatever is still queued, e.g. after a restart.
"""

from django.core.management.base import BaseCommand

from fazhi.core.imports.background import run_queued


class Command(BaseCommand):
    help = "执行页面上传后排队等待的导入(逐个执行，直至队列为空)。"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--run", type=int, help="只执行这一项导入(编号)")

    def handle(self, *args, run, **options):
        count = run_queued(only=run)
        self.stdout.write(f"已执行 {count} 项导入。")
