import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fazhi.core.models import OrgUnit
from fazhi.figures import registry, services


class Command(BaseCommand):
    help = "计算某年度全部已登记指标：fazhi figures YEAR [--unit CODE] [--json]"
    requires_system_checks = []  # a read-only report; start-up time counts (bench/README.md)

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--unit", default=None, help="单位代码(默认：本级人民政府)")
        parser.add_argument("--json", dest="as_json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, year, unit, as_json: bool, **options):
        if not 2000 <= year <= 2100:
            raise CommandError(f"年度无效：{year}")
        code = unit or settings.FAZHI_GOVERNMENT_CODE
        scope = OrgUnit.objects.filter(code=code).first()
        if scope is None:
            raise CommandError(f"单位代码 {code} 不存在；请先运行 fazhi demo 或导入单位名录。")
        computed = services.compute_all(scope, registry.Period.year(year))
        found = services.problems(computed)
        if as_json:
            self._print_json(computed, found)
        else:
            self._print_table(scope, year, computed, found)

    def _print_json(self, computed, found):
        payload = {"figures": services.as_json(computed), "problems": found}
        self.stdout.write(_dumps(payload))

    def _print_table(self, scope, year, computed, found):
        self.stdout.write(f"{scope} {year}年")
        for c in computed:
            self.stdout.write(f"{c.figure.id:<36} {c.text:>14}  {c.figure.label}")
        for p in found:
            self.stdout.write(self.style.WARNING(f"问题：{p['description']}：{p['message']}"))


def _dumps(payload) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2)
