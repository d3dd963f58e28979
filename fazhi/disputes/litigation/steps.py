"""The transition table of a 行政诉讼 (应诉) case: the one source of what the lawsuit's page offers,
what the API accepts and what the service functions allow.

A lawsuit is handled by its 承办单位 (the defendant department or town itself; for a suit against
the government, the unit that registered it — the 司法局). It is registered only by someone who
acts for the defendant: a department's 法制员 registers its own unit's lawsuits, the government's
coordinator (统筹, who acts for the whole government) any lawsuit of the government, including
those against the government itself. A lawsuit never names a unit of another county.
"""

from django.utils import timezone

from fazhi.core.authority import HANDLING_ROLES, ActsFor, HasRole
from fazhi.core.steps import Step, Steps

from .models import Lawsuit, Status

S = Status
PENDING = tuple(Status.pending())
HANDLER = ActsFor("unit", reason="只有本案承办单位的工作人员可以办理。")
CREATOR = (
    HasRole(HANDLING_ROLES, reason="只有统筹协调人员和单位法制员可以登记应诉案件。")
    & ActsFor(
        "defendant",
        reason="只能登记本单位为被告的应诉案件；以本级政府或其他部门为被告的，由统筹协调人员登记。",
    )
    & ActsFor("unit", reason="承办单位不在您的职责范围内。")
)


def _appeal_period_over(case) -> bool:
    return bool(case.appeal_due_on and case.appeal_due_on < timezone.localdate())


def _evidence_owed(case) -> bool:
    return bool(case.answered_on and not case.evidence_submitted_on)


def _extension_open(case) -> bool:
    return not case.extension_applied_on


def _extension_undecided(case) -> bool:
    return bool(case.extension_applied_on and not case.extension_decision)


def _advice_open(case) -> bool:
    return not case.advice_received_on


def _advice_unanswered(case) -> bool:
    return bool(case.advice_received_on and not case.advice_replied_on)


def _instance_of(case, user) -> dict:
    return {"instance": case.instance}


STEPS = Steps(
    Lawsuit,
    "fazhi.disputes.litigation.services",
    [
        Step(
            "answer",
            "提交答辩状和证据",
            "AnswerForm",
            (S.RECEIVED,),
            (S.ANSWERED,),
            HANDLER,
            instrument="defence",
        ),
        Step(
            "evidence",
            "提交证据",
            "OnForm",
            PENDING,
            (),
            HANDLER,
            service="submit_evidence",
            when=_evidence_owed,
            when_reason="答辩状提交前，或证据已提交。",
        ),
        Step(
            "extend",
            "申请延期提供证据",
            "ExtensionForm",
            (S.RECEIVED,),
            (),
            HANDLER,
            service="apply_extension",
            when=_extension_open,
            when_reason="本审级已申请过延期提供证据。",
            instrument="evidence_extension",
        ),
        Step(
            "extension_decision",
            "登记法院对延期举证申请的决定",
            "ExtensionDecisionForm",
            (S.RECEIVED,),
            (),
            HANDLER,
            service="decide_extension",
            when=_extension_undecided,
            when_reason="没有待法院决定的延期提供证据申请。",
        ),
        Step(
            "summon",
            "登记负责人出庭通知",
            "SummonsForm",
            PENDING,
            (),
            HANDLER,
            service="summon_head",
        ),
        Step(
            "schedule",
            "登记开庭通知",
            "ScheduleForm",
            PENDING,
            (),
            HANDLER,
            service="schedule_hearing",
        ),
        Step(
            "hearing",
            "登记开庭及出庭情况",
            "HearingForm",
            PENDING,
            (S.HEARD,),
            HANDLER,
            service="record_hearing",
            instrument="appearance_record",
        ),
        Step(
            "decide",
            "登记裁判结果",
            "DecideForm",
            PENDING,
            (S.DECIDED, S.CLOSED),
            HANDLER,
            confirm=(
                "裁判结果登记后不能更改；二审、按第二审程序再审、撤诉、调解等不可上诉的，"
                "本案随即结案"
            ),
            form_args=_instance_of,
        ),
        Step(
            "appeal",
            "登记上诉",
            "AppealForm",
            (S.DECIDED,),
            (S.APPEALED,),
            HANDLER,
            confirm="登记上诉后本审级结束，二审另行登记",
        ),
        Step(
            "close",
            "上诉期满、裁判生效结案",
            "OnForm",
            (S.DECIDED,),
            (S.CLOSED,),
            HANDLER,
            when=_appeal_period_over,
            when_reason="上诉期限届满前，裁判尚未生效，不能结案(行政诉讼法第八十五条)。",
            confirm="结案后本案只读",
        ),
        # A 司法建议 comes with or after the judgment (CT art. 12 ¶2), so in every status, a
        # closed case's included: it adds to the case what the court asked, and changes nothing
        # the judgment settled — the one exception to "a closed case is read-only".
        Step(
            "advice",
            "登记司法建议",
            "AdviceForm",
            tuple(Status.values),
            (),
            HANDLER,
            service="record_advice",
            when=_advice_open,
            when_reason="本案已登记司法建议。",
        ),
        Step(
            "advice_reply",
            "登记司法建议答复",
            "AdviceReplyForm",
            tuple(Status.values),
            (),
            HANDLER,
            service="reply_advice",
            when=_advice_unanswered,
            when_reason="没有待答复的司法建议。",
            instrument="advice_reply",
        ),
    ],
    forms="fazhi.disputes.litigation.forms",
    creator=CREATOR,
    reach=("unit", "defendant"),
)
