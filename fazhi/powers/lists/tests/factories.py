"""权责清单 versions and items made through the service functions, for tests.

The compiling office (`powerlists.office`) is 弥勒市司法局 in these tests (and 开远市司法局 for the
other county): its `reviewer` compiles and publishes; 公安局's staff (`police_staff`) enter their
own unit's items.
"""

import datetime as dt

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.powers.lists import list_services, services
from fazhi.powers.lists.models import Category
from fazhi.powers.lists.steps import OFFICE

W = Channel.WEB
D = dt.date


def assign_office(org) -> None:
    for office in (org["justice"], org["kaiyuan_justice"]):
        duties.assign(None, Channel.CLI, office, OFFICE)


def draft(org, actor, *, year=2021, drafted_on=dt.date(2021, 3, 1), title=None):
    data = {"title": title or f"弥勒市权力清单和责任清单目录({year}年版)", "year": year}
    return list_services.draft_list(actor, W, data | {"drafted_on": drafted_on})


def line(unit, code="GAJ-XK-0001", category=Category.LICENSING, **extra) -> services.ItemLine:
    values = {
        "name": "举办大型群众性活动安全许可",
        "basis": "《大型群众性活动安全管理条例》第十一条",
    } | extra
    return services.ItemLine(unit=unit, code=code, category=category, **values)


def item(org, actor, power_list, *, unit=None, code="GAJ-XK-0001", **extra):
    ln = line(unit or org["police"], code, **extra)
    data = {"power_list": power_list, **{k: getattr(ln, k) for k in ln.__dataclass_fields__}}
    return services.add_item(actor, W, data)


def published(org, people, *, year=2021, on=dt.date(2021, 7, 30), licensing=2, others=3):
    """A version of 公安局 and 弥阳街道 items, published: `licensing` 许可 and `others` 处罚."""
    assign_office(org)
    staff = people["reviewer"]
    p = draft(org, staff, year=year, drafted_on=D(year, 3, 1))
    lines = [line(org["police"], f"XK-{n}") for n in range(licensing)]
    lines += [line(org["miyang"], f"CF-{n}", Category.PENALTY) for n in range(others)]
    services.add_items(staff, W, p, lines, on=D(year, 3, 1))
    return list_services.publish(staff, W, p, on=on, where="市人民政府门户网站")


def example(org, people, key="power_items"):
    """One item (or its version) for the kernel's walks over the transition tables."""
    assign_office(org)
    p = draft(org, people["reviewer"])
    made = item(org, people["reviewer"], p)
    return p if key == "power_lists" else made
