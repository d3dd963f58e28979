"""The state changes of 告知承诺办件: 承诺受理 of a service (one from its page, or a year's from the
service platform's export in one insert per chunk) and its 核查 — 属实, or 承诺不实 with the
measure taken — each run through the transition table (steps.PLEDGE_STEPS)."""

import datetime as dt
from dataclasses import dataclass

from fazhi.core import audit
from fazhi.core.models import OrgUnit
from fazhi.core.steps import Frame
from fazhi.core.workflow import Refusal, RowRefusal, require_date

from .models import (
    ApplicantKind,
    FalseMeasure,
    Pledge,
    PledgeStatus,
    ProofItem,
    ProofStatus,
    VerifyWay,
)
from .steps import PLEDGE_STEPS

AUDITED = ("status", "proof", "matter", "received_on", "verified_on", "false_measure")


@dataclass(frozen=True)
class PledgeLine:
    """One service handled on a pledge: on its page, or one row of an import."""

    unit: OrgUnit
    proof: ProofItem
    received_on: dt.date
    matter: str
    applicant_kind: str
    applicant_name: str


def accept(actor, channel: str, data: dict) -> Pledge:
    """承诺受理 one service: the applicant pledged in writing instead of bringing the proof."""
    line = PledgeLine(**{name: data[name] for name in PledgeLine.__dataclass_fields__})
    try:
        [pledge] = accept_many(actor, channel, [line])
    except RowRefusal as exc:
        raise Refusal(exc.messages) from exc
    return pledge


def accept_many(actor, channel: str, lines: list[PledgeLine]) -> list[Pledge]:
    """承诺受理 many services (a year's from the service platform), each checked as one would be;
    the first refused raises `RowRefusal` with its index; one insert, one audit append."""
    pledges = []
    for index, line in enumerate(lines):
        try:
            pledges.append(_pledge(line))
        except Refusal as exc:
            raise RowRefusal(index, "；".join(exc.messages)) from exc
    return PLEDGE_STEPS.create_many(actor, channel, pledges, action="告知承诺受理")


def _pledge(line: PledgeLine) -> Pledge:
    proof, on = line.proof, line.received_on
    require_date(on, label="承诺受理日期")
    if proof.status != ProofStatus.PLEDGE or proof.pledge_on is None or proof.pledge_on > on:
        raise Refusal(f"证明事项“{proof}”在{on:%Y-%m-%d}未实行告知承诺，应由申请人提交证明。")
    if not line.unit.works_for(proof.government):
        raise Refusal(f"受理单位“{line.unit}”不是证明事项“{proof}”所在政府的部门或乡镇(街道)。")
    if line.applicant_kind not in ApplicantKind.values:
        raise Refusal(f"申请人类型“{line.applicant_kind}”无效。")
    matter, name = line.matter.strip(), line.applicant_name.strip()
    if not matter or not name:
        raise Refusal("应填写办理事项和申请人。")
    return Pledge(
        government=proof.government,
        unit=line.unit,
        proof=proof,
        received_on=on,
        matter=matter[:200],
        applicant_kind=line.applicant_kind,
        applicant_name=name[:100],
    )


def verify(actor, channel: str, pledge, *, on: dt.date, way: str, note: str = "") -> Pledge:
    """核查属实: the pledge checked by the means the unit chose."""

    def change(p: Pledge) -> None:
        _checked(p, on, way, note)
        p.status = PledgeStatus.VERIFIED

    return PLEDGE_STEPS.apply("verify", actor, channel, pledge, change, on=on)


def find_false(
    actor, channel: str, pledge, *, on: dt.date, way: str, measure: str, note: str
) -> Pledge:
    """认定承诺不实, with the measure taken (终止办理, 责令限期整改, 撤销行政决定 or 行政处罚)."""

    def change(p: Pledge) -> None:
        _checked(p, on, way, note)
        if measure not in FalseMeasure.values:
            raise Refusal("应选择对承诺不实的处理措施。")
        if not note.strip():
            raise Refusal("应写明核查发现的不实情况。")
        p.status, p.false_measure = PledgeStatus.FALSE, measure

    details = {"处理措施": FalseMeasure(measure).label if measure in FalseMeasure.values else ""}
    return PLEDGE_STEPS.apply("find_false", actor, channel, pledge, change, details=details, on=on)


def _checked(p: Pledge, on: dt.date, way: str, note: str) -> None:
    require_date(on, label="核查日期", not_before=p.received_on, before_label="承诺受理日期")
    if way not in VerifyWay.values:
        raise Refusal("应选择核查方式。")
    p.verified_on, p.verify_way, p.note = on, way, note.strip()[:500]


FRAME = Frame(
    snapshot=lambda p: audit.snapshot(p, AUDITED),
    refresh_due=lambda p: None,
    default_on=lambda p: p.verified_on or p.received_on,
)
