"""弥勒市's 行政执法案件 of 2021 (seed 四.1: "2021年，全市各部门共进行法制审核1624件，对重大
行政执法决定…进行报备，共进行审查备案9件").

1 600 cases of the enforcement departments go through 法制审核 in 2021; 24 of them get a
"存在问题" opinion first and are reviewed again after rework: 1 624 reviews (件次). 150 more
cases (inspections, simple 许可) are decided without review. Ten are 重大执法决定 (nine by an
item of their department's published 目录清单, one by its 听证): nine are filed with the 司法局 in
2021, the tenth, decided in late December, in January 2022. Decisions are published within 7
(许可, 处罚) or 20 工作日, a few late; one published 处罚 is later revoked on 复议 and taken down
within 3 工作日 (行政处罚法第四十八条第二款).

Officers come from the officers procedure's demo (`certified_officers`); a department without
two certified officers for its field hands its share to the next department that has them, so
the totals stay. Everything goes through the services, in batches (`open_many`,
`apply_many`, `review_many`: the transition table's checks on every case, one audit append per
batch)."""

import datetime as dt

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.core.calendar import get_calendar
from fazhi.core.workflow import Refusal
from fazhi.enforcement.officers.queries import certified_officers

from . import services
from .models import CaseKind, CriterionCategory, FilingOpinion, Outcome, PartyKind, ReviewOpinion
from .steps import FILING

C = Channel.CLI
YEAR = 2021
# department, 执法领域, cases reviewed in 2021 (1 600 in all)
DEPARTMENTS = [
    ("scjgj", "market", 520),
    ("jtysj", "transport", 210),
    ("nyncj", "agriculture", 130),
    ("zjj", "housing", 120),
    ("sthjfj", "environment", 110),
    ("wjj", "health", 100),
    ("whlyj", "culture", 90),
    ("yjglj", "emergency", 90),
    ("zrzyj", "natural_resources", 90),
    ("lcj", "forestry", 80),
    ("swj", "water", 60),
]
UNREVIEWED = 150
REWORKED = 24
# the 重大执法决定: (department index, 目录清单 category); the last is decided in late December
MAJOR = [
    (0, CriterionCategory.PUBLIC_INTEREST),
    (0, CriterionCategory.MAJOR_RIGHTS),
    (0, CriterionCategory.COMPLEX),
    (1, CriterionCategory.MAJOR_RIGHTS),
    (2, CriterionCategory.PUBLIC_INTEREST),
    (3, CriterionCategory.SOCIAL_RISK),
    (4, CriterionCategory.PUBLIC_INTEREST),
    (8, CriterionCategory.MAJOR_RIGHTS),
    (3, CriterionCategory.MAJOR_RIGHTS),
    (5, CriterionCategory.PUBLIC_INTEREST),
]
CRITERIA = {
    CriterionCategory.PUBLIC_INTEREST: "涉及食品药品、生产安全、生态环境等重大公共利益的行政处罚",
    CriterionCategory.MAJOR_RIGHTS: "拟对个人处5万元以上、对单位处20万元以上罚款，或者吊销许可证件",
    CriterionCategory.COMPLEX: "案件情况疑难复杂、涉及多个法律关系的行政执法决定",
    CriterionCategory.SOCIAL_RISK: "可能造成重大社会影响或者引发社会风险的行政执法决定",
    CriterionCategory.HEARING: "经过听证程序作出的行政执法决定",
}
KINDS = [CaseKind.PENALTY] * 15 + [CaseKind.LICENCE] * 3 + [CaseKind.COERCION, CaseKind.OTHER]
OUTCOMES = {
    CaseKind.PENALTY: (Outcome.PENALTY, "警告并处罚款人民币{n}元"),
    CaseKind.LICENCE: (Outcome.GRANTED, "准予行政许可"),
    CaseKind.COERCION: (Outcome.MEASURE, "依法扣押涉案物品{n}件"),
    CaseKind.INSPECTION: (Outcome.INSPECTED, "检查未发现违法行为"),
    CaseKind.OTHER: (Outcome.OTHER, "责令限期改正"),
}
TITLES = {
    "market": ["销售过期食品案", "未按规定公示营业执照案", "虚假宣传案", "销售不合格商品案"],
    "transport": ["未取得道路运输经营许可从事经营案", "货车超限运输案", "非法营运案"],
    "agriculture": ["销售假劣农药案", "未取得动物防疫条件合格证案", "违法使用禁用兽药案"],
    "housing": ["未取得施工许可证擅自施工案", "建筑工地扬尘污染案"],
    "environment": ["超标排放大气污染物案", "未批先建案", "危险废物贮存不规范案"],
    "health": ["未取得医疗机构执业许可证执业案", "公共场所卫生不合格案"],
    "culture": ["网吧接纳未成年人案", "未经许可经营营业性演出案"],
    "emergency": ["未按规定进行安全生产教育培训案", "未及时消除事故隐患案"],
    "natural_resources": ["非法占用土地建房案", "无证采矿案"],
    "forestry": ["滥伐林木案", "非法占用林地案"],
    "water": ["未经批准取水案", "河道内非法采砂案"],
}
PERSONS = ["张建国", "李秀兰", "王志刚", "赵丽华", "刘永福"]
FIRMS = ["弥勒市", "红河州", "云南"]
STEPS = 11


def _crew(unit, field, on, until=dt.date(YEAR, 12, 31)):
    officers = list(certified_officers(unit, field, on).order_by("pk")[:2])
    if len(officers) == 2 and not services_lacking(officers, field, until):
        return officers
    return None


def services_lacking(officers, field, on):
    from fazhi.enforcement.officers.queries import lacking_certificate

    return lacking_certificate(officers, field, on)


def _teams(units) -> list:
    """(unit, field, officers, share) per department; a share without officers moves on."""
    teams, carried = [], 0
    for code, field, share in DEPARTMENTS:
        unit = units.get(code)
        crew = _crew(unit, field, dt.date(YEAR, 1, 4)) if unit else None
        if crew is None:
            carried += share
            continue
        teams.append([unit, field, crew, share + carried])
        carried = 0
    if not teams:
        raise Refusal(
            "执法案件演示数据需要执法人员：各执法部门尚无两名以上持有2021年全年有效执法证件的"
            "执法人员(请先生成执法人员演示数据)。"
        )
    teams[0][3] += carried
    return teams


def build(context: dict, progress=None) -> None:
    units, users = context["units"], context["users"]
    actor, office = users["coordinator"], users["reviewer"]
    duties.assign(None, C, units["sfj"], FILING)  # 重大执法决定备案审查机关: 市司法局
    calendar = get_calendar()

    def step():
        if progress:
            progress(1)

    teams = _teams(units)
    criteria = {}
    for unit, *_ in teams:
        for category, text in CRITERIA.items():
            criteria[(unit.pk, category)] = services.add_criterion(
                actor,
                C,
                unit=unit,
                category=category,
                description=text,
                listed_on=dt.date(YEAR, 1, 4),
            )
    step()

    # the plan: one row per case, its dates as working-day offsets
    first, last = dt.date(YEAR, 1, 4), dt.date(YEAR, 11, 12)
    days = list(_workdays(calendar, first, last))
    plan = []
    for t, (*_, share) in enumerate(teams):
        for i in range(share):
            plan.append({"team": t, "reviewed": True, "i": i})
    for i in range(UNREVIEWED):
        plan.append({"team": i % len(teams), "reviewed": False, "i": i})
    for n, row in enumerate(plan):
        unit, field, crew, _ = teams[row["team"]]
        opened = days[(n * 7) % len(days)]
        kind = (
            KINDS[n % len(KINDS)]
            if row["reviewed"]
            else (CaseKind.INSPECTION, CaseKind.LICENCE)[n % 2]
        )
        row.update(unit=unit, field=field, crew=crew, kind=kind, opened=opened)
        row["concluded"] = calendar.add_workdays(opened, 5 + n % 6)
        row["rework"] = False
    # the 重大: the first cases of the named departments, opened in the first half of the year
    majors = []
    for t, category in MAJOR:
        t = min(t, len(teams) - 1)
        row = next(
            r
            for r in plan
            if r["team"] == t
            and r["reviewed"]
            and "category" not in r
            and r["kind"] == CaseKind.PENALTY
        )
        row["category"] = category
        majors.append(row)
    late = majors[-1]  # decided in late December, filed in January 2022
    late["opened"] = dt.date(YEAR, 11, 22)
    late["concluded"] = calendar.add_workdays(late["opened"], 10)
    heard = majors[3]  # made 重大 by its 听证 (行政处罚法第五十八条第一款第(二)项)
    heard["category"] = None
    ordinary = [r for r in plan if r["reviewed"] and "category" not in r]
    for r in ordinary[7::60][:REWORKED]:
        r["rework"] = True

    rows = []
    for n, r in enumerate(plan):
        person = n % 3 == 0
        rows.append(
            (
                {
                    "unit": r["unit"],
                    "kind": r["kind"],
                    "field": r["field"],
                    "title": _title(r["field"], n),
                    "number": f"弥{r['unit'].short_name[1:3]}〔{YEAR}〕{r['i'] + 1}号",
                    "party_kind": PartyKind.PERSON if person else PartyKind.ORGANISATION,
                    "party_name": _party(n, person, r["unit"]),
                    "opened_on": r["opened"],
                },
                r["crew"],
            )
        )
    cases = services.open_many(actor, C, rows)
    for case, r in zip(cases, plan, strict=True):
        r["pk"] = case.pk
    step()
    by_pk = {r["pk"]: r for r in plan}

    def at(name):
        return lambda case: by_pk[case.pk][name]

    def ids(test):
        return [r["pk"] for r in plan if test(r)]

    everyone = ids(lambda r: True)
    services.apply_many(actor, C, "investigate", everyone, on=at("opened"))
    services.apply_many(actor, C, "conclude", everyone, on=at("concluded"))
    step()
    # 重大 by a 目录清单 item, before review
    for r in majors:
        if r["category"] is not None:
            r["criterion"] = criteria[(r["unit"].pk, r["category"])]
    listed = [r for r in majors if r["category"] is not None]
    for r in listed:
        services.apply_many(
            actor, C, "mark_major", [r["pk"]], criterion=r["criterion"], on=r["concluded"]
        )
    # the heard case: 告知 → 听证 → review after the hearing
    heard["notified"] = calendar.add_workdays(heard["concluded"], 1)
    heard["heard"] = calendar.add_workdays(heard["notified"], 8)
    services.apply_many(actor, C, "notify", [heard["pk"]], on=heard["notified"])
    services.apply_many(actor, C, "hearing", [heard["pk"]], on=heard["heard"])
    step()

    reviewed = [r for r in plan if r["reviewed"]]
    for r in reviewed:
        start = r.get("heard") or r["concluded"]
        r["sent"] = calendar.add_workdays(start, 1)
        if r["rework"]:
            r["problem"] = calendar.add_workdays(r["sent"], 3)
            r["resent"] = calendar.add_workdays(r["problem"], 3)
            r["cleared"] = calendar.add_workdays(r["resent"], 2)
        else:
            r["cleared"] = calendar.add_workdays(r["sent"], 2 + r["i"] % 5)
    services.apply_many(actor, C, "send_review", ids(lambda r: r["reviewed"]), on=at("sent"))
    services.review_many(
        actor,
        C,
        ids(lambda r: r["rework"]),
        opinion=ReviewOpinion.PROBLEMS,
        on=at("problem"),
        text="事实认定的证据不充分，请补充现场检查笔录和询问笔录后再次报送。",
    )
    services.apply_many(actor, C, "send_review", ids(lambda r: r["rework"]), on=at("resent"))
    services.review_many(
        actor, C, ids(lambda r: r["reviewed"]), opinion=ReviewOpinion.AGREE, on=at("cleared")
    )
    step()

    # 告知 (处罚), 决定, 送达, 公示
    for r in plan:
        base = r.get("cleared") or r["concluded"]
        if r["kind"] == CaseKind.PENALTY and "notified" not in r:
            r["notified"] = calendar.add_workdays(base, 1)
            base = r["notified"]
        elif "notified" in r:
            base = max(base, r["notified"])
        r["decided"] = calendar.add_workdays(base, 4 if r["kind"] == CaseKind.PENALTY else 2)
        r["served"] = calendar.add_workdays(r["decided"], 1 + r["i"] % 4)
        limit = 7 if r["kind"] in (CaseKind.PENALTY, CaseKind.LICENCE) else 20
        late_publication = r["i"] % 40 == 17
        r["published"] = calendar.add_workdays(
            r["decided"], limit + 2 if late_publication else 1 + r["i"] % 5
        )
        r["closed"] = calendar.add_workdays(r["served"], 5 + r["i"] % 10)
    notify = ids(lambda r: r["kind"] == CaseKind.PENALTY and r is not heard)
    services.apply_many(actor, C, "notify", notify, on=at("notified"))
    step()
    for kind, (outcome, text) in OUTCOMES.items():
        chosen = ids(lambda r, kind=kind: r["kind"] == kind)
        for amount in (2000, 5000, 20000):
            batch = [pk for pk in chosen if _amount(by_pk[pk]) == amount]
            if batch:
                conclusion = text.format(n=amount)
                services.apply_many(
                    actor,
                    C,
                    "decide",
                    batch,
                    outcome=outcome,
                    on=at("decided"),
                    conclusion=conclusion,
                )
    step()
    services.apply_many(actor, C, "serve", everyone, served_on=at("served"))
    services.apply_many(actor, C, "publish", everyone, on=at("published"))
    step()
    # 备案 of the 重大 (the late one in January 2022) and the 司法局's 审查
    for r in majors:
        r["filed"] = calendar.add_workdays(r["decided"], 5)
        r["filing_reviewed"] = calendar.add_workdays(r["filed"], 10)
    late["filed"] = dt.date(YEAR + 1, 1, 7)
    late["filing_reviewed"] = dt.date(YEAR + 1, 1, 14)
    services.apply_many(actor, C, "file", [r["pk"] for r in majors], on=at("filed"))
    services.apply_many(
        office,
        C,
        "filing_review",
        [r["pk"] for r in majors],
        opinion=FilingOpinion.NO_OBJECTION,
        on=at("filing_reviewed"),
        text="",
    )
    step()
    services.apply_many(actor, C, "close", everyone, on=at("closed"))
    step()

    # one published 处罚 revoked on 行政复议 and taken down within 3 工作日 (art. 48 ¶2)
    from .models import Case

    first = next(r for r in plan if r["kind"] == CaseKind.PENALTY and "category" not in r)
    revoked = Case.objects.get(pk=first["pk"])
    on = calendar.add_workdays(by_pk[revoked.pk]["closed"], 20)
    revoked = services.revoke(
        actor,
        C,
        revoked,
        revocation="revoked",
        on=on,
        reason="经行政复议，原处罚决定认定事实不清，予以撤销。",
    )
    services.withdraw(actor, C, revoked, on=calendar.add_workdays(on, 2))
    step()


def _workdays(calendar, first, last):
    day = first
    while day <= last:
        if calendar.is_workday(day):
            yield day
        day += dt.timedelta(days=1)


def _amount(r) -> int:
    return (2000, 5000, 20000)[r["i"] % 3]


def _title(field: str, n: int) -> str:
    titles = TITLES.get(field, ["违法行为案"])
    return titles[n % len(titles)]


def _party(n: int, person: bool, unit) -> str:
    if person:
        return PERSONS[n % len(PERSONS)]
    return f"{FIRMS[n % len(FIRMS)]}{unit.short_name[1:3]}{n % 97 + 1}号商贸有限公司"


# --- the other counties of 红河州 (fazhi.demo.prefecture) --------------------------------------

COUNTY = [
    ("scjgj", "market", 0.45),
    ("nyncj", "agriculture", 0.15),
    ("zjj", "housing", 0.15),
    ("zrzyj", "natural_resources", 0.15),
    ("wjj", "health", 0.10),
]


def _county_crew(context, unit, field, year, index):
    """Two certified officers of the department: those the officers procedure made, or — while it
    makes none for the other counties — two registered and certified through its services."""
    from fazhi.core.validators import make_id_number
    from fazhi.enforcement.officers import services as officers

    crew = _crew(unit, field, dt.date(year, 1, 4), dt.date(year, 12, 31))
    if crew:
        return crew
    actor = context["users"]["coordinator"]
    county = context["county"]
    crew = []
    for n, name in enumerate(("甲", "乙")):
        serial = 10 * index + n + 1
        officer = officers.register_officer(
            actor,
            C,
            {
                "unit": unit,
                "name": f"{county.short}{name}执法",
                "id_number": make_id_number(
                    county.code, dt.date(1962, 1 + n, 1 + serial % 28), serial
                ),
                "registered_on": dt.date(year - 2, 3, 1),
                "post": "执法队员",
                "team": None,
            },
        )
        officers.issue(
            actor,
            C,
            {
                "officer": officer,
                "number": f"{county.code}{serial:04d}{n + 1}",
                "field": field,
                "issuer": f"{county.name}人民政府",
                "issued_on": dt.date(year - 2, 6, 1),
                "valid_until": dt.date(year + 3, 5, 31),
            },
        )
        crew.append(officer)
    return crew


def build_county(context: dict, year: int, rng, scale: float, progress=None) -> None:
    """A year of one county's cases: 弥勒市's 1 600 reviewed cases times `scale`, across five
    departments, each 立案 → 调查 → 法制审核(同意) → [告知] → 决定 → 送达 → 公示 → 结案; a case
    whose last step would fall after today is not made."""
    from django.utils import timezone

    units, users = context["units"], context["users"]
    actor = users["coordinator"]
    duties.assign(None, C, units["sfj"], FILING)
    calendar, today = get_calendar(), timezone.localdate()
    total = max(len(COUNTY), round(1600 * scale))
    plan = []
    for index, (code, field, share) in enumerate(COUNTY):
        unit = units.get(code)
        if unit is None:
            continue
        crew = _county_crew(context, unit, field, year, index)
        for i in range(max(1, round(total * share))):
            opened = calendar.next_workday(
                dt.date(year, 1, 4) + dt.timedelta(days=rng.randrange(310))
            )
            kind = CaseKind.PENALTY if rng.random() < 0.8 else CaseKind.LICENCE
            r = {"unit": unit, "field": field, "crew": crew, "kind": kind, "opened": opened, "i": i}
            r["concluded"] = calendar.add_workdays(opened, rng.randint(3, 10))
            r["sent"] = calendar.add_workdays(r["concluded"], 1)
            r["cleared"] = calendar.add_workdays(r["sent"], rng.randint(1, 8))
            r["notified"] = calendar.add_workdays(r["cleared"], 1)
            r["decided"] = calendar.add_workdays(r["notified"], 4)
            r["served"] = calendar.add_workdays(r["decided"], rng.randint(1, 5))
            r["published"] = calendar.add_workdays(r["decided"], rng.randint(1, 9))
            r["closed"] = calendar.add_workdays(max(r["served"], r["published"]), 5)
            if r["closed"] <= today:
                plan.append(r)
    if not plan:
        return
    rows = [
        (
            {
                "unit": r["unit"],
                "kind": r["kind"],
                "field": r["field"],
                "title": _title(r["field"], n),
                "number": f"{r['unit'].code}〔{year}〕{r['i'] + 1}号",
                "party_kind": PartyKind.ORGANISATION,
                "party_name": f"{context['county'].short}{n % 97 + 1}号商贸有限公司",
                "opened_on": r["opened"],
            },
            r["crew"],
        )
        for n, r in enumerate(plan)
    ]
    for case, r in zip(services.open_many(actor, C, rows), plan, strict=True):
        r["pk"] = case.pk
    by_pk = {r["pk"]: r for r in plan}

    def at(name):
        return lambda case: by_pk[case.pk][name]

    everyone = [r["pk"] for r in plan]
    penalties = [r["pk"] for r in plan if r["kind"] == CaseKind.PENALTY]
    services.apply_many(actor, C, "investigate", everyone, on=at("opened"))
    services.apply_many(actor, C, "conclude", everyone, on=at("concluded"))
    services.apply_many(actor, C, "send_review", everyone, on=at("sent"))
    services.review_many(actor, C, everyone, opinion=ReviewOpinion.AGREE, on=at("cleared"))
    services.apply_many(actor, C, "notify", penalties, on=at("notified"))
    for kind in (CaseKind.PENALTY, CaseKind.LICENCE):
        outcome, text = OUTCOMES[kind]
        chosen = [r["pk"] for r in plan if r["kind"] == kind]
        if chosen:
            services.apply_many(
                actor,
                C,
                "decide",
                chosen,
                outcome=outcome,
                on=at("decided"),
                conclusion=text.format(n=2000),
            )
    services.apply_many(actor, C, "serve", everyone, served_on=at("served"))
    services.apply_many(actor, C, "publish", everyone, on=at("published"))
    services.apply_many(actor, C, "close", everyone, on=at("closed"))
    if progress:
        progress(1)
