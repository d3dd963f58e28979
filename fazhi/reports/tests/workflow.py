"""起草 → 审核 → 签发 for tests: the coordinator sends, the reviewer approves, the leader signs."""

import datetime as dt

from fazhi.core.audit import Channel
from fazhi.reports import services
from fazhi.reports.models import AnnualReport, ReportStatus

DOC_NUMBER = "弥政报〔2022〕5号"
INDEX_NUMBER = "000014348/2022-01024"
ISSUED_ON = dt.date(2022, 3, 16)
REASON = "相关数据待省平台对接后补充，经审核同意先行签发"


def approve(report: AnnualReport, people) -> AnnualReport:
    services.submit_for_review(people["coordinator"], Channel.WEB, report)
    return services.approve_report(people["reviewer"], Channel.WEB, report, "同意")


def sign(report: AnnualReport, people, reason: str = REASON, **fields) -> AnnualReport:
    if report.status != ReportStatus.APPROVED:
        report = approve(report, people)
    return services.sign_report(
        people["leader"],
        Channel.WEB,
        report,
        fields.pop("doc_number", DOC_NUMBER),
        fields.pop("index_number", INDEX_NUMBER),
        fields.pop("issued_on", ISSUED_ON),
        problems_reason=reason,
        **fields,
    )
