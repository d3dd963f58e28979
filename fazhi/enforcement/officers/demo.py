"""弥勒市's 执法队伍, 执法人员 and 执法证, exams and trainings of 2021, made through the services.

- Teams: the six departments the seed names (市文旅局, 市市场监管局, 市交通运输局, 市农业农村局,
  州生态环境局弥勒分局, 市应急局) each registered a 综合执法大队 in 2019–2021.
- Officers: 1022 officers of 14 enforcement departments were registered (录入证件管理系统) in
  2019–2021 in one batch (`register_officers_many`); 12 of them (of the 市市场监管局 and the
  市公安局, recorded by their own staff) left in 2021 (调离 or 退休), so 1010 were in post at the
  year's end (the seed's 1010). Those of the six departments serve in
  their department's team.
- Certificates: one card each in their department's 执法领域, issued in one batch (`issue_many`).
  Eighteen officers registered late in 2021 received their cards only in 2022, so the 2021
  持证率 is below 100%. The cards' 有效期 are set from today (the demo is built on any day), so
  that most are valid, 15 run out within the renewal notice (the tick's reminders show) and 10
  have already run out (recorded 过期); two are 暂扣. None of this touches 2021's figures.
- Exams: two batches at the 弥勒 考点 (新申请 in May, 换证 in October), 407 takers with scores
  plus a few absent: the seed's "两批400余人".
- Training: the 7月2日 training by the 州级专家 (民法典, "三项制度", 案例分析), 586 attendees on
  the attendance list (分管领导, 法制审核人员, 执法人员): the seed's "580余人". Each officer
  attending gets its 8 学时 on their page.
"""

import datetime as dt
import random

from django.utils import timezone

from fazhi.core.audit import Channel
from fazhi.core.models import Role
from fazhi.core.validators import make_id_number

from . import services
from .models import AttendeeRole, Certificate, EnforcementField

D = dt.date
STEPS = 6

TEAMS = [
    ("whlyj", "弥勒市文化市场综合行政执法大队", [EnforcementField.CULTURE], D(2019, 12, 20), 28),
    ("scjgj", "弥勒市市场监管综合行政执法大队", [EnforcementField.MARKET], D(2019, 11, 28), 96),
    ("jtysj", "弥勒市交通运输综合行政执法大队", [EnforcementField.TRANSPORT], D(2020, 3, 16), 45),
    ("nyncj", "弥勒市农业综合行政执法大队", [EnforcementField.AGRICULTURE], D(2020, 6, 30), 38),
    (
        "sthjfj",
        "红河州生态环境保护综合行政执法支队弥勒大队",
        [EnforcementField.ENVIRONMENT],
        D(2021, 1, 18),
        24,
    ),
    ("yjglj", "弥勒市应急管理综合行政执法大队", [EnforcementField.EMERGENCY], D(2021, 4, 8), 20),
]
# department -> (执法领域, officers registered, of whom leave in 2021)
OFFICERS = {
    "scjgj": (EnforcementField.MARKET, 267, 7),
    "whlyj": (EnforcementField.CULTURE, 60, 0),
    "jtysj": (EnforcementField.TRANSPORT, 90, 0),
    "nyncj": (EnforcementField.AGRICULTURE, 80, 0),
    "sthjfj": (EnforcementField.ENVIRONMENT, 50, 0),
    "yjglj": (EnforcementField.EMERGENCY, 45, 0),
    "zrzyj": (EnforcementField.NATURAL_RESOURCES, 70, 0),
    "zjj": (EnforcementField.HOUSING, 54, 0),
    "wjj": (EnforcementField.HEALTH, 60, 0),
    "lcj": (EnforcementField.FORESTRY, 49, 0),
    "swj": (EnforcementField.WATER, 40, 0),
    "czj": (EnforcementField.FINANCE, 15, 0),
    "cgj": (EnforcementField.OTHER, 95, 0),
    "gaj": (EnforcementField.PUBLIC_SECURITY, 47, 5),
}
# 调离 and 退休 are recorded by the officer's own unit (the demo's staff of these two)
UNIT_STAFF = {"scjgj": "market", "gaj": "police"}
SURNAMES = "张王李赵陈杨刘黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤普李"  # noqa: E501
GIVEN = "建国志强丽华明芳海涛秀英云飞文博晓梅红梅立新国平雪松春燕永刚家旺正林玉兰世杰德明光辉"
ISSUER = "弥勒市人民政府"
LATE = 18  # registered in December 2021, certified in 2022
EXPIRING, EXPIRED, SUSPENDED = 15, 10, 2


def _name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return rng.choice(SURNAMES) + given


def build(context: dict, progress=None) -> None:
    progress = progress or (lambda n: None)
    units, users = context["units"], context["users"]
    coordinator = users["coordinator"]
    rng = random.Random(2021)
    teams = {
        code: services.register_team(
            coordinator,
            Channel.CLI,
            {
                "unit": units[code],
                "name": name,
                "established_on": on,
                "fields_covered": list(fields),
                "staff_count": staff,
                "approval_number": f"弥编发〔{on.year}〕{n + 3}号",
            },
        )
        for n, (code, name, fields, on, staff) in enumerate(TEAMS)
    }
    progress(1)
    officers, fields, leavers = _officers(coordinator, units, teams, rng)
    progress(1)
    _certificates(coordinator, officers, fields, rng)
    progress(1)
    for code, officer, on, retiring in leavers:
        leave = services.retire if retiring else services.transfer
        reason = "退休" if retiring else "调离执法岗位"
        leave(users[UNIT_STAFF[code]], Channel.CLI, officer, on=on, reason=reason)
    progress(1)
    _exams(coordinator, units, officers, rng)
    progress(1)
    _training(coordinator, units, officers, rng)
    progress(1)


def _officers(actor, units, teams, rng):
    lines, fields, serial, lates = [], [], 0, 0
    for code, (field, count, _leaving) in OFFICERS.items():
        for n in range(count):
            serial += 1
            late = serial % (1010 // LATE) == 0 and lates < LATE
            lates += late
            registered = (
                D(2021, 12, 1)
                if late
                else D(2019, 1, 2) + dt.timedelta(days=rng.randrange(0, 1000))
            )
            birth = D(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 12000))
            lines.append(
                services.OfficerLine(
                    unit=units[code],
                    name=_name(rng),
                    id_number=make_id_number("532526", birth, serial % 1000),
                    registered_on=registered,
                    phone=f"139{rng.randrange(10**8):08d}",
                    post="执法队员" if n else "大队长",
                    team=teams.get(code),
                )
            )
            fields.append((field, late))
    officers = services.register_officers_many(actor, Channel.CLI, lines)
    leavers, at = [], 0
    for code, (_field, count, leaving) in OFFICERS.items():
        for k in range(leaving):
            officer = officers[at + 1 + k]  # not the team's head
            planned = D(2021, 3, 1) + dt.timedelta(days=25 * len(leavers))
            on = max(planned, officer.registered_on + dt.timedelta(days=1))
            leavers.append((code, officer, on, k % 2))
        at += count
    return officers, fields, leavers


def _certificates(actor, officers, fields, rng) -> None:
    today = timezone.localdate()
    lines, ordinary = [], []
    for n, (officer, (field, late)) in enumerate(zip(officers, fields, strict=True)):
        if late:
            issued = D(2022, 3, 10)
        else:
            span = (D(2021, 11, 30) - officer.registered_on).days
            issued = officer.registered_on + dt.timedelta(days=rng.randrange(0, max(span, 1)))
            ordinary.append(n)
        lines.append(
            services.CertificateLine(
                officer=officer,
                number=f"532504{issued:%y}{n + 1:06d}",
                field=field,
                issuer=ISSUER,
                issued_on=issued,
                valid_until=today + dt.timedelta(days=rng.randrange(200, 1500)),
            )
        )
    chosen = rng.sample(ordinary, EXPIRING + EXPIRED + SUSPENDED)
    for n in chosen[:EXPIRING]:
        lines[n].valid_until = today + dt.timedelta(days=rng.randrange(5, 50))
    for n in chosen[EXPIRING : EXPIRING + EXPIRED]:  # ran out after 2021: recorded 过期
        lines[n].valid_until = max(today - dt.timedelta(days=rng.randrange(10, 200)), D(2022, 1, 1))
    certificates = services.issue_many(actor, Channel.CLI, lines)
    for n in chosen[EXPIRING + EXPIRED :]:
        certificate = certificates[n]
        on = max(today - dt.timedelta(days=30), certificate.issued_on)
        services.suspend(actor, Channel.CLI, certificate, on=on, reason="涉嫌违规执法，暂扣待查")
    assert Certificate.objects.count() == len(officers)


def _exams(actor, units, officers, rng) -> None:
    absent = 6
    for held_on, kind, takers in ((D(2021, 5, 22), "new", 213), (D(2021, 10, 23), "renewal", 194)):
        people = rng.sample(officers, takers + absent // 2)
        lines = [
            services.ExamLine(
                unit=o.unit,
                name=o.name,
                officer=o,
                score=None if i < absent // 2 else rng.randrange(45, 100),
            )
            for i, o in enumerate(people)
        ]
        services.record_exam(
            actor,
            Channel.CLI,
            {"unit": units["sfj"], "held_on": held_on, "venue": "弥勒", "kind": kind},
            lines,
        )


def _training(actor, units, officers, rng) -> None:
    """7月2日: 586 on the attendance list — 40 分管领导, 46 法制审核人员, 500 执法人员."""
    departments = list(OFFICERS)
    attendees = [
        services.Attendee(
            unit=units[departments[i % len(departments)]],
            name=_name(rng),
            role=AttendeeRole.LEADER,
        )
        for i in range(40)
    ]
    attendees += [
        services.Attendee(
            unit=units[departments[i % len(departments)]],
            name=_name(rng),
            role=AttendeeRole.REVIEWER,
        )
        for i in range(46)
    ]
    in_post = [o for o in officers if o.registered_on < D(2021, 7, 1)]
    attendees += [
        services.Attendee(unit=o.unit, name=o.name, role=AttendeeRole.OFFICER, officer=o)
        for o in rng.sample(in_post, 500)
    ]
    services.record_training(
        actor,
        Channel.CLI,
        {
            "unit": units["sfj"],
            "held_on": D(2021, 7, 2),
            "topic": "《中华人民共和国民法典》、行政执法“三项制度”建设、行政执法案例分析",
            "organiser": "州级专家授课",
            "hours": 8,
        },
        attendees,
    )


# A county of the prefecture demo: its enforcement departments (those the county demo has).
COUNTY_FIELDS = {
    "scjgj": EnforcementField.MARKET,
    "nyncj": EnforcementField.AGRICULTURE,
    "zrzyj": EnforcementField.NATURAL_RESOURCES,
    "zjj": EnforcementField.HOUSING,
    "wjj": EnforcementField.HEALTH,
    "cgj": EnforcementField.OTHER,
    "gaj": EnforcementField.PUBLIC_SECURITY,
}


def build_county(context: dict, year: int, rng, scale: float, progress=None) -> None:
    """A county's 执法队伍 and 执法人员 of `year`: the 市场监管 and 农业 综合执法大队, officers
    of its enforcement departments in proportion to 弥勒市's 1010 (times `scale`, at least a few
    each) with one valid card each, one exam batch and one training — all in one batch per kind,
    through the same services as the city demo, nothing dated after today."""
    units, actor = context["units"], context["users"][Role.COORDINATOR]
    county = units["government"]
    today = timezone.localdate()
    start = D(year, 1, 4)
    if start > today:
        return
    teams = {}
    for code, name in (("scjgj", "市场监管综合行政执法大队"), ("nyncj", "农业综合行政执法大队")):
        if code in units:
            teams[code] = services.register_team(
                actor,
                Channel.CLI,
                {
                    "unit": units[code],
                    "name": f"{county.short_name or county.name}{name}",
                    "established_on": start + dt.timedelta(days=rng.randrange(0, 150)),
                    "fields_covered": [COUNTY_FIELDS[code]],
                    "staff_count": rng.randint(15, 60),
                },
            )
    lines, fields = [], []
    serial = 0
    for code, field in COUNTY_FIELDS.items():
        if code not in units:
            continue
        count = max(3, round(OFFICERS.get(code, (field, 40, 0))[1] * scale))
        for _ in range(count):
            serial += 1
            birth = D(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 12000))
            lines.append(
                services.OfficerLine(
                    unit=units[code],
                    name=_name(rng),
                    id_number=make_id_number(county.code, birth, serial % 1000),
                    registered_on=min(start + dt.timedelta(days=rng.randrange(0, 300)), today),
                    post="执法队员",
                    team=teams.get(code),
                )
            )
            fields.append(field)
    officers = services.register_officers_many(actor, Channel.CLI, lines)
    cards = []
    for n, (officer, field) in enumerate(zip(officers, fields, strict=True)):
        issued = min(officer.registered_on + dt.timedelta(days=rng.randrange(0, 30)), today)
        cards.append(
            services.CertificateLine(
                officer=officer,
                number=f"{county.code}{issued:%y}{n + 1:06d}",
                field=field,
                issuer=f"{county.name}",
                issued_on=issued,
                valid_until=today + dt.timedelta(days=rng.randrange(200, 1500)),
            )
        )
    services.issue_many(actor, Channel.CLI, cards)
    held_on = min(D(year, 6, 12), today)
    takers = rng.sample(officers, max(1, len(officers) // 3))
    services.record_exam(
        actor,
        Channel.CLI,
        {"unit": units["sfj"], "held_on": held_on, "venue": county.short_name, "kind": "new"},
        [
            services.ExamLine(unit=o.unit, name=o.name, officer=o, score=rng.randrange(50, 100))
            for o in takers
        ],
    )
    services.record_training(
        actor,
        Channel.CLI,
        {
            "unit": units["sfj"],
            "held_on": min(D(year, 7, 15), today),
            "topic": "行政执法“三项制度”",
            "organiser": "州级专家授课",
            "hours": 8,
            "headcount": max(10, len(officers) // 2),
        },
    )
    if progress:
        progress(1)
