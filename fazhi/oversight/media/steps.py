"""The transition tables of 政务新媒体: one for the accounts, one for the 集中整治 campaigns. They
are the one source of what the pages offer, what the API accepts and what the services allow.

An account is kept by the unit that operates it (or the coordinator of its government). A
campaign is the government's: opened by its coordinator, or by the unit its government made
responsible for new media (a duty: the 主管单位, which 国办发〔2018〕123号 makes the government's
办公厅(室)); it is run
by its lead unit, and its findings — which put an account under 整改 or close it — reach only
accounts of the campaign's own government.
"""

from fazhi.core.authority import ActsFor, HasDuty
from fazhi.core.models import Role
from fazhi.core.steps import Step, Steps

from .models import Account, AccountStatus, Campaign, CampaignStatus

SUPERVISOR = "media.supervisor"  # 政务新媒体主管单位

A, C = AccountStatus, CampaignStatus
OPEN = tuple(A.open())
OWNER = ActsFor("unit", reason="只有账号的主办单位(或本级政府统筹协调人员)可以办理。")
CAMPAIGN_OWNER = ActsFor("unit", reason="只有集中整治的牵头单位(或本级政府统筹协调人员)可以办理。")
CAMPAIGN_OPENER = ActsFor(
    "unit",
    roles=(Role.COORDINATOR,),
    reason="只有本级政府的统筹协调人员或政务新媒体主管单位可以开展集中整治。",
) | (HasDuty(SUPERVISOR) & ActsFor("unit"))


def _campaign(campaign, user) -> dict:
    return {"campaign": campaign}


ACCOUNT_STEPS = Steps(
    Account,
    "fazhi.oversight.media.services",
    [
        Step(
            "register",
            "填报全国系统",
            "OnForm",
            OPEN,
            (),
            OWNER,
            service="record_registration",
            when=lambda account: not account.registered,
            when_reason="该账号已填报全国政务新媒体信息报送系统。",
        ),
        Step(
            "rectified",
            "确认整改完成",
            "NoteForm",
            (A.RECTIFYING,),
            (A.NORMAL,),
            OWNER,
            service="finish_rectification",
        ),
        Step(
            "close",
            "关停账号",
            "CloseForm",
            OPEN,
            (A.CLOSED,),
            OWNER,
            service="close_account",
            confirm="关停后账号只读",
        ),
    ],
    forms="fazhi.oversight.media.forms",
    creator=ActsFor("unit", reason="只能登记您所在单位(或您统筹的政府所属单位)开设的账号。"),
    reach=("unit",),
)

CAMPAIGN_STEPS = Steps(
    Campaign,
    "fazhi.oversight.media.services",
    [
        Step(
            "finding",
            "登记发现问题",
            "FindingForm",
            (C.ONGOING,),
            (),
            CAMPAIGN_OWNER,
            service="record_finding",
            form_args=_campaign,
        ),
        Step(
            "finish",
            "结束整治",
            "FinishForm",
            (C.ONGOING,),
            (C.FINISHED,),
            CAMPAIGN_OWNER,
            service="finish_campaign",
            confirm="结束后不能再登记发现的问题",
        ),
    ],
    forms="fazhi.oversight.media.forms",
    creator=CAMPAIGN_OPENER,
    reach=("unit", "organ"),
)
