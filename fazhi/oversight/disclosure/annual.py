"""Table 三 (收到和处理政府信息公开申请情况) of the 政府信息公开工作年度报告, in the format of
国办公开办函〔2021〕30号, built from the records of a scope and year.

Rows: 一 本年新收 (received in the year), 二 上年结转 (received before and not concluded by the
year's start), 三 办理结果 (concluded in the year, by result row; (七) their total), 四 结转下年度
(received by the year's end and not concluded by then). Columns: 自然人, the five kinds of
法人或其他组织, 总计. Every request received up to the year's end is either concluded in an
earlier year, concluded in this one, or carried over, hence the check 一 + 二 = 三(七) + 四.
Each row is one aggregate query grouped by applicant type.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q

from .models import ApplicantType, DisclosureRequest, ResultRow

COLUMNS = [ApplicantType.PERSON, *ApplicantType.organisations()]

# The (一)…(六) groups of row 三, with their numbered sub-rows (30号).
GROUPS = [
    ("(一)予以公开", [ResultRow.DISCLOSED]),
    ("(二)部分公开(区分处理的，只计这一情形，不计其他情形)", [ResultRow.PARTIAL]),
    ("(三)不予公开", [r for r in ResultRow if r.value.startswith("3.")]),
    ("(四)无法提供", [r for r in ResultRow if r.value.startswith("4.")]),
    ("(五)不予处理", [r for r in ResultRow if r.value.startswith("5.")]),
    ("(六)其他处理", [r for r in ResultRow if r.value.startswith("6.")]),
]


@dataclass
class Row:
    label: str
    counts: list[int]
    level: int = 0  # 0 a main row, 1 a group (一)…, 2 a numbered sub-row

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class Table:
    year: int
    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return [str(c.label) for c in COLUMNS]


def _by_type(queryset, group: str | None = None) -> dict:
    fields = ["applicant_type", group] if group else ["applicant_type"]
    rows = queryset.order_by().values(*fields).annotate(n=Count("pk"))
    return {tuple(r[f] for f in fields): r["n"] for r in rows}


def _counts(found: dict, *key) -> list[int]:
    return [found.get((c.value, *key), 0) for c in COLUMNS]


def build_table(scope, year: int) -> Table:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    requests = DisclosureRequest.objects.in_scope(scope)
    open_at = lambda day: Q(concluded_on__isnull=True) | Q(concluded_on__gt=day)  # noqa: E731
    new = _by_type(requests.filter(received_on__range=(start, end)))
    carried_in = _by_type(
        requests.filter(open_at(start - dt.timedelta(days=1)), received_on__lt=start)
    )
    results = _by_type(requests.filter(concluded_on__range=(start, end)), "result")
    carried_out = _by_type(requests.filter(open_at(end), received_on__lte=end))

    table = Table(year)
    table.rows.append(Row("一、本年新收政府信息公开申请数量", _counts(new)))
    table.rows.append(Row("二、上年结转政府信息公开申请数量", _counts(carried_in)))
    table.rows.append(Row("三、本年度办理结果", []))
    grand = [0] * len(COLUMNS)
    for label, members in GROUPS:
        sums = [0] * len(COLUMNS)
        subs = []
        for member in members:
            counts = _counts(results, member.value)
            sums = [a + b for a, b in zip(sums, counts, strict=True)]
            subs.append(Row(str(member.label).split("·")[-1], counts, 2))
        table.rows.append(Row(label, sums, 1))
        if len(members) > 1:
            table.rows += subs
        grand = [a + b for a, b in zip(grand, sums, strict=True)]
    table.rows.append(Row("(七)总计", grand, 1))
    table.rows.append(Row("四、结转下年度继续办理", _counts(carried_out)))
    table.problems = check_table(table)
    return table


def row(table: Table, label_start: str) -> Row:
    return next(r for r in table.rows if r.label.startswith(label_start))


def check_table(table: Table) -> list[str]:
    """一 + 二 = 三(七) + 四, column by column (and so in the 总计 column)."""
    new, carried_in = row(table, "一、").counts, row(table, "二、").counts
    total, carried_out = row(table, "(七)").counts, row(table, "四、").counts
    problems = []
    for index, column in enumerate(table.columns):
        left = new[index] + carried_in[index]
        right = total[index] + carried_out[index]
        if left != right:
            problems.append(
                f"{column}：本年新收{new[index]} + 上年结转{carried_in[index]} ≠ "
                f"办理结果总计{total[index]} + 结转下年度{carried_out[index]}"
            )
    return problems


# --- Table 四: 政府信息公开行政复议、行政诉讼情况 ---------------------------------------------

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
    Two queries for 行政复议 and 行政诉讼 each, whatever the number of cases."""
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
