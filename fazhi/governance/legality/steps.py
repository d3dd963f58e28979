"""The transition table of a 合法性审核. The requesting unit sends the draft, sends it again with
the materials asked for, and may withdraw it while no opinion is given; the government's
合法性审核机构 (a unit duty, usually the 司法局) accepts it or returns it for more materials
(重大行政决策程序暂行条例 art. 26 ¶1) and gives its written opinion (art. 28). Giving the opinion
on a draft not yet formally accepted accepts it on the way. A contract's unit records the day the
contract was signed, which the 合同合法性审查率 compares with the opinion's date."""

from fazhi.core.authority import ActsFor, HasDuty
from fazhi.core.steps import Step, Steps

from .models import Review, ReviewKind, ReviewStatus

OFFICE = (
    "legality.office"  # 合法性审核机构 (重大行政决策程序暂行条例第二十五条“负责合法性审查的部门”)
)

S = ReviewStatus
OFFICE_STAFF = HasDuty(
    OFFICE, reason="只有本级政府的合法性审核机构(如司法局)可以办理此环节。"
) & ActsFor("office", reason="只有承担本件审核的合法性审核机构的工作人员可以办理此环节。")
REQUESTER = ActsFor("unit", reason="只有送审单位的工作人员可以办理此环节。")


def _unsigned_contract(review) -> bool:
    return review.kind == ReviewKind.CONTRACT and review.signed_on is None


STEPS = Steps(
    Review,
    "fazhi.governance.legality.services",
    [
        Step("accept", "受理", "AcceptForm", (S.SUBMITTED,), (S.REVIEWING,), OFFICE_STAFF),
        Step(
            "send_back",
            "退回补充材料",
            "ReturnForm",
            (S.SUBMITTED, S.REVIEWING),
            (S.RETURNED,),
            OFFICE_STAFF,
        ),
        Step(
            "resubmit",
            "补充材料后重新送审",
            "ResubmitForm",
            (S.RETURNED,),
            (S.SUBMITTED,),
            REQUESTER,
        ),
        Step(
            "opinion",
            "出具审核意见",
            "OpinionForm",
            (S.SUBMITTED, S.REVIEWING),
            (S.GIVEN,),
            OFFICE_STAFF,
            service="opine",
            instrument="legality_opinion",
        ),
        Step(
            "withdraw",
            "撤回送审",
            "WithdrawForm",
            (S.SUBMITTED, S.RETURNED, S.REVIEWING),
            (S.WITHDRAWN,),
            REQUESTER,
            confirm="撤回后本件审核终止，如需审核应重新送审。确定撤回吗？",
        ),
        Step(
            "signed",
            "登记合同签订",
            "SignedForm",
            (S.SUBMITTED, S.RETURNED, S.REVIEWING, S.GIVEN),
            (),
            REQUESTER,
            service="record_signing",
            when=_unsigned_contract,
            when_reason="只有尚未登记签订日期的合同协议可以登记签订。",
        ),
    ],
    forms="fazhi.governance.legality.forms",
    creator=REQUESTER,
    reach=("unit", "office"),
)
