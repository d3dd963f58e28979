"""The items of a 权责清单 version from XLSX or CSV, one row an item — the way the lists are
compiled, each unit filling in its spreadsheet. The version named in a row (by its 名称) must be
one of the importing user's government being compiled; every row is checked as one entered on its
page (services.add_items), and the file is written all or nothing in one insert per chunk."""

from itertools import groupby

from fazhi.core.audit import Channel
from fazhi.core.imports import Column, Importer, RowWriteError, choice, text, unit_by_code
from fazhi.core.workflow import Refusal, RowRefusal

from . import services
from .models import Category, ListStatus, PowerItem, PowerList


class ItemImporter(Importer):
    """Every row is the importing user's own entry: the list's office enters any unit's items, a
    unit's staff their own (the items' creator rule, row by row)."""

    kind = "power_items"
    label = "权责清单事项"
    columns = [
        Column(
            "权责清单名称",
            "power_list",
            text(200),
            example="弥勒市乡镇级和市级权力清单和责任清单目录(2021年版)",
            help="须为本级政府编制中的清单",
        ),
        Column("实施主体代码", "unit", unit_by_code, example="532504-gaj"),
        Column("职权编码", "code", text(60), example="XK-532504-GAJ-001"),
        Column("职权名称", "name", text(300), example="举办大型群众性活动安全许可"),
        Column("职权类型", "category", choice(Category), example="行政许可"),
        Column(
            "设定依据",
            "basis",
            text(4000),
            example="《大型群众性活动安全管理条例》第十一条",
        ),
        Column("责任事项", "duties", text(4000), required=False, default=""),
        Column("追责情形", "accountability", text(2000), required=False, default=""),
    ]
    key_columns = ("power_list", "code")  # 职权编码: once in a version, in the file and the ledger
    actor_needed = "权责事项列入导入人所在政府编制中的清单。"
    checked_before_insert = True

    def existing_keys(self, keys: set[tuple]) -> set[tuple]:
        if not keys or getattr(self.actor, "unit_id", None) is None:
            return set()
        found = PowerItem.objects.filter(
            government=self.actor.unit.government(),
            power_list__title__in={title for title, _ in keys},
            code__in={code for _, code in keys},
        ).values_list("power_list__title", "code")
        return set(found) & keys

    def check_batch(self, rows):
        missing_actor = super().check_batch(rows)
        if missing_actor:
            return missing_actor
        government = self.actor.unit.government()
        drafts = self._drafts({row["power_list"] for _, row in rows})
        found = []
        for number, row in rows:
            if row["power_list"].strip() not in drafts:
                reason = f"“{row['power_list']}”不是本级政府编制中的权责清单"
                found.append((number, "权责清单名称", reason))
            if not services.exercises_powers(row["unit"], government):
                reason = f"“{row['unit']}”不是{government}的部门或乡镇(街道)"
                found.append((number, "实施主体代码", reason))
        return found

    def write(self, rows: list[dict], actor) -> int:
        drafts = self._drafts({row["power_list"] for row in rows})
        channel = self.channel or Channel.IMPORT
        written = 0
        for title, group in groupby(rows, key=lambda row: row["power_list"].strip()):
            lines = [_line(row) for row in group]
            try:
                services.add_items(actor, channel, drafts[title], lines)
            except RowRefusal as exc:
                raise RowWriteError(written + exc.index, "；".join(exc.messages)) from exc
            except Refusal as exc:  # the version itself (published since the check)
                raise RowWriteError(written, "；".join(exc.messages), "权责清单名称") from exc
            written += len(lines)
        return written

    def _drafts(self, titles: set[str]) -> dict[str, PowerList]:
        found = PowerList.objects.filter(
            government=self.actor.unit.government(),
            status=ListStatus.DRAFT,
            title__in={t.strip() for t in titles},
        ).select_related("government", "office")
        return {p.title: p for p in found}


def _line(row: dict) -> services.ItemLine:
    return services.ItemLine(
        unit=row["unit"],
        code=row["code"],
        name=row["name"],
        category=row["category"],
        basis=row["basis"],
        duties=row["duties"],
        accountability=row["accountability"],
    )
