"""The state changes of the 证明事项清单: 列入, 实行告知承诺 and 取消 of a proof, each run through
its transition table (steps.PROOF_STEPS)."""

import datetime as dt

from fazhi.core import audit
from fazhi.core.steps import Frame
from fazhi.core.workflow import Refusal, require_date

from .models import ProofItem, ProofStatus
from .steps import PROOF_STEPS

AUDITED = ("status", "unit", "name", "basis", "issuer", "pledge_on", "cancelled_on")


def list_proof(actor, channel: str, data: dict) -> ProofItem:
    """列入 a proof into the government's list, on its legal basis (优化营商环境条例 第四十四条)."""
    if actor is None or actor.unit_id is None:
        raise Refusal("请以证明事项清单管理单位工作人员的身份列入证明事项。")
    government, unit = actor.unit.government(), data["unit"]
    if not unit.works_for(government):
        raise Refusal(f"索要单位“{unit}”不是{government}的部门或乡镇(街道)。")
    require_date(data["listed_on"], label="列入清单日期")
    name, basis = data["name"].strip(), data["basis"].strip()
    if not name or not basis:  # no proof may be asked outside the law
        raise Refusal("应填写证明名称和设定依据(法律、法规或国务院决定)。")
    proof = ProofItem(
        government=government,
        office=actor.unit,
        unit=unit,
        name=name[:200],
        basis=basis[:2000],
        issuer=data["issuer"].strip()[:200],
        matters=(data.get("matters") or "").strip()[:2000],
        listed_on=data["listed_on"],
    )
    return PROOF_STEPS.create(actor, channel, proof, action="列入证明事项清单")


def adopt_pledge(actor, channel: str, proof, *, on: dt.date) -> ProofItem:
    """实行告知承诺: from `on`, the applicant may pledge instead of bringing the proof."""

    def change(p: ProofItem) -> None:
        require_date(on, label="实行日期", not_before=p.listed_on, before_label="列入清单日期")
        p.status, p.pledge_on = ProofStatus.PLEDGE, on

    return PROOF_STEPS.apply("adopt_pledge", actor, channel, proof, change, on=on)


def cancel(actor, channel: str, proof, *, on: dt.date, reason: str) -> ProofItem:
    """取消: the proof is no longer asked for (清理, "八个一律取消")."""

    def change(p: ProofItem) -> None:
        require_date(on, label="取消日期", not_before=p.listed_on, before_label="列入清单日期")
        if not reason.strip():
            raise Refusal("应填写取消理由。")
        p.status, p.cancelled_on, p.cancel_reason = ProofStatus.CANCELLED, on, reason.strip()[:200]

    details = {"理由": reason}
    return PROOF_STEPS.apply("cancel", actor, channel, proof, change, details=details, on=on)


FRAME = Frame(
    snapshot=lambda p: audit.snapshot(p, AUDITED),
    refresh_due=lambda p: None,
    default_on=lambda p: p.cancelled_on or p.pledge_on or p.listed_on,
)
