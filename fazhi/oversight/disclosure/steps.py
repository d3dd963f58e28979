"""The transition table of a 依申请公开 request: the one source of what the request's page offers,
what the API accepts and what the service functions allow.

The agency's own staff (and the overseers of its government) handle its requests; a request is
registered only for an agency the actor acts for, or by the public on the portal for an agency of
the portal's government (政府信息公开条例 art. 29). Extending the reply period needs the consent
of the head of the agency's 政府信息公开工作机构 (art. 33 ¶2; art. 4 makes each agency designate
its own): the approver takes the step, or approves the handler's request in their own session.

Where a period runs from the receipt of a notice, its 送达 is a step of its own ("…已送达"): the
third party's (or co-making agency's) 15 工作日 from the 征求意见书 (arts. 32, 34), the
applicant's 20 工作日 to pay from the 收费通知 (109号).
"""

from fazhi.core.authority import ActsFor, Holds, Public
from fazhi.core.models import Role
from fazhi.core.steps import Step, Steps

from .instruments import reply_kind
from .models import DisclosureRequest, PauseKind, Status

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


def _letter_unserved(request) -> bool:
    """An open consultation whose letter's 送达 is not yet recorded."""
    return request.pauses.filter(
        kind__in=(PauseKind.THIRD_PARTY, PauseKind.OTHER_AGENCY),
        end__isnull=True,
        letter_served_on__isnull=True,
    ).exists()


STEPS = Steps(
    DisclosureRequest,
    "fazhi.oversight.disclosure.services",
    [
        Step(
            "reply",
            "答复",
            "ReplyForm",
            (S.PROCESSING,),
            (S.REPLIED,),
            HANDLER,
            confirm="答复后本申请办结，只读",
            instrument=reply_kind,
        ),
        Step(
            "correction",
            "通知补正",
            "CorrectionForm",
            (S.PROCESSING,),
            (S.CORRECTING,),
            HANDLER,
            service="request_correction",
            when=_not_yet("correction_noticed_on"),
            when_reason="补正通知应一次性发出，本申请已通知过补正(条例第三十条)。",
            instrument="correction_notice",
        ),
        Step(
            "corrected",
            "收到补正后的申请",
            "OnForm",
            (S.CORRECTING,),
            (S.PROCESSING,),
            HANDLER,
            service="receive_correction",
        ),
        Step(
            "abandon",
            "逾期未补正，视为放弃",
            "OnForm",
            (S.CORRECTING,),
            (S.ABANDONED,),
            HANDLER,
            service="abandon_correction",
            confirm="视为申请人放弃申请，本申请办结",
        ),
        Step(
            "consult",
            "征求意见",
            "ConsultForm",
            (S.PROCESSING,),
            (S.CONSULTING,),
            HANDLER,
            service="start_consultation",
            instrument="consultation_letter",
        ),
        Step(
            "consult_served",
            "征求意见书已送达",
            "ConsultServedForm",
            (S.CONSULTING,),
            (),
            HANDLER,
            service="serve_consultation",
            when=_letter_unserved,
            when_reason="征求意见书的送达已登记(对方答复期限自收到之日起计算，条例第三十二条、第三十四条)。",
            serves="consultation_letter",
        ),
        Step(
            "consulted",
            "征求意见结束",
            "OnForm",
            (S.CONSULTING,),
            (S.PROCESSING,),
            HANDLER,
            service="end_consultation",
        ),
        Step(
            "extend",
            "延长答复期限",
            "ExtendForm",
            (S.PROCESSING, S.CONSULTING),
            (),
            HANDLER,
            approval=HEAD,
            when=lambda r: not r.extended_on and not r.delayed_reply_due_on,
            when_reason="答复期限只能延长一次，且最长不超过20个工作日(条例第三十三条第二款)；"
            "已依第三十五条确定延迟答复期限的，不再延长。",
            instrument="extension_notice",
        ),
        Step(
            "reasons",
            "要求申请人说明理由",
            "ReasonsForm",
            (S.PROCESSING,),
            (),
            HANDLER,
            service="ask_reasons",
            when=_not_yet("reasons_asked_on"),
            when_reason="本申请已要求申请人说明理由(条例第三十五条)。",
            instrument="reasons_notice",
        ),
        Step(
            "delay",
            "确定延迟答复期限",
            "DelayForm",
            (S.PROCESSING,),
            (),
            HANDLER,
            service="delay_reply",
            when=lambda r: bool(r.reasons_asked_on) and not r.delayed_reply_due_on,
            when_reason="延迟答复期限只能在要求申请人说明理由、认为理由合理后确定一次(条例第三十五条)。",
            instrument="delay_notice",
        ),
        Step(
            "fee",
            "发出收费通知",
            "FeeForm",
            (S.PROCESSING,),
            (S.FEE_PENDING,),
            HANDLER,
            service="notify_fee",
            when=_not_yet("fee_noticed_on"),
            when_reason="本申请已发出过收费通知。",
            instrument="fee_notice",
        ),
        Step(
            "fee_served",
            "收费通知已送达",
            "FeeServedForm",
            (S.FEE_PENDING,),
            (),
            HANDLER,
            service="serve_fee_notice",
            when=_not_yet("fee_served_on"),
            when_reason="收费通知的送达已登记。",
            serves="fee_notice",
        ),
        Step(
            "paid",
            "登记缴费",
            "OnForm",
            (S.FEE_PENDING,),
            (S.PROCESSING,),
            HANDLER,
            service="receive_fee",
        ),
        Step(
            "unpaid",
            "逾期未缴费，不再处理",
            "OnForm",
            (S.FEE_PENDING,),
            (S.ABANDONED,),
            HANDLER,
            service="lapse_fee",
            when=lambda r: bool(r.fee_served_on),
            when_reason="缴费期限自申请人收到收费通知的次日起计算：应先登记收费通知的送达。",
            confirm="视为申请人放弃申请，本申请办结",
        ),
        Step(
            "challenge",
            "登记复议/诉讼",
            "ChallengeForm",
            (S.REPLIED, S.ABANDONED),
            (),
            HANDLER,
            service="record_challenge",
        ),
    ],
    forms="fazhi.oversight.disclosure.forms",
    creator=ActsFor("agency", reason="只能登记本单位(或您统筹范围内的机关)收到的政府信息公开申请。")
    | Public(),
    reach=("agency",),
)
