"""State changes of annual reports, and the figures a report states.

Every change is one function that checks, writes in one transaction and appends the audit row:
起草 (create_report, update_part, submit_for_review by the coordinator) → 审核 (approve_report or
return_report by a reviewer of the report's government) → 签发 (sign_report by a leader of its
scope, in their own session: the signatory is always the acting user). A refusal is a `Refusal`
in Chinese and changes nothing.

While a report is not issued its figures are computed live from the records; signing it freezes
them (values, display texts, numerators/denominators, and the definition of what each counted:
its written definition, the scope, the period and the condition on the records) so that later
changes to the records do not change an issued report. The ids of the counted records are not
kept: at a city's volume they are millions of rows, and the definition says what they were.
"""

import datetime as dt
import difflib
import re
from dataclasses import asdict, dataclass, field, fields, replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.models import OrgUnit, UnitKind
from fazhi.core.permissions import unit_in_scope
from fazhi.core.workflow import Refusal
from fazhi.figures import registry
from fazhi.figures import services as figure_services
from fazhi.figures.registry import Computed, Source, statement

from . import ogi, prose
from .models import AnnualReport, ReportKind, ReportPart, ReportStatus
from .parts import default_parts
from .queries import can_create_report, can_edit_report, can_review_report, can_sign_report

REPORT_FIELDS = (
    "unit",
    "year",
    "kind",
    "title",
    "addressee",
    "status",
    "doc_number",
    "index_number",
    "closing_date",
    "issued_on",
    "submitted_by",
    "reviewed_by",
    "review_comment",
    "issued_by",
    "problems_acknowledged",
    "problems_reason",
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
    previous: dict[str, FigureEntry] = field(default_factory=dict)  # last year's, for {% yoy %}
    # The statistical tables of a 政府信息公开 report by their part's number (fazhi.reports.ogi).
    tables: dict[str, dict] = field(default_factory=dict)


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
    return _live_context(report, computed_figures(report), previous_year(report))


def computed_figures(report: AnnualReport) -> list[Computed]:
    """The figures a report states: every figure for the 法治政府建设 report; for the 政府信息公开
    report those its text references and those its table 二 reads."""
    if not report.is_disclosure:
        return figure_services.compute_all(report.unit, report.period)
    ids = ogi.figure_ids() + referenced_ids(report)
    return figure_services.compute_all(report.unit, report.period, ids=list(dict.fromkeys(ids)))


def referenced_ids(report: AnnualReport) -> list[str]:
    """The figures the parts' texts reference; a text that does not compile references none
    (its error is a problem of the composition)."""
    ids = []
    for part in parts_of(report):
        try:
            ids += prose.figure_ids_of(prose.compile_template(part.body_template))
        except ValidationError:
            continue
    return ids


def previous_year(report: AnnualReport) -> list[Computed]:
    """Last year's values of the figures the text compares ({% yoy %}), over the same span of
    the year; nothing is computed when the text compares none."""
    ids = prose.compared_ids(part.body_template for part in parts_of(report))
    if not ids:
        return []
    return figure_services.compute_all(report.unit, report.period.previous_year(), ids=ids)


def _live_context(
    report: AnnualReport, computed: list[Computed], previous: list[Computed] = ()
) -> ReportContext:
    figures = {c.figure.id: entry_of(c) for c in computed}
    before = {c.figure.id: entry_of(c) for c in previous}
    problems = figure_services.problems(computed)
    tables = {}
    if report.is_disclosure:
        tables, table_problems = ogi.build_tables(report, figures)
        problems = problems + table_problems
    return ReportContext(report, figures, problems, frozen=False, previous=before, tables=tables)


def _frozen_context(report: AnnualReport) -> ReportContext:
    names = {f.name for f in fields(FigureEntry)}
    frozen = report.frozen_figures

    def entries(items) -> dict[str, FigureEntry]:
        return {
            item["id"]: FigureEntry(**{k: v for k, v in item.items() if k in names})
            for item in items
        }

    return ReportContext(
        report,
        entries(frozen["figures"]),
        frozen.get("figure_problems", []),
        frozen=True,
        previous=entries(frozen.get("previous_year", [])),
        tables=frozen.get("tables", {}),
    )


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


def compose_report(
    report: AnnualReport, context: ReportContext, *, published: bool = False
) -> prose.Composition:
    """The report's text; `published`: as issued, without any internal note or marker."""
    return prose.compose(
        parts_of(report),
        template_variables(report),
        context.figures,
        published=published,
        previous=context.previous,
        # 督察工作规定 art. 25's required content is the 法治政府建设 report's; the 政府信息公开
        # report's parts are fixed by 30号 and their markers are its problems.
        whole_report=not report.is_disclosure,
    )


def all_problems(context: ReportContext, composition: prose.Composition) -> list[dict]:
    return context.problems + composition.problems


def default_title(unit: OrgUnit, year: int, kind: str = ReportKind.RULE_OF_LAW) -> str:
    if kind == ReportKind.DISCLOSURE:
        return ogi.default_title(unit, year)
    return f"{unit.name}关于{year}年法治政府建设工作情况的报告"


def default_addressee(unit: OrgUnit, kind: str = ReportKind.RULE_OF_LAW) -> str:
    """The government one level up (a county reports to its prefecture); the 政府信息公开 report
    is published to the public (条例 art. 49), not addressed."""
    if unit.parent_id is None or kind == ReportKind.DISCLOSURE:
        return ""
    return unit.parent.government().name


def validate_year(year: int) -> None:
    this_year = timezone.localdate().year
    if not FIRST_REPORT_YEAR <= year <= this_year:
        raise ValidationError(f"年度 {year} 无效：应在{FIRST_REPORT_YEAR}年至{this_year}年之间")


def _new_report(
    unit: OrgUnit, year: int, kind: str = ReportKind.RULE_OF_LAW
) -> tuple[AnnualReport, list[ReportPart]]:
    report = AnnualReport(
        unit=unit,
        year=year,
        kind=kind,
        title=default_title(unit, year, kind),
        addressee=default_addressee(unit, kind),
        closing_date=dt.date(year, 12, 31),
    )
    defaults = ogi.PARTS if kind == ReportKind.DISCLOSURE else default_parts()
    parts = [
        ReportPart(report=report, number=p.number, heading=p.heading, body_template=p.body)
        for p in defaults
    ]
    return report, parts


def build_unsaved(unit: OrgUnit, year: int, kind: str = ReportKind.RULE_OF_LAW) -> AnnualReport:
    """A draft with the default parts, in memory only (the command's fallback); never saved."""
    validate_year(year)
    report, parts = _new_report(unit, year, kind)
    report.unsaved_parts = parts
    return report


# 条例 art. 49: 各级人民政府 and 县级以上人民政府部门 publish a 政府信息公开工作年度报告.
DISCLOSURE_UNIT_KINDS = [*UnitKind.governments(), UnitKind.DEPARTMENT, UnitKind.TOWN]


def create_report(
    actor, channel: str, unit: OrgUnit, year: int, kind: str = ReportKind.RULE_OF_LAW
) -> AnnualReport:
    """Start the year's report of `kind` for `unit` (a unit of the coordinator's scope; the
    command line and the demo act as the system, `actor` None) as a draft with the default
    parts."""
    validate_year(year)
    kind = ReportKind(kind)
    if actor is not None and not (can_create_report(actor) and unit_in_scope(actor, unit)):
        raise Refusal("只有本级统筹协调人员可以为本级政府及其所属单位新建年度报告")
    if kind == ReportKind.DISCLOSURE and unit.kind not in DISCLOSURE_UNIT_KINDS:
        raise Refusal(f"{unit.name}不是人民政府或政府部门，不编制政府信息公开工作年度报告")
    if AnnualReport.objects.filter(unit=unit, year=year, kind=kind).exists():
        raise ValidationError(f"{unit.name}已有{year}年度的{kind.label}")
    report, parts = _new_report(unit, year, kind)
    with transaction.atomic():
        report.save()
        ReportPart.objects.bulk_create(parts)
        audit.record(
            actor, channel, "新建年度报告", report, None, audit.snapshot(report, REPORT_FIELDS)
        )
    return report


def check_template(body_template: str, unit) -> prose.Template:
    """Compile a part's text and refuse figures the platform does not hold for the report's unit
    (another government's own figures count nothing here), naming the nearest."""
    template = prose.compile_template(body_template)  # raises ValidationError in Chinese
    known = {f.id for f in registry.all_figures() if f.applies_to(unit)}
    unknown = [fid for fid in dict.fromkeys(prose.figure_ids_of(template)) if fid not in known]
    if unknown:
        raise Refusal([_unknown_figure_message(fid, known) for fid in unknown])
    return template


def _unknown_figure_message(figure_id: str, known: set[str]) -> str:
    close = difflib.get_close_matches(figure_id, sorted(known), n=3, cutoff=0.6)
    hint = f"；是否要写：{'、'.join(close)}" if close else "；请从“插入指标”中选择"
    return f"未保存：平台没有编号为“{figure_id}”的指标{hint}"


def update_part(actor, channel: str, part: ReportPart, body_template: str) -> ReportPart:
    """Replace a part's prose template; only the coordinator, only while the report is with them
    (起草中 or 退回修改). A figure the platform does not hold is refused with its nearest ids."""
    body_template = body_template.replace("\r\n", "\n").strip()
    check_template(body_template, part.report.unit)
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=part.report_id)
        if not report.is_editable:
            raise Refusal(
                f"报告当前状态为“{report.get_status_display()}”，正文不能修改"
                "（只有起草中或退回修改的报告可以修改）"
            )
        if not can_edit_report(actor, report):
            raise Refusal("只有本级统筹协调人员可以修改报告正文")
        before = {"part": part.number, "body_template": part.body_template}
        part.body_template = body_template
        part.save(update_fields=["body_template", "updated_at"])
        after = {"part": part.number, "body_template": body_template}
        audit.record(actor, channel, "修改年度报告正文", report, before, after)
    return part


def preview_part(
    report: AnnualReport, number: int, body_template: str
) -> tuple[ReportContext, prose.Composition]:
    """A part's text as it would read with the current figures, without saving anything; with
    the context it was composed with (last year's values of what the typed text compares)."""
    context = render_context(report)
    part = ReportPart(report=report, number=number, heading="", body_template=body_template)
    source = next((p for p in parts_of(report) if p.number == number), None)
    part.heading = source.heading if source else ""
    if compared := prose.compared_ids([body_template]):
        before = report.period.previous_year()
        computed = figure_services.compute_all(report.unit, before, ids=compared)
        context = replace(context, previous={c.figure.id: entry_of(c) for c in computed})
    composition = prose.compose(
        [part],
        template_variables(report),
        context.figures,
        previous=context.previous,
        whole_report=False,
    )
    return context, composition


def current_problems(report: AnnualReport) -> list[dict]:
    """The consistency check as it stands: the figures' rules and the text's problems."""
    context = render_context(report)
    return all_problems(context, compose_report(report, context))


def enter_returns(actor, channel: str, report: AnnualReport, values: dict) -> AnnualReport:
    """填报: the coordinator enters the 政府信息公开 report's table 二 values the platform does
    not count (cell key → value; an empty value clears the cell). Only while the report is with
    them; a cell the platform counts is refused, so a figure is never overwritten by hand."""
    if not report.is_disclosure:
        raise Refusal("只有政府信息公开工作年度报告有填报数据")
    allowed = {cell.key: cell for cell in ogi.returned_cells()}
    errors, cleaned = [], {}
    for key, raw in values.items():
        cell = allowed.get(key)
        if cell is None:
            errors.append(f"“{key}”不是可填报的栏目（平台统计的数据不能填报）")
        elif raw is None or str(raw).strip() == "":
            cleaned[key] = None
        else:
            try:
                cleaned[key] = ogi.clean_return(cell, raw)
            except ValueError as error:
                errors.append(str(error))
    if errors:
        raise Refusal(errors)
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().select_related("unit").get(pk=report.pk)
        if not report.is_editable:
            raise Refusal(
                f"报告当前状态为“{report.get_status_display()}”，填报数据不能修改"
                "（只有起草中或退回修改的报告可以修改）"
            )
        if not can_edit_report(actor, report):
            raise Refusal("只有本级统筹协调人员可以填报数据")
        before = dict(report.statistical_returns or {})
        after = {k: v for k, v in (before | cleaned).items() if v is not None}
        report.statistical_returns = after
        report.save(update_fields=["statistical_returns", "updated_at"])
        audit.record(actor, channel, "填报年度报告数据", report, before, after)
    return report


def _transition(report: AnnualReport, allowed: list[str], action: str) -> AnnualReport:
    """The report re-read under its row lock, in one of the statuses the step starts from."""
    report = AnnualReport.objects.select_for_update().select_related("unit").get(pk=report.pk)
    if report.status not in allowed:
        names = "、".join(str(ReportStatus(s).label) for s in allowed)
        raise Refusal(
            f"无法{action}：报告当前状态为“{report.get_status_display()}”，"
            f"只有“{names}”的报告可以{action}"
        )
    return report


def submit_for_review(actor, channel: str, report: AnnualReport) -> AnnualReport:
    """起草 → 审核: the coordinator sends the draft to the reviewers; the text is then fixed
    until it is returned. Problems do not stop it: the reviewer sees them."""
    with transaction.atomic():
        report = _transition(report, ReportStatus.editable(), "送审")
        if not can_edit_report(actor, report):
            raise Refusal("只有本级统筹协调人员可以送审报告")
        found = current_problems(report)
        before = audit.snapshot(report, REPORT_FIELDS)
        report.status = ReportStatus.IN_REVIEW
        report.submitted_by = actor
        report.submitted_at = timezone.now()
        report.save()
        after = audit.snapshot(report, REPORT_FIELDS) | {"problems": len(found)}
        audit.record(actor, channel, "年度报告送审", report, before, after)
    return report


def approve_report(actor, channel: str, report: AnnualReport, comment: str = "") -> AnnualReport:
    """审核通过: a reviewer of the report's government passes it on for signature."""
    comment = comment.strip()
    with transaction.atomic():
        report = _transition(report, [ReportStatus.IN_REVIEW], "审核通过")
        _require_reviewer(actor, report)
        _record_review(actor, channel, report, ReportStatus.APPROVED, comment, "年度报告审核通过")
    return report


def return_report(actor, channel: str, report: AnnualReport, comment: str) -> AnnualReport:
    """退回修改, with the reasons: by the reviewer (待审核) or by the signing leader (待签发)."""
    comment = comment.strip()
    if not comment:
        raise Refusal("退回修改须写明意见")
    with transaction.atomic():
        report = _transition(report, [ReportStatus.IN_REVIEW, ReportStatus.APPROVED], "退回修改")
        if report.status == ReportStatus.IN_REVIEW:
            _require_reviewer(actor, report)
        elif not can_sign_report(actor, report):
            raise Refusal("待签发的报告只能由本级领导退回")
        _record_review(actor, channel, report, ReportStatus.RETURNED, comment, "年度报告退回修改")
    return report


def _record_review(actor, channel, report, status, comment: str, action: str) -> None:
    """A reviewer's (or the signing leader's) verdict: the new status, who gave it, when, and
    their comment, with its audit row."""
    before = audit.snapshot(report, REPORT_FIELDS)
    report.status = status
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.review_comment = comment
    report.save()
    audit.record(actor, channel, action, report, before, audit.snapshot(report, REPORT_FIELDS))


def _require_reviewer(actor, report: AnnualReport) -> None:
    if not can_review_report(actor, report):
        raise Refusal("只有本级政府的审核人员可以审核报告")
    if report.submitted_by_id is not None and report.submitted_by_id == actor.pk:
        raise Refusal("送审人不能审核自己送审的报告")


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
    elif issued_on > timezone.localdate():
        errors.append(f"成文日期 {issued_on} 晚于今天")
    if errors:
        raise Refusal(errors)


def sign_report(
    actor,
    channel: str,
    report: AnnualReport,
    doc_number: str,
    index_number: str,
    issued_on: dt.date,
    *,
    problems_reason: str = "",
) -> AnnualReport:
    """签发: the leader signs the approved report in their own session. The consistency checks
    run again; with problems found (figure checks, figures the platform does not hold, text still
    to be written, parts without data) signing is refused unless the leader writes why the report
    may go out as it is. The figures are frozen with 文号, 索引号, 成文日期, the signatory and the
    audit chain's head; the issued text leaves every marker out (prose.compose(published=True)).
    """
    doc_number, index_number = doc_number.strip(), index_number.strip()
    problems_reason = problems_reason.strip()
    _validate_issue_fields(report, doc_number, index_number, issued_on)
    with transaction.atomic():
        # The row lock: signing twice at once must not freeze two sets of figures.
        report = _transition(report, [ReportStatus.APPROVED], "签发")
        if not can_sign_report(actor, report):
            raise Refusal("只有本级领导可以签发报告，且须由其本人登录签发")
        computed = computed_figures(report)
        previous = previous_year(report)
        context = _live_context(report, computed, previous)
        if report.is_disclosure:
            # As of its 成文日期, not of the day it is signed: a backdated report is not late.
            context.problems = [p for p in context.problems if p["check"] != "ogi:deadline"]
            context.problems += ogi.deadline_problems(report, issued_on)
            if missing := ogi.missing_returns(context.problems):
                raise Refusal(
                    ["表二尚有数据未填报或平台无数值，签发的报告不能留空："]
                    + [f"{p['description']}：{p['message']}" for p in missing]
                )
        composition = compose_report(report, context)
        found = ogi.blocking(all_problems(context, composition))
        if found and not problems_reason:
            raise Refusal(
                [f"一致性检查发现 {len(found)} 个问题，须写明带问题签发的理由方可签发："]
                + [p["message"] for p in found]
            )
        before = audit.snapshot(report, REPORT_FIELDS)
        anchor = audit_anchor_at_issue(doc_number)
        report.frozen_figures = freeze(report, computed, context.problems, composition.problems) | {
            "previous_year": [asdict(entry_of(c)) for c in previous],
            "audit_anchor": anchor,
        }
        if report.is_disclosure:
            report.frozen_figures["tables"] = context.tables
        report.status = ReportStatus.ISSUED
        report.doc_number = doc_number
        report.index_number = index_number
        report.issued_on = issued_on
        report.issued_by = actor
        report.issued_at = timezone.now()
        report.problems_acknowledged = bool(found)
        report.problems_reason = problems_reason if found else ""
        report.save()
        after = audit.snapshot(report, REPORT_FIELDS) | {
            "figures": len(computed),
            "acknowledged_problems": found,
            "audit_anchor": anchor,
        }
        audit.record(actor, channel, "签发年度报告", report, before, after)
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
