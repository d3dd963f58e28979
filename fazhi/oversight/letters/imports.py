"""信箱 letters from the 州政府统一信箱 system's export (XLSX or CSV), one row a letter, replayed
through the same service functions (收到 → 交办 → 答复 → 办结): every imported letter has its
reply due date and its audit rows as if it had been worked on the platform."""

from fazhi.core.audit import Channel
from fazhi.core.imports import Column, Importer, choice, date, text, unit_by_code

from . import services
from .models import Letter, LetterCategory


class LetterImporter(Importer):
    kind = "letters"
    label = "州政府统一信箱信件"
    columns = [
        Column("信件编号", "reference", text(40), example="HH2021-000123"),
        Column("收到日期", "received_on", date, example="2021-03-01"),
        Column("来信人", "writer_name", text(60), example="张三"),
        Column("联系电话", "writer_phone", text(20), required=False, default=""),
        Column("信件标题", "subject", text(200), example="关于小区路灯维修的建议"),
        Column("信件类别", "category", choice(LetterCategory), example="建议"),
        Column("承办单位代码", "unit", unit_by_code, required=False, example="532504-zjj"),
        Column("交办日期", "assigned_on", date, required=False),
        Column("答复日期", "replied_on", date, required=False),
        Column("答复摘要", "reply_summary", text(500), required=False, default=""),
        Column("办结日期", "closed_on", date, required=False),
    ]
    key_columns = ("reference",)
    model = Letter
    actor_needed = "信件登记在导入人所在单位。"

    def check_row(self, values: dict) -> list[tuple[str | None, str]]:
        problems = []
        if bool(values["unit"]) != bool(values["assigned_on"]):
            problems.append(("交办日期", "承办单位与交办日期应同时填写"))
        if values["replied_on"] and not values["assigned_on"]:
            problems.append(("答复日期", "未交办的信件不能填写答复日期"))
        if values["replied_on"] and not values["reply_summary"]:
            problems.append(("答复摘要", "填写答复日期的，应填写答复摘要"))
        if values["closed_on"] and not values["replied_on"]:
            problems.append(("办结日期", "未答复的信件不能填写办结日期"))
        return problems

    def replay(self, row: dict, actor) -> None:
        channel = self.channel or Channel.IMPORT
        incoming = services.Incoming(
            **{k: row[k] for k in ("reference", "received_on", "writer_name", "subject")},
            category=row["category"],
            writer_phone=row["writer_phone"],
        )
        letter = services.receive(
            actor, channel, organ=actor.unit.government(), registrar=actor.unit, letter=incoming
        )
        if not row["assigned_on"]:
            return
        letter = services.assign(actor, channel, letter, unit=row["unit"], on=row["assigned_on"])
        if not row["replied_on"]:
            return
        letter = services.reply(
            actor, channel, letter, on=row["replied_on"], summary=row["reply_summary"]
        )
        if row["closed_on"]:
            services.close(actor, channel, letter, on=row["closed_on"])
