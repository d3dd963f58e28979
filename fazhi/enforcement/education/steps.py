"""The transition tables of 普法学法: the activity ledger and the 普法责任清单.

"谁执法谁普法" (督察工作规定 art. 9 (十)): each unit keeps its own ledger and its own list — its
staff, or the coordinator of its government, who acts for every unit of it. Nothing here is
moved by the system: there is no statutory clock.
"""

from fazhi.core.authority import ActsFor
from fazhi.core.steps import Step, Steps

from .models import Activity, ActivityStatus, DutyItem, DutyStatus

A, D = ActivityStatus, DutyStatus
ORGANISER = ActsFor("unit", reason="只有组织单位(或本级政府统筹协调人员)可以办理。")
RESPONSIBLE = ActsFor("unit", reason="只有责任单位(或本级政府统筹协调人员)可以办理。")


def _correct_args(activity, user) -> dict:
    """The 更正 form starts from what the activity says now."""
    from . import forms  # not at start-up, which declares this table but shows no form

    fields = forms.ActivityFields.base_fields
    initial = {name: getattr(activity, name) for name in fields if name != "duty_item"}
    initial["duty_item"] = activity.duty_item_id
    units = forms.acting_units(user).filter(pk=activity.unit_id)
    return {"initial": initial, "item_units": units, "item_year": activity.held_on.year}


ACTIVITY_STEPS = Steps(
    Activity,
    "fazhi.enforcement.education.services",
    [
        Step(
            "correct",
            "更正",
            "CorrectForm",
            (A.REGISTERED,),
            (A.REGISTERED,),
            ORGANISER,
            form_args=_correct_args,
        ),
        Step(
            "revoke",
            "撤销",
            "RevokeForm",
            (A.REGISTERED,),
            (A.REVOKED,),
            ORGANISER,
            confirm="撤销后该活动不计入普法统计",
        ),
    ],
    forms="fazhi.enforcement.education.forms",
    creator=ActsFor("unit", reason="只能以您所在单位(或您统筹的政府所属单位)的名义登记普法活动。"),
    reach=("unit",),
)

DUTY_STEPS = Steps(
    DutyItem,
    "fazhi.enforcement.education.services",
    [
        Step(
            "publish",
            "公布",
            "PublishForm",
            (D.DRAFTED,),
            (D.PUBLISHED,),
            RESPONSIBLE,
            confirm="公布后该事项在门户网站公开",
        ),
        Step(
            "withdraw",
            "撤回",
            "WithdrawForm",
            (D.PUBLISHED,),
            (D.WITHDRAWN,),
            RESPONSIBLE,
            service="withdraw_item",
            confirm="撤回后该事项不再公开，也不能再登记落实它的活动",
        ),
    ],
    forms="fazhi.enforcement.education.forms",
    creator=ActsFor(
        "unit", reason="只能以您所在单位(或您统筹的政府所属单位)的名义拟定普法责任清单。"
    ),
    reach=("unit",),
)
