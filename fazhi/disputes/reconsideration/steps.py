"""The transition table of a 行政复议 case: the one source of what the case page offers, what the
API accepts and what the service functions allow.

Only the 行政复议机构 of the government (2023 art. 4 ¶2; 2017 art. 3) registers and handles cases;
the respondent's staff see the cases against their unit but take no step. Extending the period
and leaving the 简易程序 are approved by someone with that authority, in their own session.
"""

from fazhi.core.authority import ActsFor, HasDuty, Holds, MayOverride, System
from fazhi.core.models import Role
from fazhi.core.steps import Step, Steps

from . import forms
from .models import Procedure, ReconsiderationCase, Status

OFFICE = "reconsideration.office"  # 行政复议机构

S = Status
HANDLER = ActsFor("unit", reason="只有承办本案的行政复议机构的工作人员可以办理。")
APPROVER = Holds(
    "can_approve_extension",
    "organ",
    reason="须经行政复议机关(机构)负责人批准：您没有批准权限。",
)


def _simplified(case) -> bool:
    return case.procedure == Procedure.SIMPLIFIED


def _closing_instrument(case) -> str:
    """终止 is its own decision (2023 art. 41; 实施条例 art. 42); every other outcome is decided."""
    return "termination_decision" if case.status == Status.TERMINATED else "decision"


def _law_of_case(case, user) -> dict:
    return {"law": case.law}


STEPS = Steps(
    ReconsiderationCase,
    "fazhi.disputes.reconsideration.services",
    [
        Step(
            "correction",
            "通知补正",
            forms.CorrectionForm,
            (S.RECEIVED,),
            (S.CORRECTING,),
            HANDLER,
            service="request_correction",
            instrument="correction_notice",
        ),
        Step(
            "accept",
            "受理",
            forms.AcceptForm,
            (S.RECEIVED,),
            (S.ACCEPTED,),
            HANDLER,
            form_args=_law_of_case,
            instrument="acceptance_notice",
        ),
        Step(
            "reject",
            "不予受理",
            forms.RejectForm,
            (S.RECEIVED,),
            (S.REJECTED,),
            HANDLER,
            confirm="作出不予受理决定后本案办结",
            instrument="rejection_decision",
        ),
        Step(
            "refer",
            "告知向有权机关申请",
            forms.ReferForm,
            (S.RECEIVED,),
            (S.REFERRED,),
            HANDLER,
            confirm="告知后本案办结",
        ),
        Step(
            "correction_received",
            "收到补正材料",
            forms.OnForm,
            (S.CORRECTING,),
            (S.RECEIVED,),
            HANDLER,
            service="receive_correction",
        ),
        Step(
            "abandon",
            "逾期未补正，视为放弃",
            forms.OnForm,
            (S.CORRECTING,),
            (S.ABANDONED,),
            HANDLER,
            confirm="视为申请人放弃行政复议申请，本案办结",
        ),
        Step(
            "hearing",
            "听证审理",
            forms.OnForm,
            (S.ACCEPTED,),
            (),
            HANDLER,
            service="hold_hearing",
            instrument="hearing_notice",
        ),
        Step(
            "suspend",
            "中止审理",
            forms.SuspendForm,
            (S.ACCEPTED,),
            (S.SUSPENDED,),
            HANDLER,
            instrument="suspension_notice",
        ),
        Step(
            "resume",
            "恢复审理",
            forms.OnForm,
            (S.SUSPENDED,),
            (S.ACCEPTED,),
            HANDLER,
            instrument="resumption_notice",
        ),
        Step(
            "extend",
            "延长审理期限",
            forms.ExtendForm,
            (S.ACCEPTED,),
            (),
            HANDLER,
            approval=APPROVER,
            when=lambda case: not _simplified(case),
            when_reason="简易程序案件不得延长审理期限；情况复杂的，应先转为普通程序。",
            instrument="extension_notice",
        ),
        Step(
            "to_ordinary",
            "简易程序转普通程序",
            forms.OnForm,
            (S.ACCEPTED, S.SUSPENDED),
            (),
            HANDLER,
            approval=APPROVER,
            service="switch_to_ordinary",
            when=_simplified,
            when_reason="本案已适用普通程序。",
        ),
        Step(
            "decide",
            "作出决定/结案",
            forms.DecideForm,
            (S.ACCEPTED, S.SUSPENDED),
            (S.DECIDED, S.TERMINATED),
            HANDLER,
            confirm="结案后本案只读",
            form_args=_law_of_case,
            instrument=_closing_instrument,
        ),
        Step(
            "correct",
            "更正结案信息",
            forms.CorrectForm,
            (S.DECIDED,),
            (S.DECIDED,),
            MayOverride() & HANDLER,
            service="correct_closing",
            form_args=_law_of_case,
        ),
        Step(
            "deem_accepted",
            "视为受理",
            forms.NoFields,
            (S.RECEIVED,),
            (S.ACCEPTED,),
            # The scheduled job does it; a coordinator may do it by hand (the admin action).
            System() | ActsFor("unit", roles=(Role.COORDINATOR,)),
            confirm="受理审查期限已届满，未作出不予受理决定",
        ),
    ],
    creator=HasDuty(OFFICE, reason="只有本级政府的行政复议机构可以登记行政复议申请。") & HANDLER,
    reach=("unit", "respondent"),
)
