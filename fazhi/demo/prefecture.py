"""The demo prefecture: 红河州's 13 counties, each with a year of records of its own.

The city demo (build.py) already makes the province, 红河州 and its 13 county governments; this
adds to each county a 司法局 (the county's 行政复议机构), a handful of departments and towns, two
司法局 accounts, and — through each procedure demo's `build_county(context, year, rng, scale)`,
which calls the procedure's service functions as the city demo does — a year of 行政复议, 行政应诉,
调解 and 依申请公开 records in proportion to the county's weight. A county that already has
records of the year (弥勒市 after the city demo) is left as it is, so its figures do not move;
running it twice adds nothing. The 州's figures are then the sum of its counties': every figure
counts the records of the scope's subtree.
"""

import random
from collections.abc import Collection
from dataclasses import dataclass

from fazhi.core import procedures
from fazhi.core.audit import Channel
from fazhi.core.models import OrgUnit, Role, UnitKind, User
from fazhi.core.services import create_unit, create_user, update_unit
from fazhi.figures.registry import Period, all_figures
from fazhi.figures.services import compute_all

from . import city
from .counties import COUNTIES, DEPARTMENTS, TOWNS

# The demo county's departments: those the procedures' demos name (respondents, defendants,
# agencies doing 行政调解 and answering 公开 requests), the 司法局 and the 政府办.
COUNTY_DEPARTMENTS = [
    "gaj",
    "zrzyj",
    "scjgj",
    "rsj",
    "cgj",
    "zjj",
    "nyncj",
    "wjj",
]
COUNTY_TOWNS = 4
# The weight the procedures' demos are scaled against: 弥勒市's, whose 2021 volumes they copy.
REFERENCE_WEIGHT = dict((c[0], c[3]) for c in COUNTIES)[city.CITY[0]]
LOGINS = {  # the county's 司法局 accounts are <pinyin>-coordinator and <pinyin>-reviewer
    "532501": "gejiu",
    "532502": "kaiyuan",
    "532503": "mengzi",
    "532504": "mile",
    "532523": "pingbian",
    "532524": "jianshui",
    "532525": "shiping",
    "532527": "luxi",
    "532528": "yuanyang",
    "532529": "honghe",
    "532530": "jinping",
    "532531": "lvchun",
    "532532": "hekou",
}
PREFECTURE_LEADER = ("zhou-leader", "段立新")  # a 州 leader, whose 驾驶舱 shows the counties


@dataclass
class County:
    code: str
    name: str
    short: str
    weight: int

    @property
    def login(self) -> str:
        return LOGINS[self.code]


def counties(only: Collection[str] | None = None) -> list[County]:
    """The counties, or those of them named in `only` (codes or short names, e.g. "河口")."""
    every = [County(*row) for row in COUNTIES]
    if only is None:
        return every
    unknown = set(only) - {c.code for c in every} - {c.short for c in every}
    if unknown:
        raise ValueError(f"红河州没有这些县市：{'、'.join(sorted(unknown))}")
    return [c for c in every if c.code in only or c.short in only]


def county_modules() -> list:
    """The procedures' demo modules that can fill a county (those with build_county)."""
    return [m for m in procedures.demo_modules() if hasattr(m, "build_county")]


def prefecture_unit() -> OrgUnit | None:
    return OrgUnit.objects.filter(code=city.PREFECTURE[0]).first()


def has_records(county: County, year: int) -> bool:
    """Whether any figure that counts records is above zero for the county and year: what the
    figures count is what "records of the year" means here."""
    government = OrgUnit.objects.filter(code=county.code).first()
    if government is None:
        return False
    counted = [f.id for f in all_figures() if f.table is not None]
    found = compute_all(government, Period.year(year), counted)
    return any(c.result.value for c in found if c.figure.unit != "%")


def _unit(code, name, kind, parent, short="") -> OrgUnit:
    """The unit of that code, made through create_unit if it does not exist yet (弥勒市's come
    from the city demo under the same codes)."""
    found = OrgUnit.objects.filter(code=code).first()
    if found is not None:
        return found
    return create_unit(
        None, Channel.CLI, code=code, name=name, kind=kind, parent=parent, short_name=short
    )


def build_county_org(county: County, prefecture: OrgUnit) -> dict:
    """The county's government, 司法局, departments, 政府办 and towns, and its two 司法局 accounts:
    the context a procedure's build_county takes."""
    government = _unit(
        county.code, f"{county.name}人民政府", UnitKind.COUNTY, prefecture, county.short
    )
    if not government.short_name:  # the city demo names its neighbours in full only
        government = update_unit(None, Channel.CLI, government, short_name=county.short)
    name, short = county.name, county.short
    units = {"government": government}
    units["sfj"] = _unit(f"{county.code}-sfj", f"{name}司法局", UnitKind.DEPARTMENT, government)
    units["zfb"] = _unit(
        f"{county.code}-zfb", f"{name}人民政府办公室", UnitKind.DEPARTMENT, government
    )
    names = dict(DEPARTMENTS)
    for suffix in COUNTY_DEPARTMENTS:
        units[suffix] = _unit(
            f"{county.code}-{suffix}", f"{name}{names[suffix]}", UnitKind.DEPARTMENT, government
        )
    towns = []
    for i, town in enumerate(TOWNS[:COUNTY_TOWNS]):
        code = f"{county.code}{101 + i}"
        towns.append(code)
        units[code] = _unit(code, f"{short}{town}人民政府", UnitKind.TOWN, government, short + town)
    users = {
        role: _user(f"{county.login}-{role}", full_name, units["sfj"], role, flags)
        for role, full_name, flags in (
            (Role.COORDINATOR, f"{short}统筹", {"can_approve_extension": True}),
            (Role.REVIEWER, f"{short}复议", {}),
        )
    }
    return {"units": units, "users": users, "towns": towns, "county": county}


def _user(username, full_name, unit, role, flags) -> User:
    found = User.objects.filter(username=username).first()
    if found is not None:
        return found
    return create_user(
        None,
        Channel.CLI,
        username=username,
        password=city.DEMO_PASSWORD,
        unit=unit,
        role=role,
        full_name=full_name,
        **flags,
    )


def steps(only: Collection[str] | None = None) -> int:
    """The progress bar's length: one step per county and procedure, one per county's org."""
    return len(counties(only)) * (1 + len(county_modules()))


def build(
    year: int,
    scale: float = 1.0,
    seed: int = 2021,
    progress=None,
    only: Collection[str] | None = None,
) -> dict:
    """Fill every county without records of the year (or those of `only`: codes or short
    names); returns {"built": [...], "skipped": [...]} (county names). Call inside a
    transaction: the caller decides all or nothing."""
    progress = progress or (lambda n: None)
    prefecture = prefecture_unit()
    if prefecture is None:
        raise ValueError("没有红河州：请先建立演示城市(fazhi demo)。")
    _user(PREFECTURE_LEADER[0], PREFECTURE_LEADER[1], prefecture, Role.LEADER, {})
    built, skipped = [], []
    modules = county_modules()
    for county in counties(only):
        if has_records(county, year):
            skipped.append(county.name)
            progress(1 + len(modules))
            continue
        context = build_county_org(county, prefecture)
        progress(1)
        # The county's share of 弥勒市's volumes: its weight against 弥勒市's, times the scale.
        county_scale = scale * county.weight / REFERENCE_WEIGHT
        for module in modules:
            rng = random.Random(f"{seed}:{year}:{county.code}:{module.__name__}")
            module.build_county(context, year, rng, county_scale)
            progress(1)
        built.append(county.name)
    return {"built": built, "skipped": skipped}
