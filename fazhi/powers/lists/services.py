"""Every state change of a 权责事项 is one function here, run through the items' transition table
(steps.ITEM_STEPS): 列入 (one item from its page, or many from a spreadsheet in one insert),
修改 and 删除 — the last two only while the item's version is being compiled (steps.IN_DRAFT)."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from fazhi.core import audit
from fazhi.core.models import OrgUnit
from fazhi.core.steps import Frame
from fazhi.core.workflow import Refusal, RowRefusal, require_date

from .models import Category, ItemStatus, ListStatus, PowerItem, PowerList
from .steps import ITEM_STEPS

AUDITED = ("status", "unit", "code", "name", "category", "basis", "duties", "removed_on")
EDITABLE = ("code", "name", "category", "basis", "duties", "accountability")


@dataclass(frozen=True)
class ItemLine:
    """One item as entered: on the page, or one row of an import."""

    unit: OrgUnit
    code: str
    name: str
    category: str
    basis: str
    duties: str = ""
    accountability: str = ""


def add_item(actor, channel: str, data: dict) -> PowerItem:
    """列入 one item into a version being compiled."""
    line = ItemLine(data["unit"], **{k: data.get(k) or "" for k in EDITABLE})
    try:
        [item] = add_items(actor, channel, data["power_list"], [line], on=data.get("on"))
    except RowRefusal as exc:
        raise Refusal(exc.messages) from exc
    return item


def add_items(actor, channel: str, power_list: PowerList, lines, *, on=None) -> list[PowerItem]:
    """列入 many items (a unit's or the whole government's list from a spreadsheet): each checked
    as one would be, the first refused raising `RowRefusal` with its index; then one insert and
    one audit append (Steps.create_many)."""
    with transaction.atomic():
        # Locked as 公布 locks it: no item slips into a version while it is being published.
        power_list = (
            PowerList.objects.select_for_update()
            .select_related("government", "office")
            .get(pk=power_list.pk)
        )
        if power_list.status != ListStatus.DRAFT:
            raise Refusal(f"“{power_list}”已公布，不能再列入事项；动态调整请编制新版本。")
        on = on or power_list.drafted_on
        require_date(
            on, label="列入日期", not_before=power_list.drafted_on, before_label="编制日期"
        )
        items = _new_items(power_list, lines, on)
        return ITEM_STEPS.create_many(actor, channel, items, action="列入权责事项")


def _new_items(power_list: PowerList, lines, on: dt.date) -> list[PowerItem]:
    taken = set(power_list.items.values_list("code", flat=True))
    items = []
    for index, line in enumerate(lines):
        try:
            item = PowerItem(power_list=power_list, listed_on=on, unit=line.unit)
            item.government, item.office = power_list.government, power_list.office
            _fill(item, {k: getattr(line, k) for k in EDITABLE}, power_list.government)
            if item.code in taken:
                raise Refusal(f"职权编码“{item.code}”在本版清单中已有事项使用。")
            taken.add(item.code)
        except Refusal as exc:
            raise RowRefusal(index, "；".join(exc.messages)) from exc
        items.append(item)
    return items


def _fill(item: PowerItem, values: dict, government: OrgUnit) -> None:
    """Check what an item says and write it onto `item` (entry and 修改 alike)."""
    if not exercises_powers(item.unit, government):
        raise Refusal(f"实施主体“{item.unit}”不是{government}的部门或乡镇(街道)。")
    code, name = values["code"].strip(), values["name"].strip()
    basis = values["basis"].strip()
    if not code or not name:
        raise Refusal("应填写职权编码和职权名称。")
    if values["category"] not in Category.values:
        raise Refusal(f"职权类型“{values['category']}”不是十类行政职权之一。")
    if not basis:  # 法无授权不可为: a power without its legal basis is not listed
        raise Refusal("应填写设定依据(法律、法规、规章的名称和条款)。")
    item.code, item.name, item.category = code[:60], name[:300], values["category"]
    item.basis = basis[:4000]
    item.duties = values["duties"].strip()[:4000]
    item.accountability = values["accountability"].strip()[:2000]


def exercises_powers(unit: OrgUnit, government: OrgUnit) -> bool:
    """A department or town of the government (a government itself lists no power of its own
    here: its powers are exercised by its departments)."""
    return unit.works_for(government)


def amend(actor, channel: str, item, *, on: dt.date, unit: OrgUnit, **values) -> PowerItem:
    """修改 an item of a version being compiled: what it says, or which unit exercises it."""

    def change(i: PowerItem) -> None:
        require_date(on, label="修改日期", not_before=i.listed_on, before_label="列入日期")
        i.unit = unit
        # A unit's staff may not hand its item to a unit they do not act for: the item as changed
        # must be one they could have entered.
        reason = ITEM_STEPS.creator.refusal(actor, i)
        if reason:
            raise Refusal(reason)
        _fill(i, values, i.power_list.government)
        if i.power_list.items.filter(code=i.code).exclude(pk=i.pk).exists():
            raise Refusal(f"职权编码“{i.code}”在本版清单中已有事项使用。")

    return ITEM_STEPS.apply("amend", actor, channel, item, change, on=on)


def remove(actor, channel: str, item, *, on: dt.date, reason: str) -> PowerItem:
    """删除 an item from a version being compiled (取消、下放或划转的职权): kept as a row, not
    counted, with its reason."""

    def change(i: PowerItem) -> None:
        require_date(on, label="删除日期", not_before=i.listed_on, before_label="列入日期")
        if not reason.strip():
            raise Refusal("应填写删除理由(如：取消、下放、划转)。")
        i.status, i.removed_on, i.removal_reason = ItemStatus.REMOVED, on, reason.strip()[:200]

    return ITEM_STEPS.apply("remove", actor, channel, item, change, details={"理由": reason}, on=on)


FRAME = Frame(
    snapshot=lambda i: audit.snapshot(i, AUDITED),
    refresh_due=lambda i: None,  # an item keeps no deadline
    default_on=lambda i: i.removed_on or i.listed_on,
)
