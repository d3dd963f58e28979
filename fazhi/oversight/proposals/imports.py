"""建议提案 ledgers (e.g. a year's 交办 list with its answers) from XLSX or CSV, one row a
proposal, replayed through the same service functions as the pages (收到 → 交办 → 答复 → 评价), so
every imported proposal has its due date and its audit rows as if handled on the platform."""

import re

from fazhi.core.audit import Channel
from fazhi.core.imports import Column, Importer, choice, date, integer, text, unit_by_code
from fazhi.core.models import OrgUnit

from . import services
from .models import Category, Proposal, Satisfaction, Source

SEPARATORS = re.compile(r"[,，、;；\s]+")


class ProposalImporter(Importer):
    """Every replayed step is the importing user's own, checked by the transition table as on
    the page: the 交办机构's staff register, 交办 and record ratings; answers are the 主办 unit's,
    so a ledger with answers is imported by someone who also acts for the 主办 units (the
    office's coordinator). A row naming a unit of another government is refused."""

    kind = "proposals"
    label = "人大代表建议和政协委员提案"
    columns = [
        Column("类别", "source", choice(Source), example="人大代表建议"),
        Column("年度", "year", integer(2000, 2100), example="2021"),
        Column("会议/届次", "session", text(100), required=False, default=""),
        Column("编号", "number", text(40), example="15"),
        Column("标题", "title", text(200), example="关于加快农村公路提质改造的建议"),
        Column("提出人", "proposers", text(200), example="李明、王芳"),
        Column("收到日期", "received_on", date, example="2021-01-19"),
        Column("主办单位代码", "unit", unit_by_code, required=False, example="532504-jtysj"),
        Column(
            "协办单位代码",
            "co_units",
            text(500),
            required=False,
            default="",
            help="多个单位以顿号或逗号分隔",
        ),
        Column("交办日期", "assigned_on", date, required=False),
        Column("答复日期", "answered_on", date, required=False),
        Column("答复类别", "category", choice(Category), required=False, default=""),
        Column("满意度", "satisfaction", choice(Satisfaction), required=False, default=""),
        Column("反馈日期", "rated_on", date, required=False),
    ]

    def check_row(self, values: dict) -> list[tuple[str | None, str]]:
        problems = []
        if bool(values["unit"]) != bool(values["assigned_on"]):
            problems.append(("交办日期", "主办单位与交办日期应同时填写"))
        if values["answered_on"] and not values["assigned_on"]:
            problems.append(("答复日期", "未交办的建议提案不能填写答复日期"))
        if bool(values["answered_on"]) != bool(values["category"]):
            problems.append(("答复类别", "答复日期与答复类别应同时填写"))
        if bool(values["rated_on"]) != bool(values["satisfaction"]):
            problems.append(("满意度", "满意度与反馈日期应同时填写"))
        if values["rated_on"] and not values["answered_on"]:
            problems.append(("反馈日期", "未答复的建议提案不能填写满意度"))
        if values["co_units"] and not values["unit"]:
            problems.append(("协办单位代码", "未确定主办单位时不能填写协办单位"))
        return problems

    def check_batch(self, rows):
        missing_actor = super().check_batch(rows)
        if missing_actor:
            return missing_actor
        codes = {c for _, row in rows for c in _codes(row["co_units"])}
        known = set(OrgUnit.objects.filter(code__in=codes).values_list("code", flat=True))
        found = []
        for number, row in rows:
            missing = [c for c in _codes(row["co_units"]) if c not in known]
            if missing:
                found.append((number, "协办单位代码", f"单位代码不存在：{'、'.join(missing)}"))
        return found

    def existing_keys(self, keys):
        """Numbers are unique within a government (each 人大/政协 numbers its own): another
        county's proposal of the same number is neither a clash nor disclosed."""
        if getattr(self.actor, "unit_id", None) is None:
            return set()
        numbers = {k[2] for k in keys}
        found = Proposal.objects.filter(
            government=self.actor.unit.government(), number__in=numbers
        ).values_list("source", "year", "number")
        return {k for k in found if k in keys}

    key_columns = ("source", "year", "number")
    actor_needed = "建议提案归属导入人所在的单位。"

    def replay(self, row: dict, actor) -> None:
        channel = self.channel or Channel.IMPORT
        p = services.receive(
            actor,
            channel,
            government=actor.unit.government(),
            office=actor.unit,
            **{k: row[k] for k in ("source", "year", "session", "number", "title", "proposers")},
            received_on=row["received_on"],
        )
        if not row["assigned_on"]:
            return
        co_units = list(OrgUnit.objects.filter(code__in=_codes(row["co_units"])))
        p = services.assign(
            actor, channel, p, on=row["assigned_on"], unit=row["unit"], co_units=co_units
        )
        if row["answered_on"]:
            p = services.answer(actor, channel, p, on=row["answered_on"], category=row["category"])
        if row["rated_on"]:
            services.rate(actor, channel, p, on=row["rated_on"], satisfaction=row["satisfaction"])


def _codes(text: str) -> list[str]:
    return [c for c in SEPARATORS.split(text or "") if c]
