"""The transition tables of 证明事项 and of 告知承诺办件: the one source of what their pages offer,
what the API accepts and what the service functions allow.

The unit the government names to keep its 证明事项清单 (duty `proofs.office`; the seed: "需按照
程序经市人民政府同意后，纳入相应证明材料清单管理") lists a proof, puts it under 告知承诺 and
cancels it. A 告知承诺办件 is registered by the staff of the unit that received it, who also
record its 核查.
"""

from fazhi.core.authority import ActsFor, HasDuty
from fazhi.core.steps import Step, Steps

from .models import Pledge, PledgeStatus, ProofItem, ProofStatus

OFFICE = "proofs.office"  # 证明事项清单管理单位

OFFICE_STAFF = HasDuty(
    OFFICE, reason="只有本级政府的证明事项清单管理单位可以办理此环节。"
) & ActsFor("office", reason="只有本清单管理单位的工作人员可以办理此环节。")
RECEIVER = ActsFor("unit", reason="只有受理本件的单位的工作人员可以办理。")

PROOF_STEPS = Steps(
    ProofItem,
    "fazhi.powers.proofs.list_services",
    [
        Step(
            "adopt_pledge",
            "实行告知承诺",
            "AdoptForm",
            (ProofStatus.KEPT,),
            (ProofStatus.PLEDGE,),
            OFFICE_STAFF,
        ),
        Step(
            "cancel",
            "取消证明事项",
            "CancelForm",
            (ProofStatus.KEPT, ProofStatus.PLEDGE),
            (ProofStatus.CANCELLED,),
            OFFICE_STAFF,
            confirm="取消后各单位不得再索要此项证明。",
        ),
    ],
    forms="fazhi.powers.proofs.forms",
    creator=OFFICE_STAFF,
    reach=("unit", "office", "government"),
)

PLEDGE_STEPS = Steps(
    Pledge,
    "fazhi.powers.proofs.services",
    [
        Step(
            "verify",
            "核查属实",
            "VerifyForm",
            (PledgeStatus.ACCEPTED,),
            (PledgeStatus.VERIFIED,),
            RECEIVER,
            bulk=True,
        ),
        Step(
            "find_false",
            "认定承诺不实",
            "FalseForm",
            (PledgeStatus.ACCEPTED,),
            (PledgeStatus.FALSE,),
            RECEIVER,
            confirm="认定承诺不实后应依法作出处理，并记入申请人信用记录。",
        ),
    ],
    forms="fazhi.powers.proofs.forms",
    creator=RECEIVER,
    reach=("unit", "government"),
)
