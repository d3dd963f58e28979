"""The transition table of a 调解 case: the one source of what the case page offers, what the API
accepts and what the service functions allow — for one case, and for a ledger of concluded cases
recorded in bulk (`Steps.create_many`, the same creator rule and reach).

A case belongs to its 调解组织's unit (a town for its committees, the court or the police for their
调解室, an agency for its 行政调解); the staff who act for that unit register and handle it.
"""

from fazhi.core.authority import ActsFor
from fazhi.core.steps import Step, Steps

from . import rules
from .models import ConfirmationResult, MediationCase, MediationKind, Status

S = Status
HANDLER = ActsFor("unit", reason="只有调解组织所属单位的工作人员可以办理。")
CREATOR = ActsFor("unit", reason="只有调解组织所属单位的工作人员可以登记调解案件。")


def _body_of(case, user) -> dict:
    return {"case": case}


def _may_apply_for_confirmation(case) -> bool:
    if case.confirmation_applied_on:
        return False
    return case.kind != MediationKind.ADMIN or rules.admin_confirmation()


STEPS = Steps(
    MediationCase,
    "fazhi.disputes.mediation.services",
    [
        Step(
            "start",
            "开始调解",
            "StartForm",
            (S.RECEIVED,),
            (S.MEDIATING,),
            HANDLER,
            form_args=_body_of,
        ),
        Step(
            "succeed",
            "调解成功(达成协议)",
            "SucceedForm",
            (S.MEDIATING,),
            (S.SUCCEEDED,),
            HANDLER,
            confirm="登记调解成功后本案办结",
        ),
        Step(
            "fail",
            "调解不成，终止调解",
            "NoteForm",
            (S.MEDIATING,),
            (S.FAILED,),
            HANDLER,
            confirm="终止调解后本案办结，应告知当事人其他解决途径",
        ),
        Step(
            "refuse",
            "当事人拒绝调解，终止",
            "NoteForm",
            (S.RECEIVED, S.MEDIATING),
            (S.REFUSED,),
            HANDLER,
            confirm="终止后本案办结",
        ),
        Step(
            "confirmation",
            "申请司法确认",
            "ConfirmationForm",
            (S.SUCCEEDED,),
            (),
            HANDLER,
            service="apply_confirmation",
            when=_may_apply_for_confirmation,
            when_reason="本案已申请司法确认，或行政调解协议按本地规定不申请司法确认"
            "(民事诉讼法第二百零一条：依法设立的调解组织)。",
        ),
        Step(
            "confirmation_result",
            "登记司法确认结果",
            "ConfirmationResultForm",
            (S.SUCCEEDED,),
            (),
            HANDLER,
            service="record_confirmation",
            when=lambda case: case.confirmation_result == ConfirmationResult.PENDING,
            when_reason="本案没有审查中的司法确认申请。",
        ),
    ],
    forms="fazhi.disputes.mediation.forms",
    creator=CREATOR,
    reach=("unit",),
)
