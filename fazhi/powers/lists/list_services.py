"""The state changes of a 权责清单 version: 编制 and 公布 (which retires the version in force,
in the same transaction). Each runs through the version's transition table (steps.LIST_STEPS)."""

import datetime as dt

from fazhi.core import audit
from fazhi.core.steps import Frame
from fazhi.core.workflow import Refusal, require_date, require_year_of

from .models import ItemStatus, ListStatus, PowerList
from .steps import LIST_STEPS

AUDITED = ("status", "title", "year", "published_on", "published_where", "superseded_on")


def draft_list(actor, channel: str, data: dict) -> PowerList:
    """编制 a new version of the government's list, by its compiling office."""
    if actor is None or actor.unit_id is None:
        raise Refusal("请以权责清单编制单位工作人员的身份编制权责清单。")
    require_date(data["drafted_on"], label="编制日期")
    title, year = (data.get("title") or "").strip(), int(data["year"])
    if not title:
        raise Refusal("应填写权责清单的名称。")
    require_year_of(year, data["drafted_on"], label="版本年度", day_label="编制日期")
    power_list = PowerList(
        government=actor.unit.government(),
        office=actor.unit,
        year=year,
        title=title[:200],
        drafted_on=data["drafted_on"],
    )
    return LIST_STEPS.create(actor, channel, power_list, action="编制权责清单")


def publish(actor, channel: str, power_list, *, on: dt.date, where: str) -> PowerList:
    """公布: the version becomes the government's list in force; the one published before it is
    替代 on the same day (one list in force per government)."""
    changes: list[audit.Change] = []

    def change(p: PowerList) -> None:
        require_date(on, label="公布日期", not_before=p.drafted_on, before_label="编制日期")
        if not where.strip():
            raise Refusal("应填写公布渠道(如：云南省机构编制网、市人民政府门户网站)。")
        if not p.items.filter(status=ItemStatus.LISTED).exists():
            raise Refusal("本版清单还没有事项，不能公布。")
        in_force = _in_force(p)
        if in_force is not None:
            if in_force.published_on > on:
                raise Refusal(f"公布日期早于现行清单“{in_force}”的公布日期，不能替代它。")
            changes.append(_supersede(in_force, on, p))
        p.status, p.published_on, p.published_where = ListStatus.PUBLISHED, on, where.strip()[:200]

    return LIST_STEPS.apply(
        "publish",
        actor,
        channel,
        power_list,
        change,
        details={"渠道": where},
        on=on,
        then=lambda _: changes,
    )


def _in_force(p: PowerList) -> PowerList | None:
    return (
        PowerList.objects.select_for_update()
        .filter(government=p.government, status=ListStatus.PUBLISHED)
        .exclude(pk=p.pk)
        .first()
    )


def _supersede(old: PowerList, on: dt.date, new: PowerList) -> audit.Change:
    before = FRAME.snapshot(old)
    old.status, old.superseded_on = ListStatus.SUPERSEDED, on
    old.save(update_fields=["status", "superseded_on", "updated_at"])
    after = FRAME.snapshot(old) | {"on": on, "details": {"新版本": new.title}}
    return audit.Change("被新版本替代", old, before, after)


FRAME = Frame(
    snapshot=lambda p: audit.snapshot(p, AUDITED),
    refresh_due=lambda p: None,  # a list keeps no deadline
    default_on=lambda p: p.published_on or p.drafted_on,
)
