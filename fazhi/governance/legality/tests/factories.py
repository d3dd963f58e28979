"""合法性审核 made through the service functions, for tests. 弥勒市司法局 is the government's
合法性审核机构 (it holds the duty `legality.office` here); 公安局's staff send drafts."""

import datetime as dt

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.governance.legality import services
from fazhi.governance.legality.models import ReviewKind
from fazhi.governance.legality.steps import OFFICE


def assign_office(org) -> None:
    for office in (org["justice"], org["kaiyuan_justice"]):
        duties.assign(None, Channel.CLI, office, OFFICE)


def requested(
    org, actor, *, unit=None, kind=ReviewKind.OTHER, submitted_on=dt.date(2024, 5, 6), **extra
):
    return services.request_review(
        actor,
        kind=kind,
        title=extra.pop("title", "关于加强城区停车管理的通告(送审稿)"),
        unit=unit or org["police"],
        submitted_on=submitted_on,
        **extra,
    )


def example(org, people, key="legality"):
    """One draft 公安局 sent, for the kernel's walk over the transition table."""
    assign_office(org)
    return requested(org, people["police_staff"], kind=ReviewKind.CONTRACT)
