"""Letters made through the service functions, for tests."""

import datetime as dt

from fazhi.core.audit import Channel
from fazhi.oversight.letters import services


def received(org, actor, *, reference="HH2021-1", received_on=dt.date(2021, 3, 1), **extra):
    fields = {
        "reference": reference,
        "received_on": received_on,
        "writer_name": "张三丰",
        "writer_phone": "13812345678",
        "subject": "关于路灯维修的建议",
        "category": "suggestion",
    } | extra
    return services.receive(
        actor,
        Channel.WEB,
        organ=org["mile"],
        registrar=org["justice"],
        letter=services.Incoming(**fields),
    )


def assigned(org, actor, unit=None, **kwargs):
    letter = received(org, actor, **kwargs)
    return services.assign(
        actor, Channel.WEB, letter, unit=unit or org["police"], on=letter.received_on
    )


def closed(org, actor, close_on=None, **kwargs):
    letter = assigned(org, actor, **kwargs)
    on = close_on or letter.assigned_on + dt.timedelta(days=3)
    letter = services.reply(actor, Channel.WEB, letter, on=on, summary="已答复")
    return services.close(actor, Channel.WEB, letter, on=on)


def example(org, people, key="letters"):
    """One letter received by 司法局 and passed to 公安局, for the kernel's walk over the
    transition table (which puts it into every status in turn)."""
    return assigned(org, people["coordinator"])
