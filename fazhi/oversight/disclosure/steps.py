"""The transition table of a 依申请公开 request: the one source of what the request's page offers,
what the API accepts and what the service functions allow.

The agency's own staff (and the overseers of its government) handle its requests; a request is
registered only for an agency the actor acts for, or by the public on the portal for an agency of
the portal's government (政府信息公开条例 art. 29). Extending the reply period needs the consent
of the head of the agency's 政府信息公开工作机构 (art. 33 ¶2; art. 4 makes each agency designate
its own): the approver takes the step, or approves the handler's request in their own session.
"""

from fazhi.core.authority import ActsFor, Holds, Public
from fazhi.core.models import Role
from fazhi.core.steps import Step, Steps

from . import forms
from .models import DisclosureRequest, Status

S = Status
HANDLER = ActsFor("agency", reason="只有受理机关(或其所属政府统筹人员)可以办理本申请。")
HEAD = Holds(
    "can_approve_extension",
    "agency",
    reason="延长答复期限须经政府信息公开工作机构负责人同意：您没有批准权限。",
) & ActsFor(
    "agency",
    roles=(Role.COORDINATOR, Role.REVIEWER, Role.STAFF, Role.LEADER),
    reason="延长答复期限须经受理机关的政府信息公开工作机构负责人同意。",
)


def _not_yet(field: str):
    return lambda request: not getattr(request, field)


STEPS = Steps(
    DisclosureRequest,
    "fazhi.oversight.disclosure.services",
    [
        Step(
            "reply",
            "答复",
            forms.ReplyForm,
            (S.PROCESSING,),
            (S.REPLIED,),
            HANDLER,
            confirm="答复后本申请办结，只读",
        ),
        Step(
            "correction",
            "通知补正",
            forms.CorrectionForm,
            (S.PROCESSING,),
            (S.CORRECTING,),
            HANDLER,
            service="request_correction",
            when=_not_yet("correction_noticed_on"),
            when_reason="补正通知应一次性发出，本申请已通知过补正(条例第三十条)。",
        ),
        Step(
            "corrected",
            "收到补正后的申请",
            forms.OnForm,
            (S.CORRECTING,),
            (S.PROCESSING,),
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
            service="abandon_correction",
            confirm="视为申请人放弃申请，本申请办结",
        ),
        Step(
            "consult",
            "征求意见",
            forms.ConsultForm,
            (S.PROCESSING,),
            (S.CONSULTING,),
            HANDLER,
            service="start_consultation",
        ),
        Step(
            "consulted",
            "征求意见结束",
            forms.OnForm,
            (S.CONSULTING,),
            (S.PROCESSING,),
            HANDLER,
            service="end_consultation",
        ),
        Step(
            "extend",
            "延长答复期限",
            forms.ExtendForm,
            (S.PROCESSING, S.CONSULTING),
            (),
            HANDLER,
            approval=HEAD,
            when=_not_yet("extended_on"),
            when_reason="答复期限只能延长一次，且最长不超过20个工作日(条例第三十三条第二款)。",
        ),
        Step(
            "fee",
            "发出收费通知",
            forms.FeeForm,
            (S.PROCESSING,),
            (S.FEE_PENDING,),
            HANDLER,
            service="notify_fee",
            when=_not_yet("fee_noticed_on"),
            when_reason="本申请已发出过收费通知。",
        ),
        Step(
            "paid",
            "登记缴费",
            forms.OnForm,
            (S.FEE_PENDING,),
            (S.PROCESSING,),
            HANDLER,
            service="receive_fee",
        ),
        Step(
            "unpaid",
            "逾期未缴费，不再处理",
            forms.OnForm,
            (S.FEE_PENDING,),
            (S.ABANDONED,),
            HANDLER,
            service="lapse_fee",
            confirm="视为申请人放弃申请，本申请办结",
        ),
        Step(
            "challenge",
            "登记复议/诉讼",
            forms.ChallengeForm,
            (S.REPLIED, S.ABANDONED),
            (),
            HANDLER,
            service="record_challenge",
        ),
    ],
    creator=ActsFor("agency", reason="只能登记本单位(或您统筹范围内的机关)收到的政府信息公开申请。")
    | Public(),
    reach=("agency",),
)
