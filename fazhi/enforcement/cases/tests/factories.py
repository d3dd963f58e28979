"""行政执法案件 made through the service functions, for tests. 弥勒市公安局 (the root conftest's
`police`) handles the cases with two officers certified for 公安 (made through the officers app's
services); 弥勒市司法局 receives the 备案 of 重大执法决定 (the duty `enforcement.filing`)."""

import datetime as dt

from django.utils import timezone

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.enforcement.cases import services
from fazhi.enforcement.cases.models import CaseKind, CriterionCategory, PartyKind
from fazhi.enforcement.cases.steps import FILING
from fazhi.enforcement.officers.tests.factories import certified_officer

W = Channel.WEB


def assign_filing(org) -> None:
    for office in (org["justice"], org["kaiyuan_justice"]):
        duties.assign(None, Channel.CLI, office, FILING)


def officers(unit, field="public_security", names=("张执法", "李执法")):
    return [certified_officer(unit, field=field, name=name) for name in names]


OPENED = dt.date(2025, 6, 3)  # the officers' certificates (issued ~700 days before today) hold


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def opened(org, actor, *, unit=None, kind=CaseKind.PENALTY, on=None, crew=None, **extra):
    unit = unit or org["police"]
    field = extra.pop("field", "public_security")
    return services.open_case(
        actor,
        W,
        officers=crew if crew is not None else officers(unit, field),
        unit=unit,
        kind=kind,
        field=field,
        title=extra.pop("title", "无证经营案"),
        party_kind=extra.pop("party_kind", PartyKind.PERSON),
        party_name=extra.pop("party_name", "张三丰"),
        party_id_number=extra.pop("party_id_number", "53252619800101001X"),
        party_phone=extra.pop("party_phone", "13987654321"),
        opened_on=on or OPENED,
        number=extra.pop("number", "弥公(治)立字〔2026〕1号"),
    )


def criterion(actor, unit, category=CriterionCategory.PUBLIC_INTEREST):
    return services.add_criterion(
        actor,
        W,
        unit=unit,
        category=category,
        description="拟作出较大数额罚款(个人5万元、单位20万元以上)的行政处罚",
        listed_on=dt.date(2025, 1, 2),
    )


def example(org, people, key="enforcement"):
    """One case 公安局 opened, for the kernel's walk over the transition table."""
    assign_filing(org)
    criterion(people["police_staff"], org["police"])
    return opened(org, people["police_staff"])
