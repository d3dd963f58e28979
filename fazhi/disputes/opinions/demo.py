"""弥勒市's 行政复议意见书 of 2021 (实施条例 art. 57, the 2017 law's 意见书; 2023 art. 76 keeps
it): two sent while handling 2021 cases, one answered within its 60 日, one still awaited at the
year's end — made through the service functions."""

import datetime as dt

from fazhi.core.audit import Channel

from . import services

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
        data = {"addressee": units[addressee], "case": None, "act": act, "opinion": opinion}
        made = services.draft(staff, Channel.CLI, data | {"drafted_on": drafted})
        made = services.issue(staff, Channel.CLI, made, on=drafted)
        made = services.served(staff, Channel.CLI, made, served_on=served_on, way="post")
        if reported_on:
            report = "已按意见整改并报送纠正情况。"
            services.report(staff, Channel.CLI, made, on=reported_on, report=report)
        if progress:
            progress(1)
