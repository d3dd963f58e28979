"""The 政府信息公开工作年度报告 (政府信息公开条例 arts. 49–50) in the national format of
国办公开办函〔2021〕30号: six parts, three of them a statistical table.

一、总体情况 (text) · 二、主动公开政府信息情况 (table 二) · 三、收到和处理政府信息公开申请情况
(table 三, from the 依申请公开 records) · 四、政府信息公开行政复议、行政诉讼情况 (table 四, from
the 行政复议 and 行政应诉 records of 政府信息公开) · 五、存在的主要问题及改进情况 (text) ·
六、其他需要报告的事项 (text).

It is an AnnualReport of kind DISCLOSURE: the same 起草 → 审核 → 签发, the same freezing (the
tables are frozen as printed, with the figures they read) and the same public page and files.
Table 二 reads the platform's figures by id where they are registered (行政规范性文件:
doc.issued, doc.abolished, doc.effective); a cell without a figure is a statistical return the
coordinator enters (填报), listed as such in the consistency check; a report whose return is
missing cannot be issued, so the issued document never prints an empty or placeholder cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Q
from django.utils import timezone

from fazhi.core.docx_layout import chinese_date
from fazhi.core.models import UnitKind

from .parts import DefaultPart

# --- Parts ------------------------------------------------------------------------------------


def _lines(*lines: str) -> str:
    return "\n".join(lines)


PARTS = [
    DefaultPart(
        1,
        "总体情况",
        _lines(
            "{{ year }}年，{{ unit_name }}深入贯彻落实《中华人民共和国政府信息公开条例》（以下简称"
            "《条例》），坚持以公开为常态、不公开为例外，推进政府信息公开工作。",
            "（一）主动公开。【待填写：本年度主动公开政府信息的情况】",
            '（二）依申请公开。全年共收到政府信息公开申请{% fig "sup.disclosure.requests" %}，'
            "办理情况见本报告第三部分。【待填写：依申请公开工作的主要做法】",
            "（三）政府信息管理。【待填写：政府信息管理、公开审查和动态调整的情况】",
            "（四）平台建设。【待填写：政府网站、政务新媒体等公开平台建设情况】",
            "（五）监督保障。【待填写：工作考核、社会评议和责任追究的情况】",
        ),
    ),
    DefaultPart(2, "主动公开政府信息情况", ""),
    DefaultPart(3, "收到和处理政府信息公开申请情况", ""),
    DefaultPart(4, "政府信息公开行政复议、行政诉讼情况", ""),
    DefaultPart(
        5,
        "存在的主要问题及改进情况",
        _lines(
            "{{ year }}年，{{ unit_name }}政府信息公开工作仍存在一些不足："
            "【待填写：存在的主要问题】",
            "{{ next_year }}年，将重点做好以下工作：【待填写：改进措施】",
        ),
    ),
    DefaultPart(
        6,
        "其他需要报告的事项",
        _lines(
            # 国办函〔2020〕109号《政府信息公开信息处理费管理办法》: the report states the fees.
            "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年度"
            "【待填写：收取信息处理费的情况，未收取的写明“未收取信息处理费”】。",
            "【待填写：其他需要报告的事项，没有的写明“无”】",
        ),
    ),
]

TABLE_PARTS = (2, 3, 4)


def default_title(unit, year: int) -> str:
    return f"{unit.name}{year}年政府信息公开工作年度报告"


# --- Publication deadline (条例 art. 49) -------------------------------------------------------


def publication_deadline(report) -> tuple[dt.date, str] | None:
    """The day by which the report must be published, and its rule: a 县级以上人民政府部门 by
    1月31日 (art. 49 ¶1), the government's own report by 3月31日 (art. 49 ¶2); 乡镇 reports
    have no date in the 条例 (local notices set one), hence None."""
    unit = report.unit
    if unit.is_government:
        return dt.date(
            report.year + 1, 3, 31
        ), "《条例》第四十九条第二款：本级政府年度报告于3月31日前公布"
    if unit.kind == UnitKind.DEPARTMENT:
        return dt.date(
            report.year + 1, 1, 31
        ), "《条例》第四十九条第一款：政府部门年度报告于1月31日前公布"
    return None


def deadline_problems(report, on: dt.date | None = None) -> list[dict]:
    """A warning when the report is not published by its deadline: as of today for a draft, as of
    the 成文日期 for the report being issued."""
    deadline = publication_deadline(report)
    day = on or timezone.localdate()
    if deadline is None or day <= deadline[0]:
        return []
    return [
        {
            "check": "ogi:deadline",
            "description": "已过政府信息公开工作年度报告的公布期限",
            "message": f"应于{chinese_date(deadline[0])}前公布（{deadline[1]}）",
        }
    ]


# --- Table 二: 主动公开政府信息情况 -------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One number of table 二: its key (in AnnualReport.statistical_returns), the item and column
    it stands in, and the figure that gives it where the platform counts it."""

    key: str
    item: str
    column: str
    figure_id: str = ""
    amount: bool = False  # 万元 with decimals, not a count

    @property
    def label(self) -> str:
        return f"{self.item}·{self.column}"


ISSUED, ABOLISHED, EFFECTIVE = "本年制发件数", "本年废止件数", "现行有效件数"
DECISIONS, FEES = "本年处理决定数量", "本年收费金额（单位：万元）"
# (heading, columns, cells by item): the four blocks of table 二 (30号).
TABLE2_BLOCKS = [
    (
        "第二十条第（一）项",
        [ISSUED, ABOLISHED, EFFECTIVE],
        [
            [
                Cell("rules.issued", "规章", ISSUED),
                Cell("rules.abolished", "规章", ABOLISHED),
                Cell("rules.effective", "规章", EFFECTIVE),
            ],
            [
                Cell("norms.issued", "行政规范性文件", ISSUED, "doc.issued"),
                Cell("norms.abolished", "行政规范性文件", ABOLISHED, "doc.abolished"),
                Cell("norms.effective", "行政规范性文件", EFFECTIVE, "doc.effective"),
            ],
        ],
    ),
    ("第二十条第（五）项", [DECISIONS], [[Cell("licensing", "行政许可", DECISIONS)]]),
    (
        "第二十条第（六）项",
        [DECISIONS],
        [[Cell("penalty", "行政处罚", DECISIONS)], [Cell("coercion", "行政强制", DECISIONS)]],
    ),
    ("第二十条第（八）项", [FEES], [[Cell("fees", "行政事业性收费", FEES, amount=True)]]),
]
CELLS = [cell for _, _, items in TABLE2_BLOCKS for cells in items for cell in cells]
TABLE2_WIDTH = 4  # 信息内容 + three columns; a block with one column spans the three


def registered_ids() -> set[str]:
    from fazhi.figures.registry import all_figures

    return {f.id for f in all_figures()}


def figure_of(cell: Cell, registered: set[str]) -> str:
    """The figure a cell reads, if the platform holds it; otherwise the cell is 填报."""
    return cell.figure_id if cell.figure_id and cell.figure_id in registered else ""


def figure_ids(registered: set[str] | None = None) -> list[str]:
    registered = registered_ids() if registered is None else registered
    return [f for cell in CELLS if (f := figure_of(cell, registered))]


def returned_cells(registered: set[str] | None = None) -> list[Cell]:
    """The cells the coordinator enters: those without a platform figure."""
    registered = registered_ids() if registered is None else registered
    return [cell for cell in CELLS if not figure_of(cell, registered)]


def clean_return(cell: Cell, raw) -> str:
    """A returned value as stored: a whole number of 件, or an amount of 万元 to two decimals.
    Raises ValueError with the reason in Chinese."""
    text = str(raw).strip().replace(",", "").replace("，", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{cell.label}：“{raw}”不是数字") from None
    if number < 0:
        raise ValueError(f"{cell.label}：不能为负数")
    if cell.amount:
        if number != number.quantize(Decimal("0.01")):
            raise ValueError(f"{cell.label}：金额以万元为单位，最多保留两位小数")
        return str(number.quantize(Decimal("0.01")))
    if number != number.to_integral_value():
        raise ValueError(f"{cell.label}：件数应为整数")
    return str(int(number))


def _head(text: str, colspan: int = 1, rowspan: int = 1) -> dict:
    return {"text": text, "colspan": colspan, "rowspan": rowspan, "head": True}


def _cell(text: str, colspan: int = 1, *, label: bool = False, level: int = 0) -> dict:
    return {"text": text, "colspan": colspan, "rowspan": 1, "label": label, "level": level}


def _figure_number(entry) -> str:
    value = entry.value
    return "" if value is None else str(value)


def table_two(report, figures: dict, registered: set[str]) -> tuple[dict, list[dict]]:
    """Table 二 with its cells from the figures (computed or frozen) and the returns; with the
    problems: each returned value (a notice) and each missing one."""
    returns = report.statistical_returns or {}
    rows, problems = [], []
    for heading, columns, items in TABLE2_BLOCKS:
        rows.append([_head(heading, TABLE2_WIDTH)])
        span = (TABLE2_WIDTH - 1) // len(columns)
        rows.append([_head("信息内容")] + [_head(c, span) for c in columns])
        for cells in items:
            row = [_cell(cells[0].item, label=True)]
            for cell in cells:
                figure_id = figure_of(cell, registered)
                if figure_id:
                    entry = figures.get(figure_id)
                    text = _figure_number(entry) if entry is not None else ""
                    if entry is None or text == "":
                        problems.append(_missing(cell, f"平台指标 {figure_id} 没有数值"))
                elif cell.key in returns:
                    text = returns[cell.key]
                    problems.append(
                        {
                            "check": f"ogi:return:{cell.key}",
                            "description": f"表二“{cell.label}”",
                            "message": f"本项为填报数据（平台尚未统计），填报值为 {text}",
                            "notice": True,
                        }
                    )
                else:
                    text = ""
                    problems.append(_missing(cell, "本项为填报数据，尚未填报（没有的填0）"))
                shown = _cell(text, span)
                if text == "":
                    shown["missing"] = True  # a draft shows 待填报; an issued report has none
                row.append(shown)
            rows.append(row)
    return {"number": 2, "head": [], "body": rows}, problems


def _missing(cell: Cell, why: str) -> dict:
    return {
        "check": f"ogi:missing:{cell.key}",
        "description": f"表二“{cell.label}”没有数据",
        "message": why,
        "missing": True,
    }


# --- Tables 三 and 四, from the records ---------------------------------------------------------


def table_three(report) -> tuple[dict, list[dict]]:
    """Table 三 as the 依申请公开 app builds it, with its check 一 + 二 = 三(七) + 四."""
    from fazhi.oversight.disclosure import annual

    built = annual.build_table(report.unit, report.year)
    columns = built.columns
    head = [
        [
            _head("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 1, 2),
            _head(columns[0], 1, 2),
            _head("法人或其他组织", len(columns) - 1),
            _head("总计", 1, 2),
        ],
        [_head(c) for c in columns[1:]],
    ]
    body = []
    for row in built.rows:
        cells = [_cell(row.label, label=True, level=row.level)]
        if row.counts:
            cells += [_cell(str(n)) for n in row.counts] + [_cell(str(row.total))]
        else:
            cells.append(_cell("", len(columns) + 1))
        body.append(cells)
    problems = [
        {
            "check": "ogi:table3",
            "description": "表三勾稽关系不符（一 + 二 = 三(七) + 四）",
            "message": message,
        }
        for message in built.problems
    ]
    return {"number": 3, "head": head, "body": body}, problems


# --- Table 四: counted from the 行政复议 and 行政应诉 records ------------------------------------

OUTCOME_COLUMNS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
UPHELD, CORRECTED, OTHER, PENDING = range(4)
# 案由 of a 政府信息公开 lawsuit: 《最高人民法院关于行政案件案由的暂行规定》(法发〔2020〕44号)
# lists "政府信息公开" as a 案由; the 应诉 ledger keeps the 案由 as written, so it is matched by
# these words (the ledger has no category field).
LAWSUIT_CAUSE = "信息公开"


@dataclass
class ChallengeTable:
    """行政复议, 未经复议直接起诉, 复议后起诉, each × OUTCOME_COLUMNS (the last is their sum)."""

    year: int
    reconsideration: list[int] = field(default_factory=lambda: [0] * 5)
    direct_suits: list[int] = field(default_factory=lambda: [0] * 5)
    suits_after_reconsideration: list[int] = field(default_factory=lambda: [0] * 5)

    @property
    def cells(self) -> list[int]:
        return self.reconsideration + self.direct_suits + self.suits_after_reconsideration


def _add(counts: list[int], column: int) -> None:
    counts[column] += 1
    counts[-1] += 1


def build_challenge_table(scope, year: int) -> ChallengeTable:
    """Table 四 of the scope's year, from the 行政复议 cases of category 政府信息公开 whose
    被申请人 is in the scope and the lawsuits whose 案由 is 政府信息公开 and whose 被告 is in it.

    A case counts in the year when it was concluded in the year (by its result) or was received
    by the year's end and not concluded by then (尚未审结). 行政复议: 维持 and 驳回复议请求 are
    结果维持; the corrective decisions (撤销, 变更, 确认违法/无效, 责令履行 …) 结果纠正; the rest
    (驳回申请, 调解, 和解, 终止) 其他结果; cases not accepted are not counted. 行政诉讼: one case
    per first instance, its result that of the last instance concluded by the year's end (a
    驳回上诉、维持原判 takes the judgment it upholds): 判决驳回诉讼请求 结果维持, a judgment against
    the act (Result.losing) 结果纠正, the rest (撤诉, 驳回起诉, 调解) 其他结果. A suit is 复议后起诉
    when its plaintiff had a 政府信息公开 行政复议 case against the same 被告 (as 被申请人 or as the
    复议机关) concluded before the suit's complaint was received; otherwise 未经复议直接起诉.
    Two queries for 行政复议 and 行政诉讼 each, whatever the number of cases. Counted here, as
    the figures count any ledger, not in the 依申请公开 app (which reaches 复议 records only
    through their visibility rules)."""
    from fazhi.disputes.litigation.models import Lawsuit
    from fazhi.disputes.litigation.models import Result as SuitResult
    from fazhi.disputes.reconsideration.models import Category, Outcome, ReconsiderationCase
    from fazhi.disputes.reconsideration.models import Status as CaseStatus

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    table = ChallengeTable(year)
    counted = [*CaseStatus.open(), *CaseStatus.concluded()]
    cases = ReconsiderationCase.objects.filter(
        category=Category.DISCLOSURE,
        respondent__path__startswith=scope.path,
        status__in=counted,
        received_on__lte=end,
    ).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    upheld = {Outcome.UPHELD, Outcome.DISMISSED}
    corrective = set(Outcome.corrective())
    for outcome, closed_on in cases.order_by().values_list("outcome", "closed_on"):
        if closed_on is None or closed_on > end or not outcome:
            column = PENDING
        elif outcome in upheld:
            column = UPHELD
        elif outcome in corrective:
            column = CORRECTED
        else:
            column = OTHER
        _add(table.reconsideration, column)

    suits = list(
        Lawsuit.objects.filter(
            cause__contains=LAWSUIT_CAUSE,
            defendant__path__startswith=scope.path,
            copy_received_on__lte=end,
        )
        .order_by("copy_received_on", "pk")
        .values(
            "pk",
            "previous_id",
            "instance",
            "plaintiff_name",
            "defendant_id",
            "copy_received_on",
            "closed_on",
            "result",
        )
    )
    by_previous: dict[int, list[dict]] = {}
    for suit in suits:
        if suit["previous_id"]:
            by_previous.setdefault(suit["previous_id"], []).append(suit)
    firsts = [s for s in suits if s["previous_id"] is None]
    earlier = _earlier_disclosure_cases(firsts, ReconsiderationCase, Category.DISCLOSURE)
    losing = set(SuitResult.losing())
    for first in firsts:
        chain = [first]
        while by_previous.get(chain[-1]["pk"]):
            chain.append(by_previous[chain[-1]["pk"]][-1])
        last = chain[-1]
        if last["closed_on"] is None or last["closed_on"] > end:
            column = PENDING
        elif last["closed_on"] < start:
            continue  # concluded in an earlier year
        else:
            result = last["result"]
            for instance in reversed(chain):
                if instance["result"] and instance["result"] != SuitResult.UPHELD:
                    result = instance["result"]
                    break
            if result == SuitResult.DISMISSED_CLAIMS:
                column = UPHELD
            elif result in losing:
                column = CORRECTED
            else:
                column = OTHER
        after = any(
            closed_on < first["copy_received_on"]
            for closed_on in earlier.get((first["plaintiff_name"], first["defendant_id"]), [])
        )
        _add(table.suits_after_reconsideration if after else table.direct_suits, column)
    return table


def _earlier_disclosure_cases(suits: list[dict], model, category) -> dict:
    """(applicant, unit) → the days their 政府信息公开 复议 cases were concluded, the unit being
    the case's 被申请人 or 复议机关 (either may be the 被告 after 复议, 行政诉讼法 art. 26 ¶2)."""
    names = {s["plaintiff_name"] for s in suits}
    if not names:
        return {}
    found: dict[tuple, list] = {}
    rows = model.objects.filter(
        category=category, applicant_name__in=names, closed_on__isnull=False
    ).values_list("applicant_name", "respondent_id", "organ_id", "closed_on")
    for name, respondent, organ, closed_on in rows.order_by():
        for unit in {respondent, organ}:
            found.setdefault((name, unit), []).append(closed_on)
    return found


def table_four(report) -> dict:
    built = build_challenge_table(report.unit, report.year)
    outcomes = OUTCOME_COLUMNS
    head = [
        [_head("行政复议", len(outcomes)), _head("行政诉讼", 2 * len(outcomes))],
        [_head(c, 1, 2) for c in outcomes]
        + [_head("未经复议直接起诉", len(outcomes)), _head("复议后起诉", len(outcomes))],
        [_head(c) for c in outcomes * 2],
    ]
    return {"number": 4, "head": head, "body": [[_cell(str(n)) for n in built.cells]]}


def build_tables(report, figures: dict) -> tuple[dict[str, dict], list[dict]]:
    """The three tables of a draft, keyed by their part's number (as frozen: JSON), and their
    problems (and the deadline's)."""
    registered = registered_ids()
    two, problems = table_two(report, figures, registered)
    three, three_problems = table_three(report)
    tables = {"2": two, "3": three, "4": table_four(report)}
    return tables, problems + three_problems + deadline_problems(report)


def blocking(problems: list[dict]) -> list[dict]:
    """The problems the signatory must answer: not the notices that a value is 填报."""
    return [p for p in problems if not p.get("notice")]


def missing_returns(problems: list[dict]) -> list[dict]:
    return [p for p in problems if p.get("missing")]
