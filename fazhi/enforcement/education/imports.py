"""普法活动 history from XLSX or CSV, replayed through the same service function as the page
(`register_many`: all or nothing).

One row an activity, recorded as its organising unit records it: a row naming a unit the
importing user does not act for — another county's above all — is an error of that row, as is a
bad date, an unknown type, or a quantity the type does not take (or lacks).
"""

from fazhi.core.audit import Channel
from fazhi.core.authority import acts_for
from fazhi.core.imports import (
    Column,
    Importer,
    RowWriteError,
    boolean,
    choice,
    date,
    integer,
    text,
    unit_by_code,
)

from . import services
from .models import MAX_ATTENDANCE, MAX_QUANTITY, ActivityKind


class ActivityImporter(Importer):
    kind = "education"
    label = "普法活动台账"
    actor_needed = "普法活动由导入人以组织单位的名义登记。"
    columns = [
        Column("组织单位代码", "unit", unit_by_code, example="532504-sfj"),
        Column("活动类型", "activity_kind", choice(ActivityKind), example="送法活动"),
        Column("开展日期", "held_on", date, example="2021-03-05"),
        Column("活动名称", "title", text(200), example="送法进农村——新哨镇"),
        Column("地点", "place", text(200), required=False, default=""),
        Column("对象", "audience", text(200), required=False, default=""),
        Column(
            "参加人数",
            "attendance",
            integer(0, MAX_ATTENDANCE),
            required=False,
            help="“法律明白人”培训必填",
        ),
        Column(
            "数量",
            "quantity",
            integer(1, MAX_QUANTITY),
            required=False,
            help="宣传资料发放填份数，展板更新填块数，法律咨询填人次，电视普法节目填期数",
        ),
        Column("节目(栏目)名称", "programme", text(100), required=False, default=""),
        Column("播出频道", "broadcaster", text(100), required=False, default=""),
        Column("在新闻节目中播出", "in_news", boolean, required=False, default=False),
    ]

    def write(self, rows: list[dict], actor) -> int:
        lines = []
        for index, row in enumerate(rows):
            if not acts_for(actor, row["unit"]):
                raise RowWriteError(
                    index,
                    f"单位“{row['unit']}”不是您所在单位(或您统筹的政府所属单位)，不能导入。",
                    "组织单位代码",
                )
            lines.append(
                services.ActivityLine(
                    unit=row["unit"],
                    kind=row["activity_kind"],
                    held_on=row["held_on"],
                    title=row["title"],
                    place=row["place"],
                    audience=row["audience"],
                    attendance=row["attendance"],
                    quantity=row["quantity"],
                    programme=row["programme"],
                    broadcaster=row["broadcaster"],
                    in_news=bool(row["in_news"]),
                )
            )
        try:
            return len(services.register_many(actor, self.channel or Channel.IMPORT, lines))
        except services.RowRefusal as exc:
            raise RowWriteError(exc.index, "；".join(exc.messages)) from exc
