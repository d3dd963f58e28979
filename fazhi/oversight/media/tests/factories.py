"""政务新媒体 accounts and campaigns made through the service functions, for tests."""

import datetime as dt

from fazhi.core.audit import Channel
from fazhi.oversight.media import services


def account(org, actor, *, name="弥勒公安发布", unit=None, registered_on=dt.date(2019, 3, 1), **kw):
    fields = {"platform": "wechat", "opened_on": dt.date(2019, 1, 10)} | kw
    return services.register_account(
        actor,
        Channel.WEB,
        unit=unit or org["police"],
        name=name,
        registered_on=registered_on,
        **fields,
    )


def campaign(org, actor, *, name="2021年集中整治", start_on=dt.date(2021, 5, 10)):
    return services.open_campaign(
        actor,
        Channel.WEB,
        organ=org["mile"],
        unit=org["justice"],
        name=name,
        start_on=start_on,
        scope="全市政务新媒体",
    )


def example(org, people, key):
    """For the kernel's walk over the transition tables: an account of 公安局, or a campaign
    led by 司法局 with one open account of 弥勒市 to record a finding on."""
    acc = account(org, people["coordinator"], name=f"弥勒公安发布({key})")
    if key == "media":
        return acc
    return campaign(org, people["coordinator"])
