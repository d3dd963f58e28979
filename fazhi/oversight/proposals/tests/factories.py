"""建议提案 made through the service functions, for tests.

The registering office is 弥勒市司法局 (it holds the duty `proposals.office` in these tests), whose
`reviewer` registers and 交办; the 主办 unit's staff (`police_staff` for 公安局) handle and answer;
the office's `coordinator`, who may approve extensions, approves them.
"""

import datetime as dt

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.oversight.proposals import services
from fazhi.oversight.proposals.models import Source
from fazhi.oversight.proposals.steps import OFFICE

_numbers = iter(range(1, 10**6))


def assign_office(org) -> None:
    duties.assign(None, Channel.CLI, org["justice"], OFFICE)


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


def answered(org, people, *, on=dt.date(2021, 4, 1), category="A", **extra):
    """交办 to 公安局 by the office and answered by 公安局's staff."""
    p = assigned(org, people["reviewer"], **extra)
    return services.answer(people["police_staff"], Channel.WEB, p, on=on, category=category)


def example(org, people, key="proposals"):
    """One proposal 交办 to 公安局, for the kernel's walk over the transition table."""
    assign_office(org)
    return assigned(org, people["reviewer"])
