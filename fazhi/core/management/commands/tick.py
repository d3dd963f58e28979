from django.core.management.base import BaseCommand

from fazhi.core import jobs


class Command(BaseCommand):
    help = "定时任务：法律规定自动发生的状态变化(如视为受理)、逾期提醒。可重复、可并发运行。"
    # Run by the scheduler every few minutes: `fazhi check` (and every other command, and the
    # server's start) runs the system checks; here they would cost each run a second of start-up.
    requires_system_checks = []

    def handle(self, *args, **options):
        run = jobs.tick(progress=lambda name, n: self.stdout.write(f"{name}：{n} 件"))
        for reason, count in run.stats.get("problems", {}).items():
            self.stderr.write(f"{count} 件{reason}")
        self.stdout.write(f"完成(运行记录 #{run.pk})。")
