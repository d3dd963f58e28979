"""调解 bodies and cases made through the service functions, for tests."""

import datetime as dt

from fazhi.core.audit import Channel
from fazhi.core.authority import HANDLING_ROLES, acts_for
from fazhi.core.models import User
from fazhi.disputes.mediation import services
from fazhi.disputes.mediation.models import BodyKind, DisputeType, Origin


def body(org, key="police", kind=BodyKind.TRAFFIC_ROOM, code="", name=""):
    unit = org[key]
    made = services.create_body(
        None,
        Channel.CLI,
        code=code or f"{unit.code}-{kind}",
        name=name or f"{unit.name}{BodyKind(kind).label}",
        kind=kind,
        unit=unit,
    )
    services.add_mediator(None, Channel.CLI, body=made, name="杨调解")
    return made


def intake(**overrides) -> services.Intake:
    fields = {
        "dispute_type": DisputeType.TRAFFIC,
        "parties": "张三、李四",
        "origin": Origin.APPLICATION,
        "received_on": dt.date(2021, 9, 3),
        "party_phone": "13812345678",
    }
    return services.Intake(**(fields | overrides))


def handler(of_body) -> User:
    """The first of the tests' personas (the `people` fixture) who acts for the body's unit."""
    users = User.objects.filter(role__in=HANDLING_ROLES).select_related("unit").order_by("pk")
    found = next((user for user in users if acts_for(user, of_body.unit)), None)
    if found is None:
        raise LookupError(f"没有可办理{of_body}案件的测试人员(请使用 people 夹具)。")
    return found


def received(of_body, actor=None, channel=Channel.WEB, **overrides):
    actor = actor or handler(of_body)
    return services.receive(actor, channel, body=of_body, intake=intake(**overrides))


def mediating(of_body, actor=None, on=None, **overrides):
    actor = actor or handler(of_body)
    case = received(of_body, actor, **overrides)
    return services.start(
        actor, Channel.WEB, case, on=on or case.received_on, mediator=of_body.mediators.first()
    )


def succeeded(of_body, actor=None, on=None, form="written", **overrides):
    actor = actor or handler(of_body)
    case = mediating(of_body, actor, **overrides)
    return services.succeed(
        actor, Channel.WEB, case, on=on or case.received_on, form=form, summary="赔偿医疗费"
    )


def example(org, people, key="mediation"):
    """One case concluded with an agreement, for the kernel's walk over the transition table."""
    return succeeded(body(org), people["police_staff"])


# One valid row of the 调解 ledger import (a court-confirmed agreement of the police room).
GOOD_ROW = {
    "调解组织代码": "532504-gaj-traffic_room",
    "纠纷类型": "道路交通事故",
    "当事人": "张三、李四",
    "调解来源": "当事人申请",
    "受理日期": "2021-03-01",
    "调解员": "杨调解",
    "调解结果": "调解成功",
    "结案日期": "2021-03-05",
    "协议形式": "书面协议",
    "协议内容摘要": "按责任比例赔偿",
    "申请司法确认日期": "2021-03-10",
    "受理法院": "弥勒市人民法院",
    "司法确认结果": "裁定调解协议有效",
    "司法确认裁定日期": "2021-03-15",
}
