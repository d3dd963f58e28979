"""The transition tables of 法律顾问: the register of advisers, the engagements, the work log.

A unit keeps its own: its staff (or the coordinator of its government, who acts for every unit)
register the advisers it engages, engage them, renew or end the engagement, and record the
advisers' work. The tick marks an engagement whose period has ended as 已到期 (a system step).
"""

from fazhi.core.authority import ActsFor, System
from fazhi.core.steps import Step, Steps

from .models import (
    Adviser,
    AdviserStatus,
    Engagement,
    EngagementStatus,
    WorkEntry,
    WorkStatus,
)

A, E, W = AdviserStatus, EngagementStatus, WorkStatus
REGISTRAR = ActsFor("unit", reason="只有登记该法律顾问的单位(或本级政府统筹协调人员)可以办理。")
ENGAGER = ActsFor("unit", reason="只有聘请单位(或本级政府统筹协调人员)可以办理。")

ADVISER_STEPS = Steps(
    Adviser,
    "fazhi.governance.advisers.services",
    [
        Step(
            "withdraw",
            "停用",
            "WithdrawForm",
            (A.ACTIVE,),
            (A.WITHDRAWN,),
            REGISTRAR,
            service="withdraw_adviser",
            confirm="停用后不能再聘请该法律顾问",
        ),
    ],
    forms="fazhi.governance.advisers.forms",
    creator=ActsFor("unit", reason="只能以您所在单位(或您统筹的政府所属单位)的名义登记法律顾问。"),
    reach=("unit",),
)

ENGAGEMENT_STEPS = Steps(
    Engagement,
    "fazhi.governance.advisers.services",
    [
        Step(
            "renew",
            "续聘",
            "RenewForm",
            (E.ENGAGED, E.EXPIRED),
            (E.ENGAGED,),
            ENGAGER,
        ),
        Step(
            "terminate",
            "解聘",
            "TerminateForm",
            (E.ENGAGED,),
            (E.TERMINATED,),
            ENGAGER,
            confirm="解聘后该聘任不能再续聘",
        ),
        Step(
            "expire",
            "聘期届满",
            "OnForm",
            (E.ENGAGED,),
            (E.EXPIRED,),
            System(),
        ),
    ],
    forms="fazhi.governance.advisers.forms",
    creator=ENGAGER,
    reach=("unit",),
)

WORK_STEPS = Steps(
    WorkEntry,
    "fazhi.governance.advisers.services",
    [
        Step(
            "void",
            "作废",
            "VoidForm",
            (W.RECORDED,),
            (W.VOIDED,),
            ENGAGER,
            service="void_work",
            confirm="作废后该条不计入法律顾问工作统计",
        ),
    ],
    forms="fazhi.governance.advisers.forms",
    creator=ActsFor(
        "unit", reason="只有聘请单位(或本级政府统筹协调人员)可以登记其法律顾问的工作。"
    ),
    reach=("unit",),
)
