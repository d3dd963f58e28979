"""建议提案 made through the service functions, for tests."""

import datetime as dt

from fazhi.core.audit import Channel
from fazhi.oversight.proposals import services
from fazhi.oversight.proposals.models import Source

_numbers = iter(range(1, 10**6))


def received(
    org, actor, *, source=Source.NPC, received_on=dt.date(2021, 1, 19), number=None, **extra
):
    fields = {
        "government": org["mile"],
        "office": org["justice"],
        "source": source,
        "year": received_on.year,
        "number": number or str(next(_numbers)),
        "title": "关于加快农村公路提质改造的建议",
        "proposers": "李明、王芳",
        "received_on": received_on,
    }
    return services.receive(actor, Channel.WEB, **(fields | extra))


def assigned(org, actor, *, on=dt.date(2021, 3, 2), unit=None, co_units=(), **extra):
    p = received(org, actor, **extra)
    return services.assign(
        actor, Channel.WEB, p, on=on, unit=unit or org["police"], co_units=co_units
    )
