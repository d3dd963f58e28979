"""The transition tables of a 权责清单 version and of its items: the one source of what their pages
offer, what the API accepts and what the service functions allow.

The office that compiles the government's list (duty `powerlists.office`) drafts a version and
publishes it. An item is entered by that office or by the staff of the unit that exercises the
power (its 实施主体), and amended or removed by either while its version is being compiled; a
published version is the government's public list and changes only by a new version.
"""

from fazhi.core.authority import ActsFor, HasDuty
from fazhi.core.steps import Step, Steps

from .models import ItemStatus, ListStatus, PowerItem, PowerList

OFFICE = "powerlists.office"  # 权责清单编制单位 (编办, or the unit the government names)

OFFICE_STAFF = HasDuty(OFFICE, reason="只有本级政府的权责清单编制单位可以办理此环节。") & ActsFor(
    "office", reason="只有编制本清单的单位的工作人员可以办理此环节。"
)
UNIT_STAFF = ActsFor("unit", reason="只有本事项实施主体或清单编制单位的工作人员可以办理。")
IN_DRAFT = "本版权责清单已公布，事项不能再修改；动态调整请编制新版本。"


def _in_draft(item: PowerItem) -> bool:
    return item.power_list.status == ListStatus.DRAFT


LIST_STEPS = Steps(
    PowerList,
    "fazhi.powers.lists.list_services",
    [
        Step(
            "publish",
            "公布",
            "PublishForm",
            (ListStatus.DRAFT,),
            (ListStatus.PUBLISHED,),
            OFFICE_STAFF,
            confirm="公布后本版清单不能再修改，上一版清单同时被替代。",
        ),
    ],
    forms="fazhi.powers.lists.forms",
    creator=HasDuty(OFFICE, reason="只有本级政府的权责清单编制单位可以编制权责清单。")
    & ActsFor("office"),
    reach=("office", "government"),
)

ITEM_STEPS = Steps(
    PowerItem,
    "fazhi.powers.lists.services",
    [
        Step(
            "amend",
            "修改事项",
            "AmendForm",
            (ItemStatus.LISTED,),
            (),
            UNIT_STAFF | OFFICE_STAFF,
            when=_in_draft,
            when_reason=IN_DRAFT,
            form_args=lambda item, user: {"item": item},
        ),
        Step(
            "remove",
            "删除事项",
            "RemoveForm",
            (ItemStatus.LISTED,),
            (ItemStatus.REMOVED,),
            UNIT_STAFF | OFFICE_STAFF,
            when=_in_draft,
            when_reason=IN_DRAFT,
            confirm="删除后本事项不列入本版清单。",
        ),
    ],
    forms="fazhi.powers.lists.forms",
    creator=UNIT_STAFF | OFFICE_STAFF,
    reach=("unit", "office", "government"),
)
