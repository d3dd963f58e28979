"""`fazhi report YEAR --format html|docx|pdf -o FILE [--unit CODE] [--kind disclosure]`: write the
annual report (法治政府建设 by default, or the 政府信息公开工作年度报告).

It writes the unit's saved report for the year (issued, or the coordinator's draft) if there is
one. Otherwise it builds a draft from the default parts in memory and writes that: running the
command never creates a report, so it cannot block the coordinator's own `create_report` later.
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from fazhi.core.models import OrgUnit
from fazhi.reports import render
from fazhi.reports.models import AnnualReport, ReportKind
from fazhi.reports.services import build_unsaved

# Each writes the report from its rendering, which the command makes once: its figures are
# computed once for the document and the problems printed after it.
WRITERS = {
    "html": lambda report, result: render.to_html(report, result=result).encode("utf-8"),
    "docx": lambda report, result: render.to_docx(report, result=result),
    "pdf": lambda report, result: render.to_pdf(report, result=result),
}


class Command(BaseCommand):
    # Read-only: the system checks would import every URLconf, view and the API first
    # (`fazhi check` runs them); start-up time counts (bench/README.md).
    requires_system_checks = []
    help = (
        "写出年度法治政府建设报告（HTML、DOCX 或 PDF）。"
        "没有已保存的报告时，按默认正文生成草稿，不保存。"
    )

    def add_arguments(self, parser):
        parser.add_argument("year", help="年度，如 2021")
        parser.add_argument(
            "--format", dest="fmt", help="html、docx 或 pdf；省略时按输出文件的扩展名判断"
        )
        parser.add_argument("-o", "--output", help="输出文件")
        parser.add_argument("--unit", help="单位代码（默认：本级人民政府 FAZHI_GOVERNMENT_CODE）")
        parser.add_argument(
            "--kind",
            choices=ReportKind.values,
            default=ReportKind.RULE_OF_LAW,
            help="rule_of_law（法治政府建设，默认）或 disclosure（政府信息公开工作年度报告）",
        )

    def handle(self, *args, **options):
        year = parse_year(options["year"])
        output = options["output"]
        if not output:
            raise CommandError("请用 -o 指定输出文件，例如 -o 报告.docx")
        fmt = output_format(options["fmt"], output)
        unit = find_unit(options["unit"] or settings.FAZHI_GOVERNMENT_CODE)
        report = saved_or_unsaved(unit, year, options["kind"])
        result = render.rendered(report)
        Path(output).write_bytes(WRITERS[fmt](report, result))
        self.stdout.write(f"已写出 {output}（{report.title}，{describe(report)}）")
        for problem in result.problems:
            self.stderr.write(f"注意：{problem['description']}：{problem['message']}")


def parse_year(raw: str) -> int:
    if not re.fullmatch(r"\d{4}", raw.strip()):
        raise CommandError(f"年度“{raw}”无效：应为四位数字年份，例如 2021")
    return int(raw)


def output_format(fmt: str | None, output: str) -> str:
    chosen = (fmt or Path(output).suffix.lstrip(".")).lower()
    if chosen not in WRITERS:
        raise CommandError(f"未知格式“{fmt or chosen}”：应为 html、docx 或 pdf")
    return chosen


def find_unit(code: str) -> OrgUnit:
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        raise CommandError(f"未找到单位代码为 {code} 的单位")
    return unit


def saved_or_unsaved(unit: OrgUnit, year: int, kind: str = ReportKind.RULE_OF_LAW) -> AnnualReport:
    saved = (
        AnnualReport.objects.filter(unit=unit, year=year, kind=kind).select_related("unit").first()
    )
    if saved is not None:
        return saved
    try:
        return build_unsaved(unit, year, kind)
    except ValidationError as error:
        raise CommandError("；".join(error.messages)) from error


def describe(report: AnnualReport) -> str:
    if report.pk is None:
        return "按默认正文生成的草稿，未保存"
    if report.is_issued:
        return f"已签发 {report.doc_number}"
    return "草稿"
