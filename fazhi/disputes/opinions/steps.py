"""The transition table of a 行政复议意见书. The 行政复议机构 drafts, issues and records its 送达;
the organ it is sent to reports its correction from its own pages (art. 76), or the 复议机构
records a report received on paper."""

from fazhi.core.authority import ActsFor, HasDuty
from fazhi.core.steps import Step, Steps

from .models import OpinionStatus, ReviewOpinion

OFFICE = "reconsideration.office"  # 行政复议机构 (the duty 行政复议 declares)
S = OpinionStatus
HANDLER = ActsFor("unit", reason="只有制发意见书的行政复议机构可以办理。")
ADDRESSEE = ActsFor("addressee", reason="只有收到意见书的机关或者行政复议机构可以报送纠正情况。")

STEPS = Steps(
    ReviewOpinion,
    "fazhi.disputes.opinions.services",
    [
        Step(
            "issue",
            "制发意见书",
            "IssueForm",
            (S.DRAFT,),
            (S.ISSUED,),
            HANDLER,
            instrument="opinion_letter",
        ),
        Step(
            "served",
            "意见书已送达",
            "OpinionServedForm",
            (S.ISSUED,),
            (S.SERVED,),
            HANDLER,
            serves="opinion_letter",
        ),
        Step(
            "report",
            "报送纠正情况",
            "ReportForm",
            (S.SERVED,),
            (S.REPORTED,),
            ADDRESSEE | HANDLER,
        ),
    ],
    forms="fazhi.disputes.opinions.forms",
    creator=HasDuty(OFFICE, reason="只有本级政府的行政复议机构可以制发行政复议意见书。") & HANDLER,
    reach=("unit", "addressee", "organ"),
)
