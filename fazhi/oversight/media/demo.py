"""弥勒市's 政务新媒体: the accounts its units opened, one clean-up campaign in 2020, and the four
集中整治 of 2021, all made through the service functions. Their findings close 43 accounts in
2021 (reported as "40余个") and put six under 整改, which leaves 35 accounts registered in the
national system and open at 2021-12-31. Every figure comes out of these records.
"""

import datetime as dt
import random

from fazhi.core import duties
from fazhi.core.audit import Channel

from . import services
from .models import FindingAction, Platform, Problem
from .steps import SUPERVISOR

CLOSED_2020 = 8
CLOSED_2021 = 43
OPEN_REGISTERED = 35
OPEN_UNREGISTERED = 3
RECTIFIED = 6  # of the open registered accounts: 4 finish in 2021, 2 are still under 整改
ACCOUNTS = CLOSED_2020 + CLOSED_2021 + OPEN_REGISTERED + OPEN_UNREGISTERED
STEPS = ACCOUNTS + CLOSED_2020 + CLOSED_2021 + RECTIFIED

SUFFIX = {
    Platform.WECHAT: "发布",
    Platform.WEIBO: "微博",
    Platform.DOUYIN: "抖音号",
    Platform.TOUTIAO: "头条号",
    Platform.KUAISHOU: "快手号",
    Platform.OTHER: "在线",
}
PLATFORMS = list(SUFFIX)

CAMPAIGN_2020 = ("2020年政务新媒体清理整合", dt.date(2020, 9, 1), dt.date(2020, 9, 30))
CAMPAIGNS_2021 = [
    ("2021年第一季度政务新媒体专项检查", dt.date(2021, 3, 1), dt.date(2021, 3, 31)),
    ("政务新媒体“僵尸”“睡眠”账号集中清理", dt.date(2021, 5, 10), dt.date(2021, 6, 30)),
    ("政务新媒体信息内容安全专项整治", dt.date(2021, 8, 2), dt.date(2021, 8, 31)),
    ("2021年第四季度政务新媒体集中整治", dt.date(2021, 10, 11), dt.date(2021, 11, 30)),
]
CLOSING_PROBLEMS = [Problem.ZOMBIE, Problem.DORMANT, Problem.POORLY_RUN]
SCOPE = "全市各乡镇(街道)、市级各部门开设的政务新媒体"


def build(context: dict, progress=None) -> None:
    rng = random.Random(35)
    progress = progress or (lambda n: None)
    units, actor = context["units"], context["users"]["coordinator"]
    owners = [u for key, u in units.items() if key not in ("government", "fy")]
    accounts = []
    for i in range(ACCOUNTS):
        unit = owners[i % len(owners)]
        platform = PLATFORMS[(i // len(owners)) % len(PLATFORMS)]
        opened = dt.date(2015, 3, 1) + dt.timedelta(days=rng.randrange(5 * 365))
        unregistered = i >= ACCOUNTS - OPEN_UNREGISTERED or i % 9 == 4 or i == CLOSED_2020 + 50
        registered = None if unregistered else max(opened, dt.date(2018, 6, 1)) + dt.timedelta(30)
        accounts.append(
            services.register_account(
                actor,
                Channel.CLI,
                unit=unit,
                platform=platform,
                name=f"{unit.short_name or unit.name}{SUFFIX[platform]}",
                opened_on=opened,
                registered_on=registered,
            )
        )
        progress(1)
    closing_2020 = accounts[:CLOSED_2020]
    closing_2021 = accounts[CLOSED_2020 : CLOSED_2020 + CLOSED_2021]
    staying = accounts[CLOSED_2020 + CLOSED_2021 : CLOSED_2020 + CLOSED_2021 + OPEN_REGISTERED]
    # One account opened long ago is registered in the national system only during 2021.
    for account in staying:
        if not account.registered:
            services.record_registration(actor, Channel.CLI, account, on=dt.date(2021, 4, 12))

    lead, organ = units["zfb"], units["government"]
    duties.assign(None, Channel.CLI, lead, SUPERVISOR)  # 市政府办: 政务新媒体主管单位

    def campaign(name, start, end, closing, rectifying=()):
        c = services.open_campaign(
            actor, Channel.CLI, organ=organ, unit=lead, name=name, start_on=start, scope=SCOPE
        )
        days = (end - start).days
        for n, account in enumerate(closing):
            problem = CLOSING_PROBLEMS[n % len(CLOSING_PROBLEMS)]
            services.record_finding(
                actor,
                Channel.CLI,
                c,
                account=account,
                on=start + dt.timedelta(days=rng.randrange(days)),
                problem=problem,
                action=FindingAction.CLOSE,
            )
            progress(1)
        for account in rectifying:
            services.record_finding(
                actor,
                Channel.CLI,
                c,
                account=account,
                on=start + dt.timedelta(days=3),
                problem=Problem.POORLY_RUN if rng.random() < 0.5 else Problem.SECURITY,
                action=FindingAction.RECTIFY,
                note="更新不及时、留言未回复",
            )
            progress(1)
        services.finish_campaign(
            actor,
            Channel.CLI,
            c,
            on=end,
            summary=f"关停{len(closing)}个账号，责令整改{len(rectifying)}个账号",
        )

    campaign(*CAMPAIGN_2020, closing_2020)
    shares = [12, 11, 10, 10]  # 43 closures over the four campaigns of 2021
    rectify = staying[:RECTIFIED]
    start = 0
    for k, (spec, share) in enumerate(zip(CAMPAIGNS_2021, shares, strict=True)):
        campaign(*spec, closing_2021[start : start + share], rectifying=rectify[k * 2 : k * 2 + 2])
        start += share
    # The first four rectified accounts finish their 整改 within the year; two remain.
    for account in rectify[:4]:
        account.refresh_from_db()
        services.finish_rectification(
            actor,
            Channel.CLI,
            account,
            on=account.status_since + dt.timedelta(days=20),
            note="已落实专人运维，恢复正常更新",
        )
