"""The transition tables of 行政规范性文件: the document, the 清理 campaign and the 备案审查.

A document is registered and carried by its drafting unit (起草单位); the 制定机关 (its organ, when
that is another unit: the government for a document drafted by a department) may take its steps
too. It goes to 集体审议 only once 合法性审核 has cleared it (rules.ARTICLE["review"]): the
table's `when`, so a page never offers what the service would refuse. Its validity ends by itself
(失效) when the 有效期 runs out: a step only the scheduled job takes.

A 清理 is opened, decided and closed by the government's coordinator (统筹协调, 司法局). A
备案审查 is the 备案审查机构's (a unit duty): the organ whose document was examined reports how it
handled a correction.
"""

from fazhi.core.authority import ActsFor, HasDuty, HasRole, System
from fazhi.core.models import Role
from fazhi.core.steps import Step, Steps

from .models import (
    CampaignStatus,
    CleanupCampaign,
    DocStatus,
    FilingReview,
    FilingStatus,
    IncidentalReview,
    IncidentalStatus,
    NormativeDocument,
)
from .rules import ARTICLE

FILING_OFFICE = "normative.filing_office"  # 规范性文件备案审查机构

S = DocStatus
DRAFTER = ActsFor("unit", reason="只有起草单位或者制定机关的工作人员可以办理。") | ActsFor("organ")


def _may_request_review(doc) -> bool:
    """A draft is submitted once; again only after an opinion of 不合法 (it is then revised)."""
    if doc.status == S.DRAFTED:
        return True
    from fazhi.governance.legality import queries as legality

    review = legality.review_of(doc)
    return review is None or review.opinion == "unlawful"  # legality.models.Opinion.UNLAWFUL


def _cleared(doc) -> bool:
    from fazhi.governance.legality import queries as legality

    return legality.cleared(doc) is not None


STEPS = Steps(
    NormativeDocument,
    "fazhi.governance.normative.services",
    [
        Step(
            "request_review",
            "提请合法性审核",
            "RequestReviewForm",
            (S.DRAFTED, S.REVIEWING),
            (S.REVIEWING,),
            DRAFTER,
            when=_may_request_review,
            when_reason="已提请合法性审核，审核意见作出前(或者审核认为合法后)不能再次提请。",
        ),
        Step(
            "deliberate",
            "集体审议",
            "DeliberateForm",
            (S.REVIEWING,),
            (S.DELIBERATED,),
            DRAFTER,
            when=_cleared,
            when_reason="无法集体审议：规范性文件未经合法性审核，或者审核认为不合法的，不得提交"
            f"集体审议({ARTICLE['review']})。",
        ),
        Step(
            "publish",
            "公布",
            "PublishForm",
            (S.DELIBERATED,),
            (S.PUBLISHED,),
            DRAFTER,
        ),
        Step(
            "file",
            "报送备案",
            "FileForm",
            (S.PUBLISHED,),
            (S.EFFECTIVE,),
            DRAFTER,
            service="file_document",
        ),
        Step(
            "amend",
            "修改",
            "AmendForm",
            (S.PUBLISHED, S.EFFECTIVE),
            (S.PUBLISHED,),
            DRAFTER,
        ),
        Step(
            "abolish",
            "废止",
            "AbolishForm",
            (S.PUBLISHED, S.EFFECTIVE),
            (S.ABOLISHED,),
            DRAFTER,
            confirm="废止后文件不再有效",
        ),
        Step(
            "expire",
            "有效期届满失效",
            "AbolishForm",
            (S.PUBLISHED, S.EFFECTIVE),
            (S.EXPIRED,),
            System(),
        ),
    ],
    # A department drafts its government's documents too: the organ is checked by the service
    # (the unit itself or its government), the reach keeps both in the actor's government.
    forms="fazhi.governance.normative.forms",
    creator=ActsFor("unit", reason="只有起草单位的工作人员可以登记规范性文件。"),
    reach=("unit", "organ"),
)


# --- 清理 -----------------------------------------------------------------------------------------

COORDINATOR = HasRole(
    (Role.COORDINATOR,), reason="只有本级政府的统筹协调人员(司法局)可以组织规范性文件清理。"
) & ActsFor("office", reason="只有牵头清理的单位可以办理。")


def _campaign(campaign, user) -> dict:
    return {"campaign": campaign}


CAMPAIGN_STEPS = Steps(
    CleanupCampaign,
    "fazhi.governance.normative.services",
    [
        Step(
            "decide",
            "作出清理结果",
            "DecideForm",
            (CampaignStatus.OPEN,),
            (),
            COORDINATOR,
            service="decide",
            form_args=_campaign,
        ),
        Step(
            "close",
            "完成清理",
            "CloseCampaignForm",
            (CampaignStatus.OPEN,),
            (CampaignStatus.CLOSED,),
            COORDINATOR,
            service="close_campaign",
            confirm="完成后清理结果即予执行：废止的文件失去效力，修改的文件形成新版本",
        ),
    ],
    forms="fazhi.governance.normative.forms",
    creator=COORDINATOR,
    reach=("office", "government"),
)


# --- 备案审查 -------------------------------------------------------------------------------------

F = FilingStatus
OFFICE_STAFF = HasDuty(
    FILING_OFFICE, reason="只有本级政府的规范性文件备案审查机构可以办理。"
) & ActsFor("office", reason="只有登记本件的备案审查机构可以办理。")
ORGAN = ActsFor("organ", reason="只有制定机关或者备案审查机构可以报送处理情况。")

FILING_STEPS = Steps(
    FilingReview,
    "fazhi.governance.normative.services",
    [
        Step(
            "conclude",
            "作出审查结论",
            "ConcludeForm",
            (F.RECEIVED,),
            (F.REGISTERED, F.CORRECTING, F.REFUSED),
            OFFICE_STAFF,
        ),
        Step(
            "report",
            "报送处理情况",
            "CorrectionReportForm",
            (F.CORRECTING,),
            (F.CORRECTED,),
            OFFICE_STAFF | ORGAN,
            service="report_correction",
        ),
    ],
    forms="fazhi.governance.normative.forms",
    creator=OFFICE_STAFF,
    reach=("office", "government", "organ"),
)


# --- 附带审查 -------------------------------------------------------------------------------------

REVIEW_OFFICE = "reconsideration.office"  # 行政复议机构 (the duty 行政复议 declares)
INC = IncidentalStatus
CASE_HANDLER = HasDuty(
    REVIEW_OFFICE, reason="只有本级政府的行政复议机构可以办理附带审查。"
) & ActsFor("office", reason="只有承办该行政复议案件的行政复议机构可以办理。")
MAKER = ActsFor("document.organ", reason="只有规范性文件的制定机关或者行政复议机构可以提交答复。")

INCIDENTAL_STEPS = Steps(
    IncidentalReview,
    "fazhi.governance.normative.services",
    [
        Step(
            "notify",
            "书面通知制定机关答复",
            "OnForm",
            (INC.RECEIVED,),
            (INC.NOTIFIED,),
            CASE_HANDLER,
            service="notify_maker",
            when=lambda r: r.competent,
            when_reason="复议机关无权处理的，应当转送有权处理的机关(行政复议法第五十六条)。",
        ),
        Step(
            "answer",
            "制定机关书面答复",
            "OnForm",
            (INC.NOTIFIED,),
            (INC.ANSWERED,),
            CASE_HANDLER | MAKER,
            service="record_answer",
        ),
        Step(
            "handle",
            "作出处理",
            "IncidentalHandleForm",
            (INC.RECEIVED, INC.NOTIFIED, INC.ANSWERED),
            (INC.HANDLED,),
            CASE_HANDLER,
            service="handle_incidental",
            when=lambda r: r.competent,
            when_reason="复议机关无权处理的，应当转送有权处理的机关(行政复议法第五十六条)。",
        ),
        Step(
            "forward",
            "转送有权处理的机关",
            "ForwardForm",
            (INC.RECEIVED,),
            (INC.FORWARDED,),
            CASE_HANDLER,
            service="forward_incidental",
            when=lambda r: not r.competent,
            when_reason="复议机关有权处理的，应当在三十日内依法处理(行政复议法第五十六条)。",
        ),
        Step(
            "reply",
            "收到处理意见",
            "IncidentalHandleForm",
            (INC.FORWARDED,),
            (INC.HANDLED,),
            CASE_HANDLER,
            service="record_reply",
        ),
    ],
    forms="fazhi.governance.normative.forms",
    creator=CASE_HANDLER,
    reach=("office", "organ"),
)
