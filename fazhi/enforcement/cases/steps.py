"""The transition table of a 行政执法案件 (行政处罚法 arts. 54–67 for the ordinary 处罚
procedure; the other kinds take the same path without the 告知 and 听证).

The 执法部门's staff (法制员, its 法制审核机构's reviewers) take the case's steps; the
法制审核 is recorded by the reviewer as their own act (the reviewer is the user recording it);
the 备案审查 of a 重大执法决定 is the government's 司法局's (the duty `enforcement.filing`)."""

from fazhi.core.authority import ActsFor, Check, HasDuty, Holds
from fazhi.core.steps import Step, Steps

from . import rules
from .models import Case, CaseKind, Medium, ProcessRecord, RecordStep, Status

FILING = "enforcement.filing"  # 重大执法决定备案机关 (本级政府司法行政部门)

S = Status
UNIT = ActsFor("unit", reason="只有承办案件的执法部门的工作人员可以办理此环节。")
FILING_STAFF = HasDuty(
    FILING, reason="只有本级政府的重大执法决定备案审查机关(司法局)可以办理此环节。"
) & ActsFor("filing_office", reason="只有受理本件备案的司法局工作人员可以办理此环节。")
# 延长办案期限 "经本行政机关负责人批准" (市场监督管理行政处罚程序规定第六十四条; 农业 art. 58,
# 交通 art. 78): a holder of the authority in the agency that handles the case, not in any unit
# of its government (Holds alone reaches the whole government: another department's head or the
# 司法局's coordinator could have extended the case).
AGENCY_HEAD = Holds(
    "can_approve_extension", reason="延长办案期限须经本执法部门有批准权限的负责人批准。"
) & Check(
    lambda user, case: user.unit_id == case.unit_id,
    reason="延长办案期限须经本执法部门有批准权限的负责人批准。",
)
UNDECIDED = tuple(S.undecided())
AFTER = tuple(S.after_decision())


def review_passed(case) -> bool:
    """A 重大 decision may be made only after a 法制审核 that agreed, given after any 听证
    (行政处罚法第五十八条)."""
    return not case.major or (
        case.cleared_on is not None and (case.heard_on is None or case.cleared_on >= case.heard_on)
    )


def _has_audio_video(step: str):
    def check(case) -> bool:
        return ProcessRecord.objects.filter(
            case=case, step=step, medium__in=Medium.audio_visual()
        ).exists()

    return check


def _extensible(case) -> bool:
    return not case.extension_days and rules.extension_days(case.field) > 0


def _criteria_args(case, user):
    return {"case": case}


def _record_args(case, user):
    return {"case": case}


def _officer_args(case, user):
    return {"case": case}


STEPS = Steps(
    Case,
    "fazhi.enforcement.cases.services",
    [
        Step(
            "assign",
            "增加执法人员",
            "AssignForm",
            UNDECIDED,
            (),
            UNIT,
            form_args=_officer_args,
        ),
        Step(
            "investigate",
            "开始调查取证",
            "OnForm",
            (S.OPENED,),
            (S.INVESTIGATING,),
            UNIT,
        ),
        Step(
            "seize",
            "查封扣押",
            "MeasureForm",
            (S.INVESTIGATING, S.DECIDED, S.SERVED),
            (),
            UNIT,
            when=_has_audio_video(RecordStep.SEIZURE),
            when_reason="查封扣押财产应当全程音像记录：请先登记本案“查封扣押”环节的录音或者录像"
            f"({rules.ART_AUDIO_VIDEO})。",
        ),
        Step(
            "conclude",
            "调查终结",
            "OnForm",
            (S.INVESTIGATING,),
            (S.CONCLUDED,),
            UNIT,
        ),
        Step(
            "mark_major",
            "认定为重大执法决定",
            "MajorForm",
            UNDECIDED,
            (),
            UNIT,
            when=lambda case: not case.major,
            when_reason="本案已认定为重大执法决定。",
            form_args=_criteria_args,
        ),
        Step(
            "send_review",
            "提交法制审核",
            "OnForm",
            (S.CONCLUDED, S.REWORK, S.NOTIFIED, S.HEARD),
            (S.REVIEWING,),
            UNIT,
        ),
        Step(
            "review",
            "法制审核",
            "ReviewForm",
            (S.REVIEWING,),
            (S.REVIEWED, S.REWORK),
            UNIT,
        ),
        Step(
            "notify",
            "告知陈述申辩、听证权利",
            "OnForm",
            (S.CONCLUDED, S.REVIEWED),
            (S.NOTIFIED,),
            UNIT,
            when=lambda case: case.kind == CaseKind.PENALTY and case.notified_on is None,
            when_reason="只有尚未告知的行政处罚案件需要告知陈述、申辩和听证权利。",
        ),
        Step(
            "hearing",
            "举行听证",
            "OnForm",
            (S.NOTIFIED,),
            (S.HEARD,),
            UNIT,
        ),
        Step(
            "extend",
            "延长办案期限",
            "ExtendForm",
            UNDECIDED,
            (),
            UNIT,
            approval=AGENCY_HEAD,
            when=_extensible,
            when_reason="本执法领域未规定延长办案期限，或者本案已经延长。",
        ),
        Step(
            "decide",
            "作出决定",
            "DecideForm",
            tuple(S.deciding()),
            (S.DECIDED,),
            UNIT,
            when=review_passed,
            when_reason="重大执法决定未经法制审核或者审核未通过的，不得作出决定"
            f"({rules.ART_REVIEW})：请先提交法制审核并取得“同意”的审核意见。",
        ),
        Step("serve", "送达决定书", "ServeForm", (S.DECIDED,), (S.SERVED,), UNIT),
        Step(
            "publish",
            "执法公示",
            "OnForm",
            AFTER,
            (),
            UNIT,
            when=lambda case: case.published_on is None and not case.revoked_on,
            when_reason="本案决定已经公示，或者已被变更、撤销。",
        ),
        Step(
            "file",
            "报送备案",
            "OnForm",
            AFTER,
            (),
            UNIT,
            service="file_major",
            when=lambda case: case.major and case.filing_on is None,
            when_reason="只有尚未报送备案的重大执法决定需要备案。",
        ),
        Step(
            "filing_review",
            "备案审查",
            "FilingReviewForm",
            AFTER,
            (),
            FILING_STAFF,
            when=lambda case: case.filing_on is not None and not case.filing_opinion,
            when_reason="只有已报送备案、尚未审查的重大执法决定可以备案审查。",
        ),
        Step(
            "revoke",
            "登记决定变更、撤销或确认违法",
            "RevokeForm",
            AFTER,
            (),
            UNIT,
            when=lambda case: not case.revoked_on,
            when_reason="本案已登记决定变更、撤销或者确认违法。",
        ),
        Step(
            "withdraw",
            "撤下公示信息",
            "WithdrawForm",
            AFTER,
            (),
            UNIT,
            when=lambda case: bool(case.published_on and case.revoked_on and not case.withdrawn_on),
            when_reason="只有已公示、其决定已被变更或撤销的案件需要撤下公示信息。",
        ),
        Step(
            "demolish",
            "强制拆除",
            "MeasureForm",
            (S.SERVED,),
            (),
            UNIT,
            when=_has_audio_video(RecordStep.DEMOLITION),
            when_reason="强制拆除应当全程音像记录：请先登记本案“强制拆除”环节的录音或者录像"
            f"({rules.ART_AUDIO_VIDEO})。",
        ),
        Step("execute", "执行完毕", "OnForm", (S.SERVED,), (S.EXECUTED,), UNIT),
        Step("close", "结案", "OnForm", (S.SERVED, S.EXECUTED), (S.CLOSED,), UNIT),
        Step(
            "record",
            "登记全过程记录",
            "ProcessRecordForm",
            tuple(S.values),
            (),
            UNIT,
            service="add_process_record",
            form_args=_record_args,
        ),
    ],
    forms="fazhi.enforcement.cases.forms",
    creator=UNIT,
    reach=("unit", "filing_office"),
)
