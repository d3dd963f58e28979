"""State changes of annual reports, and the figures a report states.

Every change is one function that checks, writes in one transaction and appends the audit row.
While a report is a draft its figures are computed live from the records; issuing it freezes
them (values, display texts, numerators/denominators, and the definition of what each counted:
its written definition, the scope, the period and the condition on the records) so that later
changes to the records do not change an issued report. The ids of the counted records are not
kept: at a city's volume they are millions of rows, and the definition says what they were.
"""

import datetime as dt
import re
from dataclasses import asdict, dataclass, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.models import OrgUnit
from fazhi.figures import services as figure_services
from fazhi.figures.registry import Computed, Source, statement

from . import prose
from .models import AnnualReport, ReportPart, ReportStatus
from .parts import default_parts

REPORT_FIELDS = (
    "unit",
    "year",
    "title",
    "addressee",
    "status",
    "doc_number",
    "index_number",
    "closing_date",
    "issued_on",
    "issued_by",
    "problems_acknowledged",
)
FIRST_REPORT_YEAR = 2000
# GB/T 9704—2012 7.2.4: 发文字号 = 机关代字 + 年份 in 〔〕 + 顺序号 (no 第, no leading zeros) + 号.
DOC_NUMBER = re.compile(r"\S+〔\d{4}〕[1-9]\d*号")


@dataclass(frozen=True)
class FigureEntry:
    """A figure as a report states it; the same shape live and frozen."""

    id: str
    label: str
    unit: str
    section: str
    value: int | str | None  # a Decimal is kept as its string, so frozen values stay exact
    text: str
    numerator: int | None
    denominator: int | None
    source: str

    @property
    def source_label(self) -> str:
        return Source(self.source).label if self.source in Source.values else self.source

    @property
    def is_rate(self) -> bool:
        return self.denominator is not None


@dataclass
class ReportContext:
    report: AnnualReport
    figures: dict[str, FigureEntry]
    problems: list[dict]  # the figures' consistency problems (fazhi.figures.services.problems)
    frozen: bool


def entry_of(computed: Computed) -> FigureEntry:
    figure, result = computed.figure, computed.result
    value = str(result.value) if isinstance(result.value, Decimal | float) else result.value
    return FigureEntry(
        figure.id,
        figure.label,
        figure.unit,
        figure.section,
        value,
        computed.text,
        result.numerator,
        result.denominator,
        str(result.source),
    )


def render_context(report: AnnualReport) -> ReportContext:
    """The figures of the report: frozen for an issued report, computed now for a draft."""
    if report.is_issued and report.frozen_figures:
        return _frozen_context(report)
    return _live_context(report, figure_services.compute_all(report.unit, report.period))


def _live_context(report: AnnualReport, computed: list[Computed]) -> ReportContext:
    figures = {c.figure.id: entry_of(c) for c in computed}
    return ReportContext(report, figures, figure_services.problems(computed), frozen=False)


def _frozen_context(report: AnnualReport) -> ReportContext:
    names = {f.name for f in fields(FigureEntry)}
    frozen = report.frozen_figures
    figures = {
        item["id"]: FigureEntry(**{k: v for k, v in item.items() if k in names})
        for item in frozen["figures"]
    }
    return ReportContext(report, figures, frozen.get("figure_problems", []), frozen=True)


def parts_of(report: AnnualReport) -> list[ReportPart]:
    if report.pk is None:  # a draft built in memory by build_unsaved()
        return report.unsaved_parts
    return list(report.parts.order_by("number"))


def template_variables(report: AnnualReport) -> dict:
    """What a part's template may use besides {% fig %}; listed in parts.py and the edit form."""
    return {
        "year": report.year,
        "next_year": report.year + 1,
        "unit_name": report.unit.name,
        "area": area_word(report.unit),
    }


def area_word(unit: OrgUnit) -> str:
    """ "全市", "全县", "全区"… for a government; "本单位" for a department or town."""
    if not unit.is_government:
        return "本单位"
    place = unit.name.removesuffix("人民政府")
    return f"全{place[-1]}" if place[-1:] in "省州市县区旗" else "全域"


def compose_report(report: AnnualReport, context: ReportContext) -> prose.Composition:
    return prose.compose(parts_of(report), template_variables(report), context.figures)


def all_problems(context: ReportContext, composition: prose.Composition) -> list[dict]:
    return context.problems + composition.problems


def default_title(unit: OrgUnit, year: int) -> str:
    return f"{unit.name}关于{year}年法治政府建设工作情况的报告"


def default_addressee(unit: OrgUnit) -> str:
    """The government one level up (a county reports to its prefecture)."""
    if unit.parent_id is None:
        return ""
    return unit.parent.government().name


def validate_year(year: int) -> None:
    this_year = timezone.localdate().year
    if not FIRST_REPORT_YEAR <= year <= this_year:
        raise ValidationError(f"年度 {year} 无效：应在{FIRST_REPORT_YEAR}年至{this_year}年之间")


def _new_report(unit: OrgUnit, year: int) -> tuple[AnnualReport, list[ReportPart]]:
    report = AnnualReport(
        unit=unit,
        year=year,
        title=default_title(unit, year),
        addressee=default_addressee(unit),
        closing_date=dt.date(year, 12, 31),
    )
    parts = [
        ReportPart(report=report, number=p.number, heading=p.heading, body_template=p.body)
        for p in default_parts()
    ]
    return report, parts


def build_unsaved(unit: OrgUnit, year: int) -> AnnualReport:
    """A draft with the default parts, in memory only (the command's fallback); never saved."""
    validate_year(year)
    report, parts = _new_report(unit, year)
    report.unsaved_parts = parts
    return report


def create_report(actor, channel: str, unit: OrgUnit, year: int) -> AnnualReport:
    """Start the year's report for `unit` as a draft with the default parts."""
    validate_year(year)
    if AnnualReport.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(f"{unit.name}已有{year}年度的法治政府建设报告")
    report, parts = _new_report(unit, year)
    with transaction.atomic():
        report.save()
        ReportPart.objects.bulk_create(parts)
        audit.record(
            actor, channel, "新建年度报告", report, None, audit.snapshot(report, REPORT_FIELDS)
        )
    return report


def update_part(actor, channel: str, part: ReportPart, body_template: str) -> ReportPart:
    """Replace a part's prose template; refused once the report is issued."""
    body_template = body_template.replace("\r\n", "\n").strip()
    prose.compile_template(body_template)  # raises ValidationError in Chinese
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=part.report_id)
        if report.is_issued:
            raise ValidationError("报告已印发，正文不能再修改")
        before = {"part": part.number, "body_template": part.body_template}
        part.body_template = body_template
        part.save(update_fields=["body_template", "updated_at"])
        after = {"part": part.number, "body_template": body_template}
        audit.record(actor, channel, "修改年度报告正文", report, before, after)
    return part


def _validate_issue_fields(report, doc_number: str, index_number: str, issued_on) -> None:
    errors = []
    if not DOC_NUMBER.fullmatch(doc_number):
        errors.append(
            f"文号“{doc_number}”格式有误：应为“机关代字〔年份〕序号号”，如 弥政报〔2022〕5号"
            "（GB/T 9704—2012 第7.2.4条：年份用六角括号，序号不加“第”字、不编虚位）"
        )
    if not index_number:
        errors.append("请填写索引号")
    if issued_on is None:
        errors.append("请填写成文日期")
    elif issued_on < report.closing_date:
        errors.append(f"成文日期 {issued_on} 早于数据截止日期 {report.closing_date}")
    if errors:
        raise ValidationError(errors)


def issue_report(
    actor,
    channel: str,
    report: AnnualReport,
    doc_number: str,
    index_number: str,
    issued_on: dt.date,
    *,
    acknowledge_problems: bool = False,
) -> AnnualReport:
    """Issue the report: run the consistency checks, freeze its figures, make it read-only.

    With problems found (figure checks, figures the text references that the platform does not
    compute, text still to be written) it is refused unless the issuer acknowledges them; the
    acknowledgement and the problems are kept with the frozen figures and in the audit row.
    """
    doc_number, index_number = doc_number.strip(), index_number.strip()
    _validate_issue_fields(report, doc_number, index_number, issued_on)
    with transaction.atomic():
        # Lock the report row only; issuing twice at once must not freeze two sets of figures.
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if report.is_issued:
            raise ValidationError(
                f"报告已于{report.issued_on}印发（{report.doc_number}），不能重复印发"
            )
        computed = figure_services.compute_all(report.unit, report.period)
        context = _live_context(report, computed)
        composition = compose_report(report, context)
        found = all_problems(context, composition)
        if found and not acknowledge_problems:
            raise ValidationError(
                [f"一致性检查发现 {len(found)} 个问题，确认后方可印发："]
                + [p["message"] for p in found]
            )
        before = audit.snapshot(report, REPORT_FIELDS)
        anchor = audit_anchor_at_issue(doc_number)
        report.frozen_figures = freeze(report, computed, context.problems, composition.problems) | {
            "audit_anchor": anchor
        }
        report.status = ReportStatus.ISSUED
        report.doc_number = doc_number
        report.index_number = index_number
        report.issued_on = issued_on
        report.issued_by = actor if getattr(actor, "pk", None) else None
        report.problems_acknowledged = bool(found)
        report.save()
        after = audit.snapshot(report, REPORT_FIELDS) | {
            "figures": len(computed),
            "acknowledged_problems": found,
            "audit_anchor": anchor,
        }
        audit.record(actor, channel, "印发年度报告", report, before, after)
    return report


def audit_anchor_at_issue(doc_number: str) -> dict:
    """The audit chain's head as the report is issued (its count and last hash): printed on the
    report, it fixes the chain up to the issue, for anyone to check with `fazhi audit verify
    --count N --hash H` (fazhi.core.audit)."""
    anchor = audit.current_anchor(f"年度报告 {doc_number}")
    return {"count": anchor.count, "hash": anchor.hash, "at": anchor.at}


def issued_audit_anchor(report: AnnualReport) -> dict | None:
    """The anchor frozen into an issued report; a draft has none."""
    return (report.frozen_figures or {}).get("audit_anchor") if report.is_issued else None


def freeze(
    report: AnnualReport,
    computed: list[Computed],
    figure_problems: list[dict],
    text_problems: list[dict],
) -> dict:
    """The figures as issued, each with the definition of what it counted (never the records'
    ids): the scope and period, once, and per figure its written definition and the query of the
    records it counted (a rate's also of its denominator)."""
    period = report.period
    return {
        "frozen_at": timezone.now().isoformat(),
        "scope": {"code": report.unit.code, "name": report.unit.name},
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "figures": [asdict(entry_of(c)) | _definition(c) for c in computed],
        "figure_problems": figure_problems,
        "text_problems": text_problems,
    }


def _definition(computed: Computed) -> dict:
    result = computed.result
    counted = {}
    if result.records is not None:
        counted = {
            "model": result.records.model._meta.label,
            "records": statement(result.records),
        }
        if result.among is not None:
            counted["among"] = statement(result.among)
    return {"definition": computed.figure.definition, "counted": counted}
