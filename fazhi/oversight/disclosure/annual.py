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
