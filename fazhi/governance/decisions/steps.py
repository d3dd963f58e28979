"""The transition tables of the 决策事项目录, of a 重大行政决策 and of a 常务会议.

The government's 重大行政决策统筹机构 (a unit duty, usually the 政府办) keeps the catalogue and its
adjustments, starts a decision and names its 承办单位 (JC arts. 10–11), puts the draft to the
meeting and records the 集体讨论决定 (arts. 29–30), publishes the decision (art. 32) and has it
evaluated (art. 36). The 决策承办单位 drafts and puts the draft to public comment (arts. 14–15),
handles the opinions (art. 18), holds the hearing (arts. 16–17), has experts and risks assessed
(arts. 19–24) and sends the draft for 合法性审查 (arts. 25–26). Anyone may give an opinion on a
draft open to comment through the portal's form (Public()); the 承办单位 records opinions received
by letter or at a meeting.
"""

from fazhi.core.authority import ActsFor, HasDuty, Public
from fazhi.core.form_args import government_args
from fazhi.core.steps import Step, Steps

from . import legality_link
from .models import Catalogue, CatalogueStatus, Decision, Meeting, MeetingStatus, Status
from .rules import ARTICLE

OFFICE = "decisions.office"  # 重大行政决策统筹机构

OFFICE_STAFF = HasDuty(
    OFFICE, reason="只有本级政府的重大行政决策统筹机构(如政府办)可以办理此环节。"
) & ActsFor("office", reason="只有编制目录、统筹本决策的单位的工作人员可以办理此环节。")
HANDLER = ActsFor("unit", reason="只有决策承办单位的工作人员可以办理此环节。")
C, S, M = CatalogueStatus, Status, MeetingStatus
DRAFTING = (S.STARTED, S.COMMENTING, S.PREPARING)


CATALOGUE_STEPS = Steps(
    Catalogue,
    "fazhi.governance.decisions.services",
    [
        Step(
            "agree",
            "登记党委同意",
            "AgreeForm",
            (C.DRAFTING,),
            (C.AGREED,),
            OFFICE_STAFF,
            service="party_agree",
        ),
        Step(
            "publish",
            "公布目录",
            "CataloguePublishForm",
            (C.DRAFTING, C.AGREED),
            (C.PUBLISHED,),
            OFFICE_STAFF,
            service="publish_catalogue",
        ),
        Step(
            "add_item",
            "列入决策事项",
            "AddItemForm",
            (C.DRAFTING, C.AGREED, C.PUBLISHED),
            (),
            OFFICE_STAFF,
            form_args=government_args,
            service="add_item",
        ),
    ],
    forms="fazhi.governance.decisions.forms",
    creator=HasDuty(
        OFFICE, reason="只有本级政府的重大行政决策统筹机构(如政府办)可以编制决策事项目录。"
    )
    & ActsFor("office"),
    reach=("office", "government"),
)


def _no_pending_review(d) -> bool:
    return legality_link.state(d) != "pending"


STEPS = Steps(
    Decision,
    "fazhi.governance.decisions.services",
    [
        Step(
            "start",
            "启动决策程序",
            "StartForm",
            (S.LISTED,),
            (S.STARTED,),
            OFFICE_STAFF,
            form_args=government_args,
        ),
        Step(
            "open_comment",
            "公开征求意见",
            "OpenCommentForm",
            (S.STARTED,),
            (S.COMMENTING,),
            HANDLER,
        ),
        Step(
            "comment",
            "登记公众意见",
            "CommentForm",
            (S.COMMENTING,),
            (),
            Public() | HANDLER,
        ),
        Step(
            "close_comment",
            "结束征求意见",
            "CloseCommentForm",
            (S.COMMENTING,),
            (S.PREPARING,),
            HANDLER,
        ),
        Step(
            "handle_opinion",
            "处理公众意见",
            "HandleOpinionForm",
            (S.PREPARING,),
            (),
            HANDLER,
            form_args=lambda d, user: {"decision": d},
        ),
        Step(
            "publish_handling",
            "公布意见采纳情况",
            "PublishHandlingForm",
            (S.PREPARING,),
            (),
            HANDLER,
            when=lambda d: d.handling_published_on is None,
            when_reason="意见采纳情况已经公布。",
        ),
        Step(
            "hearing",
            "举行听证会",
            "HearingForm",
            DRAFTING,
            (),
            HANDLER,
            when=lambda d: d.hearing_on is None,
            when_reason="本决策已举行听证会。",
            form_args=government_args,
        ),
        Step(
            "experts",
            "专家论证",
            "ExpertsForm",
            DRAFTING,
            (),
            HANDLER,
            when=lambda d: d.experts_on is None,
            when_reason="本决策已完成专家论证。",
        ),
        Step(
            "risk",
            "风险评估",
            "RiskForm",
            DRAFTING,
            (),
            HANDLER,
            when=lambda d: d.risk_on is None,
            when_reason=f"本决策已完成风险评估；已评估的风险不作重复评估({ARTICLE['risk']})。",
        ),
        Step(
            "request_review",
            "送请合法性审查",
            "RequestReviewForm",
            (S.PREPARING,),
            (),
            HANDLER,
            when=_no_pending_review,
            when_reason="决策草案正在合法性审查中，待审查意见作出后再办理。",
        ),
        Step(
            "decide",
            "集体讨论决定",
            "DecideForm",
            (S.PREPARING,),
            (S.DECIDED, S.PREPARING),
            OFFICE_STAFF,
            form_args=government_args,
        ),
        Step(
            "publish",
            "公布决策",
            "PublishForm",
            (S.DECIDED,),
            (S.PUBLISHED,),
            OFFICE_STAFF,
        ),
        Step(
            "evaluate",
            "决策后评估",
            "EvaluateForm",
            (S.PUBLISHED,),
            (),
            OFFICE_STAFF,
            when=lambda d: d.evaluated_on is None,
            when_reason="本决策已完成决策后评估。",
        ),
        Step(
            "remove",
            "调出目录",
            "RemoveForm",
            (S.LISTED, *DRAFTING),
            (S.REMOVED,),
            OFFICE_STAFF,
            confirm="该事项将调出本年度决策事项目录，不再按重大行政决策办理",
        ),
    ],
    forms="fazhi.governance.decisions.forms",
    creator=OFFICE_STAFF,
    reach=("unit", "office", "government", "hearing_unit"),
)


MEETING_STEPS = Steps(
    Meeting,
    "fazhi.governance.decisions.services",
    [
        Step(
            "study",
            "登记会前学法",
            "StudyForm",
            (M.HELD, M.MINUTED),
            (),
            OFFICE_STAFF,
            when=lambda m: not m.study_topic,
            when_reason="本次会议已登记会前学法。",
            service="record_study",
        ),
        Step(
            "minutes",
            "印发会议纪要",
            "MinutesForm",
            (M.HELD,),
            (M.MINUTED,),
            OFFICE_STAFF,
            service="issue_minutes",
        ),
    ],
    forms="fazhi.governance.decisions.forms",
    creator=HasDuty(
        OFFICE, reason="只有本级政府的重大行政决策统筹机构(如政府办)可以登记政府常务会议。"
    )
    & ActsFor("office"),
    reach=("office", "government"),
)
