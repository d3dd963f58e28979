"""弥勒市's 2021 行政执法案卷评查 (seed 四.1: "每年组织至少一次行政执法案卷评查，随机抽查市市场
监管局、市财政局、市住建局、市文化旅游局、市水务局、市林草局等执法部门年度已结执法案卷进行评查").

The 司法局 (the duty casereview.coordinator) plans the campaign in November 2021 with the
default 评查标准 (100 points), draws five closed 2021 case files from each of the six
departments by commit–reveal through the kernel's verifiable draw, two reviewers of the 司法局
score them, the results go back and the departments record their 整改.

The cases demo has no closed 2021 cases of 市财政局 (it plans none) nor, as it stands, of 市市场
监管局 (its share passes to another department when its first two officers' certificates do not
hold all year): a department with fewer closed 2021 cases than the draw needs gets the missing
ones here, 行政检查 cases made through the cases app's services, opened and decided in
November–December 2020 and closed in January 2021, so that no 2021 figure of the cases
(法制审核, 备案, 公示及时率 of 2021 decisions) changes.

Scores are fixed per drawn file's place (department, then case id), so the figures do not depend
on which files the seed picks: 30 files, average 89.5, 29 合格 or 优秀 (one 不合格)."""

import datetime as dt
import hashlib
from decimal import Decimal

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.enforcement.cases import services as cases
from fazhi.enforcement.officers.queries import certified_officers

from . import queries, services
from .steps import COORDINATOR

C = Channel.CLI
YEAR = 2021
DEPARTMENTS = [
    ("scjgj", "market"),
    ("czj", "finance"),
    ("zjj", "housing"),
    ("whlyj", "culture"),
    ("swj", "water"),
    ("lcj", "forestry"),
]
PER_DEPARTMENT = 5
# the 行政检查 a department without enough closed cases gets: its 案号 prefix and titles
INSPECTIONS = {
    "finance": ("弥财监检", ["会计信息质量检查", "政府采购监督检查", "财政专项资金使用检查"]),
    "market": ("弥市监检", ["食品经营企业监督检查", "特种设备安全监督检查", "价格监督检查"]),
}
OTHER_INSPECTIONS = ("弥执检", ["行政执法监督检查", "安全生产监督检查", "专项执法检查"])
SEED = hashlib.sha256(b"fazhi demo casereview 2021").hexdigest()[:32]
# deductions (points off) per item for the n-th file, cycling; the 17th file fails
DEDUCTIONS = [
    (0, 2, 1, 2, 1, 1, 0),
    (0, 0, 0, 1, 2, 0, 0),
    (1, 3, 2, 3, 2, 2, 1),
    (0, 1, 0, 0, 1, 1, 0),
    (0, 4, 3, 4, 3, 2, 2),
]
FAILING = 16


def build(context: dict, progress=None) -> None:
    units, users = context["units"], context["users"]
    coordinator = users["coordinator"]
    duties.assign(None, C, units["sfj"], COORDINATOR)
    departments = [units[code] for code, _ in DEPARTMENTS]
    for (_, field), unit in zip(DEPARTMENTS, departments, strict=True):
        have = queries.closed_cases([unit], YEAR).count()
        if have < PER_DEPARTMENT:
            _closed_cases(coordinator, unit, field, PER_DEPARTMENT - have)
    if progress:
        progress(1)
    reviewers = [users["reviewer"], users["approver"]]
    campaign = services.plan_campaign(
        coordinator,
        C,
        {
            "year": YEAR,
            "title": f"{YEAR}年度行政执法案卷评查",
            "departments": departments,
            "per_department": PER_DEPARTMENT,
            "total": None,
            "reviewers": reviewers,
            "rubric": _default_rubric(),
            "planned_on": dt.date(YEAR, 11, 1),
        },
    )
    campaign = services.commit(
        coordinator,
        C,
        campaign,
        seed_method="commit_reveal",
        seed_commitment=hashlib.sha256(SEED.encode()).hexdigest(),
        on=dt.date(YEAR, 11, 8),
    )
    campaign = services.draw(coordinator, C, campaign, seed=SEED, on=dt.date(YEAR, 11, 15))
    if progress:
        progress(1)
    items = list(campaign.items.all())
    files = list(campaign.files.select_related("unit").order_by("unit__path", "case_id"))
    for n, file in enumerate(files):
        off = DEDUCTIONS[n % len(DEDUCTIONS)]
        if n == FAILING:
            off = (5, 12, 8, 10, 6, 6, 0)
        values = {}
        for item, points in zip(items, off, strict=True):
            values[f"item_{item.pk}"] = item.max_points - Decimal(points)
            values[f"comment_{item.pk}"] = "扣分：见整改事项" if points else ""
        findings = "" if sum(off) <= 2 else "部分文书不规范、证据目录不完整，请逐项整改。"
        reviewer = reviewers[n % 2]
        on = dt.date(YEAR, 11, 22) + dt.timedelta(days=n % 14)
        file = services.score(reviewer, C, file, scored_on=on, findings=findings, **values)
        file = services.send(coordinator, C, file, on=dt.date(YEAR, 12, 15))
        if findings and n % 3:
            services.rectify(
                coordinator,
                C,
                file,
                rectification="已补正文书、完善证据目录，并组织执法人员学习。",
                on=dt.date(YEAR + 1, 1, 10),
            )
    services.finish(coordinator, C, campaign, on=dt.date(YEAR, 12, 31))
    if progress:
        progress(1)


def _default_rubric() -> str:
    from .forms import DEFAULT_RUBRIC

    return DEFAULT_RUBRIC


def _closed_cases(actor, unit, field, count) -> None:
    """`count` 行政检查 cases of `unit` opened and decided in late 2020, closed in January
    2021, through the cases app's services (the transition table on each step)."""
    opened = dt.date(YEAR - 1, 11, 2)
    crew = list(certified_officers(unit, field, opened).order_by("pk")[:2])
    if len(crew) < 2:
        return  # no crew: the draw's commit then names the department without cases
    prefix, titles = INSPECTIONS.get(field, OTHER_INSPECTIONS)
    for n in range(count):
        case = cases.open_case(
            actor,
            C,
            officers=crew,
            unit=unit,
            kind="inspection",
            field=field,
            title=titles[n % 3],
            party_kind="organisation",
            party_name=f"弥勒市第{n + 1}检查对象单位",
            opened_on=opened + dt.timedelta(days=n),
            number=f"{prefix}〔{YEAR - 1}〕{n + 1}号",
        )
        case = cases.investigate(actor, C, case, on=dt.date(YEAR - 1, 11, 10))
        case = cases.conclude(actor, C, case, on=dt.date(YEAR - 1, 12, 1))
        case = cases.decide(
            actor,
            C,
            case,
            outcome="inspected",
            on=dt.date(YEAR - 1, 12, 7),
            conclusion="检查未发现违法行为",
        )
        case = cases.serve(actor, C, case, served_on=dt.date(YEAR - 1, 12, 9))
        case = cases.publish(actor, C, case, on=dt.date(YEAR - 1, 12, 11))
        cases.close(actor, C, case, on=dt.date(YEAR, 1, 6 + n))


STEPS = 3


def build_county(context: dict, year: int, rng, scale: float, progress=None) -> None:
    """A county's 案卷评查 of `year` for the prefecture demo: its 司法局 draws from the closed cases
    of its departments (the cases demo's, made before this one), about 30 × `scale` files with at
    least one per department, its reviewer scores them and the results go back. A county without
    closed cases of the year keeps its campaign at 制定方案. No step is dated after today."""
    from django.utils import timezone

    units, users = context["units"], context["users"]
    coordinator, reviewer = users["coordinator"], users["reviewer"]
    duties.assign(None, C, units["sfj"], COORDINATOR)
    today = timezone.localdate()

    def on(month: int, day: int) -> dt.date:
        return min(dt.date(year, month, day), today)

    own = [u for key, u in sorted(units.items()) if key not in ("government", "sfj", "zfb")]
    pools = {u.pk: queries.closed_cases([u], year).count() for u in own}
    departments = [u for u in own if pools[u.pk]]
    size = sum(pools.values())
    total = min(size, max(len(departments), round(30 * scale)))
    campaign = services.plan_campaign(
        coordinator,
        C,
        {
            "year": year,
            "title": f"{year}年度行政执法案卷评查",
            "departments": departments or own[:1],
            "per_department": None if departments else 1,
            "total": total or None,
            "reviewers": [reviewer],
            "rubric": _default_rubric(),
            "planned_on": on(11, 1),
        },
    )
    if not departments:
        return
    seed = f"{rng.getrandbits(128):032x}"
    campaign = services.commit(
        coordinator,
        C,
        campaign,
        seed_method="commit_reveal",
        seed_commitment=hashlib.sha256(seed.encode()).hexdigest(),
        on=on(11, 8),
    )
    campaign = services.draw(coordinator, C, campaign, seed=seed, on=on(11, 15))
    items = list(campaign.items.all())
    for file in campaign.files.order_by("id"):
        off = DEDUCTIONS[rng.randrange(len(DEDUCTIONS))]
        values = {}
        for item, points in zip(items, off, strict=True):
            values[f"item_{item.pk}"] = item.max_points - Decimal(points)
        findings = "" if sum(off) <= 2 else "部分文书不规范，请整改。"
        file = services.score(reviewer, C, file, scored_on=on(11, 25), findings=findings, **values)
        services.send(coordinator, C, file, on=on(12, 15))
