"""弥勒市's 行政复议意见书 of 2021 (实施条例 art. 57, the 2017 law's 意见书; 2023 art. 76 keeps
it): two sent while handling 2021 cases, one answered within its 60 日, one still awaited at the
year's end — made through the service functions."""

import datetime as dt

from django.utils import timezone

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.core.calendar import get_calendar

from . import services
from .steps import OFFICE

OPINIONS = [
    # addressee, act, opinion, drafted, served, reported (None: awaited)
    (
        "gaj",
        "对同类治安违法行为罚款幅度不一",
        "统一治安管理处罚裁量基准，对同类违法行为适用相同幅度。",
        dt.date(2021, 6, 7),
        dt.date(2021, 6, 10),
        dt.date(2021, 7, 26),
    ),
    (
        "zrzyj",
        "土地违法案件送达程序不规范",
        "规范行政处罚决定书的送达，完善送达回证。",
        dt.date(2021, 11, 15),
        dt.date(2021, 11, 18),
        None,
    ),
]
STEPS = len(OPINIONS)


def build(context: dict, progress=None) -> None:
    units, staff = context["units"], context["users"]["reviewer"]
    for addressee, act, opinion, drafted, served_on, reported_on in OPINIONS:
        _make(staff, units[addressee], act, opinion, drafted, served_on, reported_on)
        if progress:
            progress(1)


def _make(staff, addressee, act, opinion, drafted, served_on, reported_on=None):
    """Drafted and issued the same day, served by post, and the correction reported when
    `reported_on` is given (else awaited)."""
    data = {"addressee": addressee, "case": None, "act": act, "opinion": opinion}
    made = services.draft(staff, Channel.CLI, data | {"drafted_on": drafted})
    made = services.issue(staff, Channel.CLI, made, on=drafted)
    made = services.served(staff, Channel.CLI, made, served_on=served_on, way="post")
    if reported_on:
        report = "已按意见整改并报送纠正情况。"
        made = services.report(staff, Channel.CLI, made, on=reported_on, report=report)
    return made


# --- a county of the demo prefecture (fazhi.demo.prefecture) --------------------------------------

# addressee (the county unit's suffix in fazhi.demo.prefecture, or "town"), act, opinion
COUNTY_OPINIONS = [
    OPINIONS[0][:3],
    OPINIONS[1][:3],
    (
        "scjgj",
        "行政处罚未告知陈述申辩权利",
        "严格履行行政处罚事先告知程序，保障当事人陈述、申辩权利。",
    ),
    ("cgj", "强制拆除前未依法催告", "实施行政强制前依法书面催告，听取当事人意见。"),
    ("rsj", "工伤认定调查取证不充分", "完善工伤认定调查程序，全面收集核实证据。"),
    (
        "town",
        "土地权属争议处理超过法定期限",
        "建立土地权属争议案件台账，在法定期限内作出处理决定。",
    ),
]


def build_county(context: dict, year: int, rng, scale: float, progress=None) -> None:
    """A year of one county's 行政复议意见书: 弥勒市's two of 2021 times `scale` (at least one),
    drafted by the county's 司法局 (its 行政复议机构, given the duty as 行政复议's demo does) to
    the departments and towns whose acts its cases found wrong, served a few days later; most
    addressees report their correction within the 60 日, the rest are awaited — nothing dated
    after today, through the city's maker."""
    units, staff = context["units"], context["users"]["reviewer"]
    duties.assign(None, Channel.CLI, units["sfj"], OFFICE)
    cal, today = get_calendar(), timezone.localdate()
    count = max(1, round(len(OPINIONS) * scale))
    for spec in rng.sample(COUNTY_OPINIONS, min(count, len(COUNTY_OPINIONS))):
        key, act, opinion = spec
        addressee = units[rng.choice(context["towns"]) if key == "town" else key]
        drafted = cal.next_workday(dt.date(year, 3, 1) + dt.timedelta(days=rng.randrange(260)))
        served_on = cal.add_workdays(drafted, rng.randint(1, 4))
        reported_on = served_on + dt.timedelta(days=rng.randint(20, 58))
        if rng.random() < 0.25 or reported_on > today:
            reported_on = None
        if served_on <= today:
            _make(staff, addressee, act, opinion, drafted, served_on, reported_on)
        if progress:
            progress(1)
