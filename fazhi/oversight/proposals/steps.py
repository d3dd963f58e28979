"""The transition table of a 建议提案: the one source of what a proposal's page offers, what the API
accepts and what the service functions allow.

The government's 建议提案交办机构 (a unit duty, usually the 政府办督查室) registers, 交办 — one
proposal or many at once from the list — merges proposals handled together (并案) and records the
代表's or 委员's rating of an answer: the proposer's side is represented by the office that
assigned the proposal, never by the unit that answered it. The 主办 unit handles and answers.
An extension to six months (代表法(2015) art. 42) needs the 交办机关's consent (北京 art. 21,
浙江 art. 21, 山东 art. 19, 青岛 art. 25): the 主办 unit asks, and someone of the office with the
authority to approve extensions decides in their own session.
"""

from fazhi.core.authority import ActsFor, HasDuty, Holds
from fazhi.core.form_args import government_args
from fazhi.core.steps import Step, Steps

from .models import Proposal, Status
from .rules import ARTICLE

OFFICE = "proposals.office"  # 建议提案交办机构

S = Status
OFFICE_STAFF = HasDuty(
    OFFICE, reason="只有本级政府的建议提案交办机构(如政府办督查室)可以办理此环节。"
) & ActsFor("office", reason="只有登记交办本件的单位的工作人员可以办理此环节。")
HANDLER = ActsFor("unit", reason="只有本件主办单位的工作人员可以办理。")
APPROVER = (
    Holds("can_approve_extension", "office", reason="延期答复须经交办机关同意：您没有批准权限。")
    & OFFICE_STAFF
)
UNANSWERED = (S.RECEIVED, S.ASSIGNED, S.HANDLING)  # may still join a merged group


def _mergeable(proposal, user) -> dict:
    return {"proposal": proposal, "user": user}


def _answered_alone(proposal) -> bool:
    """A merged member is answered with its main proposal, except in its own 重新办理 round."""
    return not proposal.merged_into_id or proposal.status == S.REHANDLING


STEPS = Steps(
    Proposal,
    "fazhi.oversight.proposals.services",
    [
        Step(
            "assign",
            "交办",
            "AssignForm",
            (S.RECEIVED,),
            (S.ASSIGNED,),
            OFFICE_STAFF,
            bulk=True,
            form_args=government_args,
        ),
        Step(
            "start",
            "开始办理",
            "OnForm",
            (S.ASSIGNED,),
            (S.HANDLING,),
            HANDLER,
            service="start_handling",
        ),
        Step(
            "extend",
            "延期答复",
            "ExtendForm",
            (S.ASSIGNED, S.HANDLING),
            (),
            HANDLER,
            approval=APPROVER,
            when=lambda p: not p.extended,
            when_reason=f"已延期至交办之日起六个月，不能再次延期({ARTICLE})。",
        ),
        Step(
            "merge",
            "并案办理",
            "MergeForm",
            (S.ASSIGNED, S.HANDLING),
            (),
            OFFICE_STAFF,
            when=lambda p: not p.merged_into_id,
            when_reason="该件已并入其他建议提案，不能作为并案主件。",
            form_args=_mergeable,
        ),
        Step(
            "answer",
            "答复",
            "AnswerForm",
            tuple(S.awaiting_answer()),
            (S.ANSWERED,),
            HANDLER,
            when=_answered_alone,
            when_reason="本件已并入主件办理，随主件一并答复。",
        ),
        Step(
            "rate",
            "登记满意度",
            "RateForm",
            (S.ANSWERED,),
            (S.REHANDLING, S.CLOSED),
            OFFICE_STAFF,
        ),
    ],
    forms="fazhi.oversight.proposals.forms",
    creator=HasDuty(
        OFFICE, reason="只有本级政府的建议提案交办机构(如政府办督查室)可以登记建议提案。"
    )
    & ActsFor("office"),
    # The first is the unit an approval request is filed under (承办单位): the 主办 unit, which
    # asks for the extension (the only step that needs approval, taken after 交办).
    reach=("unit", "office", "government"),
)
