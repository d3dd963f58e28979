"""弥勒市's 政务新媒体: the accounts its units opened, one clean-up campaign in 2020, and the four
集中整治 of 2021, all made through the service functions. Their findings close 43 accounts in
2021 (reported as "40余个") and put six under 整改, which leaves 35 accounts registered in the
national system and open at 2021-12-31. Every figure comes out of these records.
"""

import datetime as dt
import random

from django.utils import timezone

from fazhi.core import duties
from fazhi.core.audit import Channel

from . import services
from .models import AccountStatus, FindingAction, Platform, Problem
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
        unregistered = i >= ACCOUNTS - OPEN_UNREGISTERED or i % 9 == 4 or i == CLOSED_2020 + 50
        accounts.append(
            _open_account(actor, rng, 2021, unit, platform, registered=not unregistered)
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
    campaign = _Campaigns(actor, rng, organ, lead, SCOPE, progress)
    campaign.run(*CAMPAIGN_2020, closing_2020)
    shares = [12, 11, 10, 10]  # 43 closures over the four campaigns of 2021
    rectify = staying[:RECTIFIED]
    start = 0
    for k, (spec, share) in enumerate(zip(CAMPAIGNS_2021, shares, strict=True)):
        campaign.run(*spec, closing_2021[start : start + share], rectify[k * 2 : k * 2 + 2])
        start += share
    # The first four rectified accounts finish their 整改 within the year; two remain.
    for account in rectify[:4]:
        _finish_rectification(actor, account)


def _open_account(actor, rng, year: int, unit, platform, *, registered: bool, name: str = ""):
    """An account `unit` opened in the five years from March of `year` - 6, 填报 in the national
    system a month after it opened (or after June of `year` - 3, when the system began) unless
    not `registered`; named after its unit and platform unless `name` is given."""
    opened = dt.date(year - 6, 3, 1) + dt.timedelta(days=rng.randrange(5 * 365))
    on = max(opened, dt.date(year - 3, 6, 1)) + dt.timedelta(30) if registered else None
    return services.register_account(
        actor,
        Channel.CLI,
        unit=unit,
        platform=platform,
        name=name or f"{unit.short_name or unit.name}{SUFFIX[platform]}",
        opened_on=opened,
        registered_on=on,
    )


class _Campaigns:
    """集中整治 of one government, led by its 主管单位: each closes some accounts and puts some
    under 整改 on days within it, and is finished on its last day."""

    def __init__(self, actor, rng, organ, lead, scope: str, progress):
        self.actor, self.rng, self.organ, self.lead = actor, rng, organ, lead
        self.scope, self.progress = scope, progress

    def run(self, name, start, end, closing, rectifying=()):
        actor, rng = self.actor, self.rng
        c = services.open_campaign(
            actor,
            Channel.CLI,
            organ=self.organ,
            unit=self.lead,
            name=name,
            start_on=start,
            scope=self.scope,
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
            self.progress(1)
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
            self.progress(1)
        services.finish_campaign(
            actor,
            Channel.CLI,
            c,
            on=end,
            summary=f"关停{len(closing)}个账号，责令整改{len(rectifying)}个账号",
        )


def _finish_rectification(actor, account) -> None:
    """整改 done twenty days after the finding that ordered it."""
    account.refresh_from_db()
    services.finish_rectification(
        actor,
        Channel.CLI,
        account,
        on=account.status_since + dt.timedelta(days=20),
        note="已落实专人运维，恢复正常更新",
    )


# --- a county of the demo prefecture (fazhi.demo.prefecture) --------------------------------------

# Names for a unit's second or third account on the same platform.
SECOND_NAMES = ["", "便民服务", "政务服务"]


def build_county(context: dict, year: int, rng, scale: float, progress=None) -> None:
    """A year of one county's 政务新媒体: 弥勒市's 2021 volumes times `scale` — the accounts its
    units opened in the years before (most 填报 in the national system, one perhaps only during
    the year), two to four 集中整治 of the year led by the county's 政府办 (given the supervisor
    duty, the 主管单位) that close 弥勒市's 43 × `scale` accounts and put some under 整改, most of
    which finish it within the year — through the city's account maker and campaigns."""
    progress = progress or (lambda n: None)
    units, actor, county = context["units"], context["users"]["coordinator"], context["county"]
    lead, organ = units["zfb"], units["government"]
    duties.assign(None, Channel.CLI, lead, SUPERVISOR)
    owners = [u for key, u in units.items() if key != "government"]
    rng.shuffle(owners)  # which units run the most accounts
    closing_count = max(1, round(CLOSED_2021 * scale))
    staying_count = max(1, round(OPEN_REGISTERED * scale))
    total = closing_count + staying_count + round(OPEN_UNREGISTERED * scale)
    accounts = []
    for i in range(total):
        unit = owners[i % len(owners)]
        platform = PLATFORMS[(i // len(owners)) % len(PLATFORMS)]
        second = SECOND_NAMES[(i // (len(owners) * len(PLATFORMS))) % len(SECOND_NAMES)]
        name = f"{unit.short_name or unit.name}{second}{SUFFIX[platform]}"
        staying = closing_count <= i < closing_count + staying_count
        registered = staying or (i < closing_count and rng.random() >= 0.12)
        late = staying and i == closing_count and rng.random() < 0.5  # 填报 during the year
        account = _open_account(
            actor, rng, year, unit, platform, registered=registered and not late, name=name
        )
        if late:
            on = dt.date(year, 3, 1) + dt.timedelta(days=rng.randrange(120))
            account = services.record_registration(actor, Channel.CLI, account, on=on)
        accounts.append(account)
        progress(1)
    closing = accounts[:closing_count]
    staying = accounts[closing_count : closing_count + staying_count]
    rectify = rng.sample(staying, min(len(staying), max(1, round(RECTIFIED * scale))))
    specs = sorted(rng.sample(CAMPAIGNS_2021, rng.randint(2, len(CAMPAIGNS_2021))), key=_start)
    cuts = sorted(rng.randint(0, len(closing)) for _ in range(len(specs) - 1))
    bounds = [0, *cuts, len(closing)]
    scope = f"{county.name}各乡镇、各部门开设的政务新媒体"
    campaign = _Campaigns(actor, rng, organ, lead, scope, progress)
    today = timezone.localdate()
    for k, (name, start, end) in enumerate(specs):
        start, end = start.replace(year=year), end.replace(year=year)
        if end > today:
            break
        campaign.run(
            name.replace("2021年", f"{year}年"),
            start,
            end,
            closing[bounds[k] : bounds[k + 1]],
            rectify[k :: len(specs)],
        )
    for account in rectify:
        account.refresh_from_db()
        done_on = account.status_since + dt.timedelta(days=20)
        if account.status == AccountStatus.RECTIFYING and done_on <= today and rng.random() < 0.7:
            _finish_rectification(actor, account)


def _start(spec) -> dt.date:
    return spec[1]
