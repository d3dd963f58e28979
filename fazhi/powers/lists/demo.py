"""弥勒市's 权责清单, made through the service functions (seed part 一.3).

市司法局 holds the duty `powerlists.office` in the demo (the city's 编办 is a party organ the demo
has no account in, and its coordinator is the demo's one office user). Two versions:

- 2019年版, published 28 June 2019: the same items as 2021's and 57 more 行政许可 (340 in all);
- 2021年版 《弥勒市乡镇级和市级权力清单和责任清单目录(2021年版)》, compiled from 1 March 2021 and
  published on 30 July 2021 on 云南省机构编制网 and the city's portal, replacing 2019's: 12 乡镇
  (街道) and 32 市级部门, 6 272 items, of them 283 行政许可 — "较2019年减少57项" (证照分离: the
  57 are cancelled or changed to 备案/告知承诺).

The items are made up from a pool of real power names and legal bases; their number by unit and
type is drawn with a fixed seed, and the totals are the seed report's.
"""

import datetime as dt
import random

from django.utils import timezone

from fazhi.core import duties
from fazhi.core.audit import Channel

from . import list_services, services
from .models import Category
from .steps import OFFICE

D = dt.date
C = Channel.CLI
STEPS = 6

TOTAL_2021, LICENSING_2021, CUT_SINCE_2019 = 6272, 283, 57
TOWN_ITEMS, TOWN_LICENSING = 96, 4  # each 乡镇(街道): 12 × 96 = 1 152 items, 48 许可

SUBJECTS = [
    "食品经营",
    "药品零售",
    "道路运输经营",
    "建筑工程施工",
    "取水",
    "林木采伐",
    "占用林地",
    "城市道路占用",
    "户外广告设置",
    "种子生产经营",
    "兽药经营",
    "烟花爆竹零售",
    "娱乐场所经营",
    "民办学校办学",
    "医疗机构执业",
    "公共场所卫生",
    "排污",
    "采矿",
    "特种设备使用",
    "出租汽车经营",
    "宗教活动场所",
    "生猪定点屠宰",
    "水土保持",
    "河道采砂",
    "人力资源服务",
    "劳务派遣经营",
]
LAWS = [
    "《中华人民共和国行政许可法》",
    "《中华人民共和国食品安全法》",
    "《中华人民共和国道路运输条例》",
    "《中华人民共和国森林法》",
    "《中华人民共和国水法》",
    "《中华人民共和国城乡规划法》",
    "《中华人民共和国环境保护法》",
    "《中华人民共和国安全生产法》",
    "《中华人民共和国药品管理法》",
    "《中华人民共和国种子法》",
    "《中华人民共和国动物防疫法》",
    "《云南省城乡规划条例》",
]
NAMES = {
    Category.LICENSING: "{s}许可",
    Category.PENALTY: "对违反{s}管理规定行为的行政处罚",
    Category.COERCION: "对{s}违法所涉物品的查封、扣押",
    Category.LEVY: "{s}有关费用的征收",
    Category.PAYMENT: "{s}从业人员补助的给付",
    Category.INSPECTION: "对{s}活动的监督检查",
    Category.CONFIRMATION: "{s}有关事项的确认",
    Category.REWARD: "对{s}工作中成绩显著单位和个人的奖励",
    Category.ADJUDICATION: "{s}权属争议的裁决",
    Category.OTHER: "{s}有关事项的备案",
}
# How a unit's items other than 许可 are spread over the other nine types.
OTHER_WEIGHTS = {
    Category.PENALTY: 55,
    Category.COERCION: 8,
    Category.LEVY: 2,
    Category.PAYMENT: 3,
    Category.INSPECTION: 14,
    Category.CONFIRMATION: 6,
    Category.REWARD: 3,
    Category.ADJUDICATION: 1,
    Category.OTHER: 8,
}


def build(context: dict, progress=None) -> None:
    progress = progress or (lambda n: None)
    units, staff = context["units"], context["users"]["coordinator"]
    duties.assign(None, C, units["sfj"], OFFICE)
    rng = random.Random(2021)
    kept, cut = _items(context, rng)
    progress(1)
    _version(staff, 2019, "弥勒市权力清单和责任清单目录(2019年版)", kept + cut, D(2019, 6, 28))
    progress(2)
    _version(
        staff, 2021, "弥勒市乡镇级和市级权力清单和责任清单目录(2021年版)", kept, D(2021, 7, 30)
    )
    progress(STEPS - 3)


def build_county(context: dict, year: int, rng, scale: float, progress=None) -> None:
    """A county's 权责清单 of `year`, published by its 司法局 (holding the duty, as in the city):
    each of its departments and towns with 弥勒市's items per unit times `scale` (at least two,
    one of them a 许可)."""
    progress = progress or (lambda n: None)
    units, staff = context["units"], context["users"]["coordinator"]
    duties.assign(None, C, units["sfj"], OFFICE)
    per_unit = max(2, round(TOTAL_2021 / 44 * scale))
    licensing = max(1, round(per_unit * LICENSING_2021 / TOTAL_2021))
    lines = []
    for key, unit in units.items():
        if key != "government":
            lines += _unit_items(unit, per_unit, licensing, rng)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    published_on = min(D(year, 7, 30), yesterday)
    title = f"{context['county'].name}权力清单和责任清单目录({year}年版)"
    _version(staff, year, title, lines, published_on, min(D(year, 3, 1), published_on))
    progress(1)


def _version(staff, year: int, title: str, lines: list, published_on, drafted_on=None) -> None:
    drafted_on = drafted_on or D(year, 3, 1)
    data = {"title": title, "year": year, "drafted_on": drafted_on}
    power_list = list_services.draft_list(staff, C, data)
    services.add_items(staff, C, power_list, lines, on=drafted_on)
    where = "云南省机构编制网、弥勒市人民政府门户网站"
    list_services.publish(staff, C, power_list, on=published_on, where=where)


def _items(context: dict, rng: random.Random) -> tuple[list, list]:
    """The 2021 items (kept) and the 57 许可 of 2019 cancelled since (cut)."""
    from fazhi.demo import city

    units = context["units"]
    towns = [units[code] for code, _, _ in city.TOWNS]
    departments = [units[code] for code, _, _ in city.DEPARTMENTS]
    dept_items = _split(TOTAL_2021 - TOWN_ITEMS * len(towns), len(departments), rng)
    dept_licensing = _split(LICENSING_2021 - TOWN_LICENSING * len(towns), len(departments), rng)
    kept = []
    for unit in towns:
        kept += _unit_items(unit, TOWN_ITEMS, TOWN_LICENSING, rng)
    for unit, n, licensing in zip(departments, dept_items, dept_licensing, strict=True):
        kept += _unit_items(unit, n, licensing, rng)
    cut_by_unit = _split(CUT_SINCE_2019, len(departments), rng)
    cut = []
    for unit, n in zip(departments, cut_by_unit, strict=True):
        cut += [_line(unit, Category.LICENSING, f"C{i + 1:03d}", rng) for i in range(n)]
    return kept, cut


def _unit_items(unit, n: int, licensing: int, rng: random.Random) -> list:
    kinds = [Category.LICENSING] * licensing + rng.choices(
        list(OTHER_WEIGHTS), weights=list(OTHER_WEIGHTS.values()), k=n - licensing
    )
    return [_line(unit, kind, f"{i + 1:04d}", rng) for i, kind in enumerate(kinds)]


def _line(unit, kind: str, serial: str, rng: random.Random) -> services.ItemLine:
    subject = rng.choice(SUBJECTS)
    law, article = rng.choice(LAWS), rng.randint(5, 80)
    return services.ItemLine(
        unit=unit,
        code=f"{unit.code.rsplit('-', 1)[-1].upper()}-{kind[:2].upper()}-{serial}",
        name=NAMES[kind].format(s=subject),
        category=kind,
        basis=f"{law}第{article}条",
        duties="受理、审查、决定、送达、事后监管等环节的责任" if kind == Category.LICENSING else "",
    )


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` split into `parts` whole numbers of at least 1, unevenly (some units hold far more
    powers than others), summing exactly to it."""
    weights = [rng.uniform(0.4, 1.6) for _ in range(parts)]
    shares = [1] * parts
    for index in rng.choices(range(parts), weights=weights, k=total - parts):
        shares[index] += 1
    return shares
