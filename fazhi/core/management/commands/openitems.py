from django.core.management.base import BaseCommand

from fazhi.core import openitems
from fazhi.core.models import OpenItem


class Command(BaseCommand):
    help = (
        "在办事项表：各办理事项在办记录及其下一期限的汇总表(由办理步骤自动维护)。"
        "--rebuild 从记录重新生成。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="从各办理事项的记录重新生成")

    def handle(self, *args, rebuild=False, **options):
        if rebuild:
            written = openitems.rebuild()
            self.stdout.write(f"已重新生成：{written} 件在办事项。")
        else:
            self.stdout.write(f"在办事项：{OpenItem.objects.count()} 件。")
