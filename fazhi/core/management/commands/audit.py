from django.core.management.base import BaseCommand, CommandError

from fazhi.core import audit


class Command(BaseCommand):
    help = "审计记录：fazhi audit verify 校验哈希链，发现被改动或删除的记录"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        problems = audit.verify()
        if problems:
            for p in problems:
                where = f"第 {p.entry_id} 条" if p.entry_id else "链尾"
                self.stderr.write(f"{where}：{p.reason}")
            raise CommandError(f"审计链校验失败：发现 {len(problems)} 处问题。")
        self.stdout.write("审计链完整：所有记录与哈希一致。")
