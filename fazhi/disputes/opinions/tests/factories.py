"""意见书 made through the service functions, for tests."""

import datetime as dt

from fazhi.core.audit import Channel
from fazhi.disputes.opinions import services


def drafted(org, actor, *, addressee=None, drafted_on=dt.date(2024, 5, 6), **extra):
    data = {
        "addressee": addressee or org["police"],
        "case": None,
        "act": "对同类违法行为处罚幅度不一",
        "opinion": "统一裁量基准，规范处罚幅度。",
        "drafted_on": drafted_on,
    } | extra
    return services.draft(actor, Channel.WEB, data)


def served(org, actor, *, served_on=dt.date(2024, 5, 10), **extra):
    opinion = drafted(org, actor, **extra)
    opinion = services.issue(actor, Channel.WEB, opinion, on=opinion.drafted_on)
    return services.served(actor, Channel.WEB, opinion, served_on=served_on, way="post")


def example(org, people, key="opinions"):
    return drafted(org, people["reviewer"])
