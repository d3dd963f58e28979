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
from fazhi.core.models import OrgUnit
from fazhi.core.permissions import unit_in_scope
from fazhi.core.workflow import Refusal
from fazhi.figures import registry
from fazhi.figures import services as figure_services
from fazhi.figures.registry import Computed, Source, statement

from . import prose
from .models import AnnualReport, ReportPart, ReportStatus
from .parts import default_parts
from .queries import can_create_report, can_edit_report, can_review_report, can_sign_report

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
    computed = figure_services.compute_all(report.unit, report.period)
    return _live_context(report, computed, previous_year(report))


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
    return ReportContext(report, figures, problems, frozen=False, previous=before)


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
    )


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
    """Start the year's report for `unit` as a draft with the default parts: a coordinator, for
    their own scope (the command line and the demo act as the system, `actor` None)."""
    if actor is not None and not (can_create_report(actor) and unit_in_scope(actor, unit)):
        raise Refusal(f"只有{unit.name}的统筹协调人员可以新建其年度报告")
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
        computed = figure_services.compute_all(report.unit, report.period)
        previous = previous_year(report)
        context = _live_context(report, computed, previous)
        composition = compose_report(report, context)
        found = all_problems(context, composition)
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
