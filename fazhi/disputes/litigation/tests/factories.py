"""Lawsuits made through the service functions, for tests."""

import datetime as dt

from fazhi.core.audit import Channel
from fazhi.disputes.litigation import services
from fazhi.disputes.litigation.models import HeadRank, Instance, PlaintiffType

HEAD = {
    "head_appeared": True,
    "head_name": "何局长",
    "head_post": "局长",
    "head_rank": HeadRank.PRINCIPAL,
    "head_spoke_on_resolution": True,
}


def lawsuit(org, actor, *, defendant=None, unit=None, number="(2021)云2504行初1号", **overrides):
    defendant = defendant or org["police"]
    fields = {
        "court": "弥勒市人民法院",
        "cause": "治安管理处罚",
        "plaintiff_type": PlaintiffType.NATURAL_PERSON,
        "plaintiff_name": "张三",
        "copy_received_on": dt.date(2021, 9, 16),
        "instance": Instance.FIRST,
    }
    return services.receive(
        actor,
        Channel.WEB,
        defendant=defendant,
        unit=unit or defendant,
        number=number,
        **(fields | overrides),
    )


def heard(org, actor, *, head=True, on=dt.date(2021, 10, 20), **overrides):
    case = lawsuit(org, actor, **overrides)
    case = services.answer(actor, Channel.WEB, case, on=case.copy_received_on)
    appearance = (
        HEAD
        if head
        else {
            "head_appeared": False,
            "excuse": "duty",
            "stand_in_name": "赵法制",
            "stand_in_post": "法制大队长",
        }
    )
    return services.record_hearing(actor, Channel.WEB, case, on=on, **appearance)


def decided(org, actor, *, result="dismissed_claims", on=dt.date(2021, 11, 10), **overrides):
    case = heard(org, actor, **overrides)
    return services.decide(actor, Channel.WEB, case, on=on, result=result)


def example(org, people, key="litigation"):
    """One lawsuit decided by a judgment whose appeal period is over (so that every step has a
    state it applies to), for the kernel's walk over the transition table."""
    return decided(org, people["police_staff"], result="revoked")
