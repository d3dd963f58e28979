"""Review: 延长办案期限 is approved by the 负责人 of the agency handling the case ("经本行政机关
负责人批准", 市场监督管理行政处罚程序规定第六十四条; 农业 art. 58, 交通 art. 78 alike). The table's
rule was Holds("can_approve_extension") within the case's government: the head of 自然资源局 (or
the 司法局's coordinator) holding the flag for their own unit could extend a 公安局 case —
directly, or from /approvals/, which listed the 公安局's request to them although they cannot
see the case."""

import datetime as dt

import pytest

from fazhi.core import approvals, procedures
from fazhi.core.audit import Channel
from fazhi.core.models import Role
from fazhi.core.services import create_user
from fazhi.core.workflow import Refusal
from fazhi.enforcement.cases import services
from fazhi.enforcement.cases.steps import STEPS

from .factories import officers, opened

D = dt.date
W = Channel.WEB


def _head(org, key, username):
    return create_user(
        None,
        Channel.CLI,
        username=username,
        password="pass-Fazhi-2021",
        unit=org[key],
        role=Role.REVIEWER,
        full_name=f"{username}负责人",
        can_approve_extension=True,
    )


@pytest.fixture
def market_case(org, people):
    crew = officers(org["police"], "market", ("市一", "市二"))
    return opened(org, people["police_staff"], field="market", crew=crew)


def test_the_head_of_another_department_cannot_extend_the_case(org, people, market_case):
    land_head = _head(org, "land", "landhead")
    assert STEPS.refusal(STEPS["extend"], land_head, market_case) is not None
    with pytest.raises(Refusal):
        services.extend(land_head, W, market_case, on=D(2025, 8, 20), reason="需鉴定")
    with pytest.raises(Refusal):
        services.extend(people["coordinator"], W, market_case, on=D(2025, 8, 20), reason="需鉴定")


def test_another_departments_head_is_not_offered_the_request_on_approvals(org, people, market_case):
    land_head = _head(org, "land", "landhead")
    procedure = procedures.get("enforcement")
    approvals.ask(
        procedure,
        STEPS["extend"],
        people["police_staff"],
        W,
        market_case,
        {"extend-on": "2025-08-20", "extend-reason": "需鉴定"},
        "延长办案期限",
    )
    registry = {p.key: p for p in procedures.all_procedures()}
    assert approvals.decidable_by(land_head, registry) == []


def test_the_agencys_own_head_extends_it(org, people, market_case):
    police_head = _head(org, "police", "policehead")
    case = services.extend(police_head, W, market_case, on=D(2025, 8, 20), reason="需鉴定")
    assert case.decide_due_on == D(2025, 10, 9)
