"""法律顾问 ledgers from XLSX or CSV, replayed through the same service functions as the pages.

- 法律顾问聘任台账 (`advisers`): one row a contract period. The adviser is found in the
  government's register by licence number (or, without one, by name and 律师事务所/工作单位) or
  registered by the engaging unit; a unit's first period of an adviser is 聘请, each later one
  续聘 (so the periods come in date order), and a 解聘日期 ends it.
- 法律顾问工作台账 (`adviser_work`): one row a line of the work log, recorded as the engaging
  unit records it (`record_work_many`: all or nothing); the engagement is the unit's engagement of
  the adviser so named that is in force on the row's date.

Every row is the importing user's own act, checked by the transition tables as on the page: a row
naming a unit the user does not act for — another county's above all — is an error of that row.
"""

from decimal import Decimal

from fazhi.core.audit import Channel
from fazhi.core.authority import acts_for
from fazhi.core.imports import (
    Column,
    Importer,
    Number,
    RowWriteError,
    choice,
    date,
    integer,
    text,
    unit_by_code,
)

from . import services
from .models import MAX_COUNT, Adviser, AdviserKind, Engagement, EngagementStatus, WorkKind


class Amount(Number):
    def __init__(self):
        super().__init__(
            "金额(元)",
            valid=lambda v: 0 <= v < Decimal("1e10"),
            range_reason="金额应为0至9999999999.99元",
            places=2,
            hint="金额(元)，如 30000 或 30000.00",
        )


def _unit_refusal(actor, unit) -> str:
    """Why the importing user may not record for `unit`, or ""."""
    if acts_for(actor, unit):
        return ""
    return f"单位“{unit}”不是您所在单位(或您统筹的政府所属单位)，不能导入。"


class EngagementImporter(Importer):
    kind = "advisers"
    label = "法律顾问聘任台账"
    actor_needed = "聘任由导入人以聘请单位的名义登记。"
    # A unit's later period of an adviser is its 续聘: rows are written in file order, each chunk
    # and each transaction after the ones before, so an earlier period is there when it is read.
    columns = [
        Column("聘请单位代码", "unit", unit_by_code, example="532504-sfj"),
        Column("法律顾问姓名", "name", text(50), example="李明"),
        Column("类别", "adviser_kind", choice(AdviserKind), example="社会律师"),
        Column("律师事务所或工作单位", "organisation", text(100), example="云南某某律师事务所"),
        Column(
            "执业证号",
            "licence_id_number",
            text(30),
            required=False,
            default="",
            help="社会律师、公职律师必填(17位数字)",
        ),
        Column("联系电话", "phone", text(20), required=False, default=""),
        Column("聘期开始日期", "start_on", date, example="2021-01-01"),
        Column("聘期届满日期", "end_on", date, example="2021-12-31"),
        Column("顾问费(元)", "fee", Amount(), required=False),
        Column("合同编号", "contract_number", text(60), required=False, default=""),
        Column("解聘日期", "terminated_on", date, required=False),
        Column("解聘原因", "termination_reason", text(200), required=False, default=""),
    ]

    def check_row(self, values: dict) -> list[tuple[str | None, str]]:
        problems = []
        if values["end_on"] <= values["start_on"]:
            problems.append(("聘期届满日期", "聘期届满日期应晚于聘期开始日期"))
        if bool(values["terminated_on"]) != bool(values["termination_reason"]):
            problems.append(("解聘原因", "解聘日期与解聘原因应同时填写"))
        return problems

    def replay(self, row: dict, actor) -> None:
        channel = self.channel or Channel.IMPORT
        unit = row["unit"]
        refusal = _unit_refusal(actor, unit)
        if refusal:
            raise RowWriteError(0, refusal, "聘请单位代码")
        adviser = self._adviser(row, actor, channel)
        engagement = Engagement.objects.filter(unit=unit, adviser=adviser).order_by("-id").first()
        period = {"fee": row["fee"], "contract_number": row["contract_number"]}
        if engagement is None or engagement.status == EngagementStatus.TERMINATED:
            data = {"unit": unit, "adviser": adviser, "start_on": row["start_on"]}
            engagement = services.engage(actor, channel, data | {"end_on": row["end_on"]} | period)
        else:
            engagement = services.renew(
                actor, channel, engagement, end_on=row["end_on"], start_on=row["start_on"], **period
            )
        if row["terminated_on"]:
            services.terminate(
                actor,
                channel,
                engagement,
                on=row["terminated_on"],
                reason=row["termination_reason"],
            )

    def write(self, rows: list[dict], actor) -> int:
        for index, row in enumerate(rows):
            try:
                self.write_each([row], lambda r: self.replay(r, actor))
            except RowWriteError as exc:
                exc.index = index
                raise
        return len(rows)

    @staticmethod
    def _adviser(row: dict, actor, channel) -> Adviser:
        government = row["unit"].government()
        register = Adviser.objects.filter(unit__path__startswith=government.path)
        licence = row["licence_id_number"].strip()
        if licence:
            found = register.filter(licence_id_number=licence).first()
        else:
            found = register.filter(
                name=row["name"].strip(), organisation=row["organisation"].strip()
            ).first()
        if found is not None:
            return found
        return services.register_adviser(
            actor,
            channel,
            {
                "unit": row["unit"],
                "name": row["name"],
                "kind": row["adviser_kind"],
                "organisation": row["organisation"],
                "licence_id_number": licence,
                "phone": row["phone"],
                "registered_on": min(row["start_on"], _today()),
            },
        )


def _today():
    from django.utils import timezone

    return timezone.localdate()


class WorkImporter(Importer):
    kind = "adviser_work"
    label = "法律顾问工作台账"
    actor_needed = "工作台账由导入人以聘请单位的名义登记。"
    columns = [
        Column("聘请单位代码", "unit", unit_by_code, example="532504-sfj"),
        Column("法律顾问姓名", "name", text(50), example="李明"),
        Column("日期", "done_on", date, example="2021-03-05"),
        Column("工作类型", "kind_of_work", choice(WorkKind), example="合同协议"),
        Column("事项", "subject", text(200), example="审核政府采购合同12份"),
        Column("关联文号或链接", "reference", text(200), required=False, default=""),
        Column(
            "件次",
            "count",
            integer(1, MAX_COUNT),
            required=False,
            default=1,
            help="一行登记多件同类事项的填写件数，不填为1",
        ),
    ]

    def write(self, rows: list[dict], actor) -> int:
        engagements = self._engagements(rows)
        lines = []
        for index, row in enumerate(rows):
            refusal = _unit_refusal(actor, row["unit"])
            if refusal:
                raise RowWriteError(index, refusal, "聘请单位代码")
            engagement = next(
                (
                    e
                    for e in engagements.get((row["unit"].pk, row["name"].strip()), [])
                    if e.start_on <= row["done_on"] <= e.ended_on
                ),
                None,
            )
            if engagement is None:
                raise RowWriteError(
                    index,
                    f"{row['unit']}在{row['done_on']:%Y-%m-%d}没有在聘的法律顾问“{row['name']}”",
                    "法律顾问姓名",
                )
            lines.append(
                services.WorkLine(
                    engagement=engagement,
                    done_on=row["done_on"],
                    kind=row["kind_of_work"],
                    subject=row["subject"],
                    reference=row["reference"],
                    count=row["count"],
                )
            )
        try:
            return len(services.record_work_many(actor, self.channel or Channel.IMPORT, lines))
        except services.RowRefusal as exc:
            raise RowWriteError(exc.index, "；".join(exc.messages)) from exc

    @staticmethod
    def _engagements(rows) -> dict:
        """The engagements the rows may name, in one query: {(unit id, adviser name): [...]}"""
        found: dict = {}
        if not rows:
            return found
        units = {r["unit"].pk for r in rows}
        names = {r["name"].strip() for r in rows}
        query = Engagement.objects.filter(unit_id__in=units, adviser__name__in=names)
        for e in query.select_related("unit", "adviser").order_by("start_on"):
            found.setdefault((e.unit_id, e.adviser.name), []).append(e)
        return found
