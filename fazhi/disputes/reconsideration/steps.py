"""The transition table of a 行政复议 case: the one source of what the case page offers, what the
API accepts and what the service functions allow.

Only the 行政复议机构 of the government (2023 art. 4 ¶2; 2017 art. 3) registers and handles cases;
the respondent's staff see the cases against their unit but take no step. Extending the period
and leaving the 简易程序 are approved by someone with that authority, in their own session.
"""

from fazhi.core.authority import ActsFor, Check, HasDuty, Holds, MayOverride, Rule, System
from fazhi.core.models import Role
from fazhi.core.steps import Step, Steps

from .models import LawVersion, Outcome, Procedure, ReconsiderationCase, ReviewMode, Status

OFFICE = "reconsideration.office"  # 行政复议机构

S = Status
HANDLER = ActsFor("unit", reason="只有承办本案的行政复议机构的工作人员可以办理。")


class ByLaw(Rule):
    """The rule of the law the case follows (`case.law`)."""

    def __init__(self, rules: dict):
        self.rules = rules

    def _rule(self, case) -> Rule:
        return self.rules[LawVersion(case.law)]

    def allows(self, user, obj) -> bool:
        return self._rule(obj).allows(user, obj)

    def unit_fields(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for r in self.rules.values() for f in r.unit_fields()))

    def refusal(self, user, obj) -> str | None:
        return self._rule(obj).refusal(user, obj)


# Who approves an extension (and, 2023 only, the switch out of the 简易程序):
# - 2017 art. 31 ¶1: "经行政复议机关的负责人批准" — the 复议机关 is the government (`organ`), so the
#   approver is a person with the authority 可批准延期 working in the government itself, not in
#   its 复议机构 (the 司法局).
# - 2023 art. 62 ¶1 (and art. 55 for 简易转普通): "经行政复议机构的负责人批准" — a person with that
#   authority in the case's 复议机构 (`unit`).
# The kernel has one flag (`can_approve_extension`) and no "负责人 of unit X" attribute, so the
# distinction is the approver's own unit: the flag plus working in the organ (2017) or in the
# 复议机构 (2023). A kernel field naming each user's 负责人 post would express it directly.
APPROVE_2017 = (
    "须经行政复议机关负责人批准(行政复议法(2017)第三十一条)："
    "只有本级人民政府有批准权限的负责人可以批准。"
)
APPROVE_2023 = (
    "须经行政复议机构负责人批准(行政复议法(2023)第六十二条)："
    "只有承办本案的行政复议机构中有批准权限的负责人可以批准。"
)


def _person_in(field: str, reason: str) -> Rule:
    """The authority 可批准延期, held by someone working in the unit the case names in `field`."""
    return Holds("can_approve_extension", field, reason=reason) & Check(
        lambda user, case: user.unit_id == getattr(case, f"{field}_id"), reason=reason
    )


APPROVER = ByLaw(
    {
        LawVersion.FY2017: _person_in("organ", APPROVE_2017),
        LawVersion.FY2023: _person_in("unit", APPROVE_2023),
    }
)


def _second_notice(case) -> bool:
    """2023 art. 31 ¶1: 补正通知应当一次性载明需要补正的事项 — one notice per application."""
    return not (case.law == LawVersion.FY2023 and case.correction_noticed_on)


def _simplified(case) -> bool:
    return case.procedure == Procedure.SIMPLIFIED


def _closing_instrument(case) -> str:
    """终止 is its own decision (2023 art. 41; 实施条例 art. 42), 调解 ends in a 调解书 (2023 art.
    73); every other outcome is decided in a 行政复议决定书."""
    if case.status == Status.TERMINATED:
        return "termination_decision"
    return "mediation_document" if case.outcome == Outcome.MEDIATED else "decision"


def _law_of_case(case, user) -> dict:
    return {"law": case.law}


def _decision_args(case, user) -> dict:
    from .services import no_reply_warning  # the services import this table

    return {"law": case.law, "no_reply": no_reply_warning(case)}


def _office_of_case(case, user) -> dict:
    return {"unit": case.unit if case is not None else None}


# The respondent's staff enter its answer in their own pages. They act on the case only once the
# copy of the application has been sent to them (art. 48) — the kernel lets whoever a step's
# `who` admits unmask the applicant's personal data, which the copy itself discloses to them.
RESPONDENT = ActsFor(
    "respondent", reason="只有被申请人(作出行政行为的单位)的工作人员可以录入其书面答复。"
) & Check(
    lambda user, case: bool(case.copy_sent_on),
    reason="复议机构尚未向被申请人发送申请书副本。",
)
NEW_LAW_ONLY = "行政复议法(2023)第四十八条、第五十四条规定的程序；2017年法的案件不适用本环节。"


STEPS = Steps(
    ReconsiderationCase,
    "fazhi.disputes.reconsideration.services",
    [
        Step(
            "correction",
            "通知补正",
            "CorrectionForm",
            (S.RECEIVED,),
            (S.CORRECTING,),
            HANDLER,
            service="request_correction",
            when=_second_notice,
            when_reason="补正通知应当一次性载明需要补正的事项，本案已通知过补正"
            "(行政复议法(2023)第三十一条第一款)。",
            instrument="correction_notice",
        ),
        Step(
            "correction_served",
            "补正通知已送达",
            "CorrectionServedForm",
            (S.CORRECTING,),
            (),
            HANDLER,
            serves="correction_notice",
        ),
        Step(
            "extend_correction",
            "延长补正期限",
            "ExtendCorrectionForm",
            (S.CORRECTING,),
            (),
            HANDLER,
            when=lambda case: case.correction_due_on is not None,
            when_reason="补正通知送达后，补正期限方才起算。",
            instrument="correction_extension_notice",
        ),
        Step(
            "accept",
            "受理",
            "AcceptForm",
            (S.RECEIVED,),
            (S.ACCEPTED,),
            HANDLER,
            form_args=_law_of_case,
            instrument="acceptance_notice",
        ),
        Step(
            "reject",
            "不予受理",
            "RejectForm",
            (S.RECEIVED,),
            (S.REJECTED,),
            HANDLER,
            confirm="作出不予受理决定后本案办结",
            instrument="rejection_decision",
        ),
        Step(
            "refer",
            "告知向有权机关申请",
            "ReferForm",
            (S.RECEIVED,),
            (S.REFERRED,),
            HANDLER,
            confirm="告知后本案办结",
            instrument="referral_notice",
        ),
        Step(
            "correction_received",
            "收到补正材料",
            "OnForm",
            (S.CORRECTING,),
            (S.RECEIVED,),
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
            confirm="视为申请人放弃行政复议申请，本案办结",
        ),
        Step(
            "hear_views",
            "听取意见",
            "HearViewsForm",
            (S.ACCEPTED,),
            (),
            HANDLER,
            when=lambda case: case.new_law and case.views_heard_on is None,
            when_reason="行政复议法(2023)第四十九条规定的程序，本案不适用或者已听取意见。",
        ),
        Step(
            "mark_major",
            "认定为重大、疑难、复杂案件",
            "MarkMajorForm",
            (S.ACCEPTED,),
            (),
            HANDLER,
            when=lambda case: case.new_law and not case.major,
            when_reason="行政复议法(2023)第五十条、第五十二条规定的程序，本案不适用或者已认定。",
        ),
        Step(
            "notify_hearing",
            "发出听证通知",
            "NotifyHearingForm",
            (S.ACCEPTED,),
            (),
            HANDLER,
            when=lambda case: case.new_law and case.review_mode != ReviewMode.HEARING,
            when_reason="行政复议法(2023)第五十一条规定的程序，本案不适用或者已经听证。",
            instrument="hearing_notice",
        ),
        Step(
            "hearing",
            "听证审理",
            "HearingForm",
            (S.ACCEPTED,),
            (),
            HANDLER,
            service="hold_hearing",
            form_args=_law_of_case,
        ),
        Step(
            "consult_committee",
            "提请复议委员会咨询",
            "ConsultCommitteeForm",
            (S.ACCEPTED, S.SUSPENDED),
            (),
            HANDLER,
            when=lambda case: case.new_law and case.committee_consulted_on is None,
            when_reason="行政复议法(2023)第五十二条规定的程序，本案不适用或者已提请咨询。",
        ),
        Step(
            "suspend",
            "中止审理",
            "SuspendForm",
            (S.ACCEPTED,),
            (S.SUSPENDED,),
            HANDLER,
            form_args=_law_of_case,
            instrument="suspension_notice",
        ),
        Step(
            "resume",
            "恢复审理",
            "OnForm",
            (S.SUSPENDED,),
            (S.ACCEPTED,),
            HANDLER,
            instrument="resumption_notice",
        ),
        Step(
            "extend",
            "延长审理期限",
            "ExtendForm",
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
            "OnForm",
            (S.ACCEPTED, S.SUSPENDED),
            (),
            HANDLER,
            approval=APPROVER,
            service="switch_to_ordinary",
            when=_simplified,
            when_reason="本案已适用普通程序。",
            instrument="ordinary_procedure_notice",
        ),
        Step(
            "assign",
            "指定承办人",
            "AssignForm",
            (S.RECEIVED, S.CORRECTING, S.ACCEPTED, S.SUSPENDED),
            (),
            HANDLER,
            form_args=_office_of_case,
        ),
        Step(
            "send_copy",
            "发送申请书副本",
            "OnForm",
            (S.ACCEPTED, S.SUSPENDED),
            (),
            HANDLER,
            when=lambda case: case.new_law and case.copy_sent_on is None,
            when_reason=NEW_LAW_ONLY,
            instrument="answer_notice",
        ),
        Step(
            "copy_served",
            "申请书副本已送达被申请人",
            "CopyServedForm",
            (S.ACCEPTED, S.SUSPENDED),
            (),
            HANDLER,
            when=lambda case: bool(case.copy_sent_on) and case.copy_served_on is None,
            when_reason="申请书副本尚未发送，或者其送达已经记录。",
            serves="answer_notice",
        ),
        Step(
            "reply",
            "提交书面答复",
            "ReplyForm",
            (S.ACCEPTED, S.SUSPENDED),
            (),
            RESPONDENT,
            when=lambda case: bool(case.copy_sent_on) and case.replied_on is None,
            when_reason="复议机构尚未发送申请书副本，或者答复已经提交。",
        ),
        Step(
            "dismiss_application",
            "驳回行政复议申请",
            "DismissApplicationForm",
            (S.ACCEPTED,),
            (S.DECIDED,),
            HANDLER,
            confirm="驳回行政复议申请后本案办结",
            instrument="dismissal_decision",
        ),
        Step(
            "decide",
            "作出决定/结案",
            "DecideForm",
            (S.ACCEPTED, S.SUSPENDED),
            (S.DECIDED, S.TERMINATED),
            HANDLER,
            confirm="结案后本案只读",
            form_args=_decision_args,
            instrument=_closing_instrument,
        ),
        Step(
            "correct",
            "更正结案信息",
            "CorrectForm",
            (S.DECIDED,),
            (S.DECIDED,),
            MayOverride() & HANDLER,
            service="correct_closing",
            form_args=_law_of_case,
        ),
        Step(
            "deem_accepted",
            "视为受理",
            "NoFields",
            (S.RECEIVED,),
            (S.ACCEPTED,),
            # The scheduled job does it; a coordinator may do it by hand (the admin action).
            System() | ActsFor("unit", roles=(Role.COORDINATOR,)),
            confirm="受理审查期限已届满，未作出不予受理决定",
        ),
    ],
    forms="fazhi.disputes.reconsideration.forms",
    creator=HasDuty(OFFICE, reason="只有本级政府的行政复议机构可以登记行政复议申请。") & HANDLER,
    reach=("unit", "respondent"),
)
