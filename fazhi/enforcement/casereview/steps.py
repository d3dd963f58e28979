"""The transition tables of 案卷评查.

The government's 评查组织单位 (the duty `casereview.coordinator`, the 司法局) plans the campaign,
edits its 评查标准 until the draw is committed, commits the draw (公示) and draws; then a
reviewer named in the campaign scores each drawn file — never a file of the reviewer's own unit —
and the organising unit sends the result back; the department records its 整改情况."""

from fazhi.core.authority import ActsFor, Check, HasDuty
from fazhi.core.steps import Step, Steps

from .models import Campaign, CampaignStatus, FileStatus, ReviewFile

COORDINATOR = "casereview.coordinator"  # 行政执法案卷评查组织单位
KIND = "case_review"  # the kernel's own kind 案卷评查 (fazhi.core.draws.DrawKind.CASE_REVIEW)

C, F = CampaignStatus, FileStatus
ORGANISER = HasDuty(
    COORDINATOR, reason="只有本级政府的行政执法案卷评查组织单位(司法局)可以办理此环节。"
) & ActsFor("unit", reason="只有组织本次评查的单位的工作人员可以办理此环节。")
FILE_ORGANISER = HasDuty(
    COORDINATOR, reason="只有本级政府的行政执法案卷评查组织单位(司法局)可以办理此环节。"
) & ActsFor("campaign.unit", reason="只有组织本次评查的单位的工作人员可以办理此环节。")


def is_reviewer_not_of_unit(user, file) -> bool:
    """A reviewer the campaign names, scoring a file of another unit than their own."""
    return user.unit_id != file.unit_id and file.campaign.reviewers.filter(pk=user.pk).exists()


REVIEWER = Check(
    is_reviewer_not_of_unit,
    reason="只有本次评查活动确定的评查人员可以评分，且评查人员不得评查本单位的案卷。",
)
DEPARTMENT = ActsFor("unit", reason="只有被评查的执法部门的工作人员可以登记整改情况。")


def _file(file, user) -> dict:
    return {"file": file}


def _all_scored(campaign) -> bool:
    return not campaign.files.filter(status=F.PENDING).exists()


STEPS = Steps(
    Campaign,
    "fazhi.enforcement.casereview.services",
    [
        Step(
            "plan",
            "修改评查方案",
            "PlanForm",
            (C.PLANNING,),
            (C.PLANNING,),
            ORGANISER,
            form_args=lambda c, user: {"user": user, "campaign": c},
        ),
        Step(
            "rubric",
            "编辑评查标准",
            "RubricForm",
            (C.PLANNING,),
            (C.PLANNING,),
            ORGANISER,
            form_args=lambda c, user: {"campaign": c},
        ),
        Step(
            "commit",
            "公示随机抽取",
            "CommitForm",
            (C.PLANNING,),
            (C.COMMITTED,),
            ORGANISER,
            confirm="公示后评查标准和抽取名单不能再修改",
        ),
        Step("draw", "随机抽取案卷", "DrawForm", (C.COMMITTED,), (C.REVIEWING,), ORGANISER),
        Step(
            "finish",
            "评查完成",
            "OnForm",
            (C.REVIEWING,),
            (C.DONE,),
            ORGANISER,
            when=_all_scored,
            when_reason="尚有案卷未评分，不能结束评查。",
        ),
    ],
    forms="fazhi.enforcement.casereview.forms",
    creator=ORGANISER,
    reach=("unit",),
)

FILE_STEPS = Steps(
    ReviewFile,
    "fazhi.enforcement.casereview.services",
    [
        Step("score", "评分", "ScoreForm", (F.PENDING,), (F.SCORED,), REVIEWER, form_args=_file),
        Step(
            "send",
            "反馈评查结果",
            "SendForm",
            (F.SCORED,),
            (F.RECTIFYING, F.RETURNED),
            FILE_ORGANISER,
        ),
        Step(
            "rectify",
            "登记整改情况",
            "RectifyForm",
            (F.RECTIFYING,),
            (F.RECTIFIED,),
            DEPARTMENT,
        ),
    ],
    forms="fazhi.enforcement.casereview.forms",
    creator=FILE_ORGANISER,
    reach=("unit",),
)
