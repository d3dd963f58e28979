"""Every state change of a 规范性文件, a 清理 and a 备案审查: one function each, run through its
transition table (steps.py) — checked, locked, dated, audited in one transaction.

The document: 登记(起草) → 提请合法性审核 (through the 合法性审核 procedure's own service) →
集体审议 (only once cleared) → 公布 (文号, date: version 1, its 有效期 and 备案 clock) → 报送备案 →
修改 (a new version, filed again) / 废止 / 失效 (the tick, when the 有效期 has run out). A document
published before the platform is recorded as it stands (`record_existing`: imports, the demo).
"""

import datetime as dt

from django.db import transaction

from fazhi.core import audit
from fazhi.core.clocks import due_date
from fazhi.core.models import OrgUnit
from fazhi.core.steps import Frame
from fazhi.core.workflow import Refusal, require_date

from . import rules
from .models import (
    CampaignStatus,
    ChangeKind,
    CleanupCampaign,
    CleanupDecision,
    Decision,
    DocStatus,
    DocumentVersion,
    FilingReview,
    FilingStatus,
    IncidentalResult,
    IncidentalReview,
    IncidentalStatus,
    NormativeDocument,
)
from .steps import CAMPAIGN_STEPS, FILING_STEPS, INCIDENTAL_STEPS, STEPS

S = DocStatus
AUDITED = (
    "status",
    "title",
    "review_opinion_on",
    "deliberated_on",
    "version",
    "doc_number",
    "published_on",
    "effective_from",
    "valid_until",
    "filing_due_on",
    "filed_on",
    "abolished_on",
    "expired_on",
    "end_reason",
)
LEGALITY_KIND = "normative"  # legality.models.ReviewKind.NORMATIVE (reached through its services)


# --- the document -------------------------------------------------------------------------------


def register(actor, channel: str, data: dict) -> NormativeDocument:
    """登记 a draft: by its drafting unit (the user's own, or a unit the user acts for: the
    coordinator), for itself or its government."""
    if actor is None or actor.unit_id is None:
        raise Refusal("请以起草单位工作人员的身份登记。")
    require_date(data["drafted_on"], label="登记日期")
    unit = data.get("unit") or actor.unit
    doc = NormativeDocument(
        organ=data.get("organ") or unit,
        unit=unit,
        title=_title(data["title"]),
        provisional=bool(data.get("provisional")) or _provisional(data["title"]),
        text=(data.get("text") or "").strip(),
        drafted_on=data["drafted_on"],
    )
    _check_organ(doc)
    return STEPS.create(actor, channel, doc, action="登记规范性文件草案", on=doc.drafted_on)


def record_existing(
    actor,
    channel: str,
    *,
    organ: OrgUnit,
    unit: OrgUnit,
    title: str,
    doc_number: str,
    published_on: dt.date,
    effective_from: dt.date | None = None,
    provisional: bool | None = None,
    filed_on: dt.date | None = None,
    review_opinion_on: dt.date | None = None,
    deliberated_on: dt.date | None = None,
    text: str = "",
) -> NormativeDocument:
    """A document published before it was kept here (an import of the history, the demo): it is
    registered as it stands, with its first version; its 备案 and 有效期 clocks as if it had been
    published here."""
    require_date(published_on, label="公布日期")
    effective_from = effective_from or published_on
    if effective_from < published_on:
        raise Refusal("施行日期不能早于公布日期。")
    if filed_on:
        require_date(
            filed_on, label="报送备案日期", not_before=published_on, before_label="公布日期"
        )
    if not str(doc_number).strip():
        raise Refusal("已公布的规范性文件应有文号。")
    provisional = _provisional(title) if provisional is None else provisional
    doc = NormativeDocument(
        organ=organ,
        unit=unit,
        title=_title(title),
        provisional=provisional,
        text=text.strip(),
        drafted_on=published_on,
        review_opinion_on=review_opinion_on,
        deliberated_on=deliberated_on,
        status=S.EFFECTIVE if filed_on else S.PUBLISHED,
        first_published_on=published_on,
        version=1,
        doc_number=str(doc_number).strip()[:60],
        published_on=published_on,
        effective_from=effective_from,
        valid_until=rules.valid_until(effective_from, provisional),
        filed_on=filed_on,
    )
    _check_organ(doc)
    if doc.filed_on:
        doc.filing_organ = _filing_organ(doc)

    def first_version(doc):
        _new_version(doc, ChangeKind.ISSUED, "")
        return []

    details = {"doc_number": doc.doc_number}
    return STEPS.create(
        actor,
        channel,
        doc,
        action="登记已公布的规范性文件",
        on=published_on,
        details=details,
        then=first_version,
    )


def request_review(actor, channel: str, doc, *, on: dt.date, note: str = "") -> NormativeDocument:
    """提请合法性审核: the 合法性审核 procedure opens its review of this document (its own table
    checks that the actor may request it) in this step's transaction."""
    from fazhi.governance.legality import services as legality

    made = {}

    def change(doc):
        require_date(on, label="提请日期", not_before=doc.drafted_on, before_label="登记日期")
        made["review"] = legality.request_review(
            actor,
            kind=LEGALITY_KIND,
            title=doc.title,
            unit=doc.unit,
            submitted_on=on,
            subject=doc,
            note=note,
            channel=channel,
        )
        doc.status = S.REVIEWING

    return STEPS.apply(
        "request_review",
        actor,
        channel,
        doc,
        change,
        details={"note": note} if note else None,
        on=on,
    )


def deliberate(actor, channel: str, doc, *, on: dt.date, meeting: str) -> NormativeDocument:
    """集体审议 (常务会议、局务会议 …), only once 合法性审核 has cleared the draft (the table's
    `when`: rules.ARTICLE["review"])."""
    from fazhi.governance.legality import queries as legality

    def change(doc):
        review = legality.cleared(doc)
        if review is None:  # the table checked it; the row lock may have seen a newer opinion
            raise Refusal(STEPS["deliberate"].when_reason)
        require_date(
            on,
            label="集体审议日期",
            not_before=review.opinion_on,
            before_label="合法性审核意见日期",
        )
        if not meeting.strip():
            raise Refusal("请写明审议会议。")
        doc.status, doc.deliberated_on = S.DELIBERATED, on
        doc.meeting, doc.review_opinion_on = meeting.strip()[:100], review.opinion_on

    return STEPS.apply(
        "deliberate", actor, channel, doc, change, details={"meeting": meeting}, on=on
    )


def publish(
    actor,
    channel: str,
    doc,
    *,
    on: dt.date,
    doc_number: str,
    effective_from: dt.date | None = None,
    text: str = "",
) -> NormativeDocument:
    """公布 with its 文号 (统一编号) and date: version 1; its 有效期 runs from the day it takes
    effect, its 备案 period from the day after publication (rules.filing_period)."""

    def change(doc):
        require_date(
            on, label="公布日期", not_before=doc.deliberated_on, before_label="集体审议日期"
        )
        _number(doc_number)
        start = effective_from or on
        if start < on:
            raise Refusal("施行日期不能早于公布日期。")
        if text.strip():
            doc.text = text.strip()
        doc.status, doc.version = S.PUBLISHED, 1
        doc.doc_number, doc.published_on, doc.first_published_on = doc_number.strip(), on, on
        doc.effective_from = start
        doc.valid_until = rules.valid_until(start, doc.provisional)
        doc.filed_on = None
        refresh_due(doc)
        _new_version(doc, ChangeKind.ISSUED, "")

    details = {"doc_number": doc_number}
    return STEPS.apply("publish", actor, channel, doc, change, details=details, on=on)


def file_document(
    actor, channel: str, doc, *, on: dt.date, filing_organ: str = ""
) -> NormativeDocument:
    """报送备案 of the current version (rules.filing_period; late filing is recorded as late, the
    备案及时率 counts it)."""

    def change(doc):
        require_date(on, label="报送备案日期", not_before=doc.published_on, before_label="公布日期")
        doc.status, doc.filed_on = S.EFFECTIVE, on
        doc.filing_organ = (filing_organ.strip() or _filing_organ(doc))[:200]
        doc.versions.filter(number=doc.version).update(filed_on=on)

    details = {"filing_organ": filing_organ} if filing_organ else None
    return STEPS.apply("file", actor, channel, doc, change, details=details, on=on)


def amend(
    actor,
    channel: str,
    doc,
    *,
    on: dt.date,
    reason: str,
    doc_number: str = "",
    effective_from: dt.date | None = None,
    text: str = "",
) -> NormativeDocument:
    """修改: a new version (its text, 文号 and dates), the earlier one kept as it was; the amended
    document is filed again and its 有效期 runs anew from the amended text's taking effect."""

    def change(doc):
        _amend(doc, on, reason, doc_number, effective_from, text)

    details = {"reason": reason, "doc_number": doc_number}
    return STEPS.apply("amend", actor, channel, doc, change, details=details, on=on)


def _amend(doc, on, reason, doc_number, effective_from, text) -> None:
    require_date(on, label="修改日期", not_before=doc.published_on, before_label="公布日期")
    if not reason.strip():
        raise Refusal("请写明修改理由。")
    start = effective_from or on
    if start < on:
        raise Refusal("修改后施行日期不能早于修改日期。")
    doc.versions.filter(number=doc.version).update(superseded_on=on)
    doc.version += 1
    if doc_number.strip():
        doc.doc_number = doc_number.strip()[:60]
    if text.strip():
        doc.text = text.strip()
    doc.status, doc.published_on, doc.filed_on = S.PUBLISHED, on, None
    doc.valid_until = rules.valid_until(start, doc.provisional)
    refresh_due(doc)
    _new_version(doc, ChangeKind.AMENDED, reason.strip(), effective_from=start)


def abolish(actor, channel: str, doc, *, on: dt.date, reason: str) -> NormativeDocument:
    """废止: the document ceases to be in force from that day."""

    def change(doc):
        require_date(on, label="废止日期", not_before=doc.published_on, before_label="公布日期")
        if not reason.strip():
            raise Refusal("请写明废止理由。")
        doc.status, doc.abolished_on, doc.end_reason = S.ABOLISHED, on, reason.strip()[:300]
        doc.versions.filter(number=doc.version).update(superseded_on=on)

    return STEPS.apply("abolish", actor, channel, doc, change, details={"reason": reason}, on=on)


def _expire(doc) -> None:
    from django.utils import timezone

    if doc.valid_until is None or doc.valid_until >= timezone.localdate():
        raise Refusal("有效期尚未届满。")
    doc.status, doc.expired_on = S.EXPIRED, doc.valid_until + dt.timedelta(days=1)


def expire(actor, channel: str, doc, *, on: dt.date, reason: str = "") -> NormativeDocument:
    """失效 when the 有效期 has run out: the scheduled job's step (the table allows no person)."""
    return STEPS.apply("expire", actor, channel, doc, _expire, on=on)


def expire_many(ids) -> tuple[int, dict[str, int]]:
    from fazhi.core.audit import Channel

    changed, refused = STEPS.apply_many(
        "expire",
        None,
        Channel.JOB,
        ids,
        _expire,
        on=lambda doc: doc.valid_until + dt.timedelta(days=1),
        skip_locked=True,
        fields=["status", "expired_on", "next_due_on", "next_due_label", "filing_due_on"],
    )
    return len(changed), refused


def _new_version(doc, change: str, reason: str, effective_from=None) -> DocumentVersion:
    return DocumentVersion.objects.create(
        document=doc,
        number=doc.version,
        change=change,
        title=doc.title,
        doc_number=doc.doc_number,
        text=doc.text,
        reason=reason,
        published_on=doc.published_on,
        effective_from=effective_from or doc.effective_from,
        valid_until=doc.valid_until,
        filing_due_on=doc.filing_due_on,
        filed_on=doc.filed_on,
    )


def _title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise Refusal("请填写规范性文件标题。")
    return title[:200]


def _provisional(title: str) -> bool:
    return "暂行" in title or "试行" in title


def _number(doc_number: str) -> None:
    if not doc_number.strip():
        raise Refusal("公布规范性文件应有文号(统一编号)。")


def _check_organ(doc) -> None:
    """The 制定机关 is the drafting unit itself or the government it belongs to."""
    if doc.organ_id != doc.unit_id and doc.organ_id != doc.unit.government().pk:
        raise Refusal(f"制定机关“{doc.organ}”应为起草单位本身或者其所属的人民政府。")


def _filing_organ(doc) -> str:
    """A department's or town's document is filed with its government; a government's with the
    government above it and the 人大常委会 of its own level."""
    organ = doc.organ
    if organ.is_government:
        above = organ.parent.name if organ.parent_id else "上一级人民政府"
        return f"{above}、{organ.name.replace('人民政府', '')}人大常委会"
    return organ.government().name


def refresh_due(doc) -> None:
    if doc.published_on:
        doc.filing_due_on = due_date(doc.published_on, rules.filing_period())
    if doc.status == S.PUBLISHED:
        doc.next_due_on, doc.next_due_label = doc.filing_due_on, "报送备案"
    elif doc.status == S.EFFECTIVE and doc.valid_until:
        doc.next_due_on, doc.next_due_label = doc.valid_until, "有效期届满"
    else:
        doc.next_due_on, doc.next_due_label = None, ""


DOCUMENT_FRAME = Frame(
    snapshot=lambda doc: audit.snapshot(doc, AUDITED),
    refresh_due=refresh_due,
    default_on=lambda doc: doc.drafted_on,
)


# --- 清理 -----------------------------------------------------------------------------------------


def open_campaign(
    actor,
    channel: str,
    *,
    government: OrgUnit,
    office: OrgUnit,
    title: str,
    cutoff_on: dt.date,
    opened_on: dt.date,
    units=(),
) -> CleanupCampaign:
    """A 清理 of the documents in force on `cutoff_on`, issued by `units` (or by any organ of the
    government): opened by the government's coordinator."""
    require_date(opened_on, label="开始日期")
    require_date(cutoff_on, label="清理基准日")
    title, units = (title or "").strip(), list(units)
    if not title:
        raise Refusal("请填写清理名称。")
    for unit in units:
        if not unit.path.startswith(government.path):
            raise Refusal(f"“{unit}”不属于{government}，不能纳入本次清理。")
    campaign = CleanupCampaign(
        government=government,
        office=office,
        title=title[:200],
        cutoff_on=cutoff_on,
        opened_on=opened_on,
    )

    def scope(campaign):
        campaign.units.set(units)
        return []

    details = {"units": [str(u) for u in units], "cutoff_on": cutoff_on}
    return CAMPAIGN_STEPS.create(
        actor,
        channel,
        campaign,
        action="组织规范性文件清理",
        on=opened_on,
        details=details,
        then=scope,
    )


def campaign_from_form(actor, channel: str, data: dict) -> CleanupCampaign:
    if actor is None or actor.unit_id is None:
        raise Refusal("请以本级政府统筹协调人员的身份组织清理。")
    return open_campaign(
        actor, channel, government=actor.unit.government(), office=actor.unit, **data
    )


def decide(
    actor, channel: str, campaign, *, document, decision: str, reason: str, on: dt.date
) -> CleanupCampaign:
    """One document's 清理结果 (保留 / 修改 / 废止) with its reason; carried out when the 清理 is
    completed."""
    from .queries import undecided

    def change(campaign):
        if decision not in Decision.values:
            raise Refusal(f"清理结果“{decision}”无效，应为保留、修改或者废止。")
        if not reason.strip():
            raise Refusal("请写明清理结果的理由。")
        require_date(on, label="决定日期", not_before=campaign.opened_on, before_label="开始日期")
        if document is None or not undecided(campaign).filter(pk=document.pk).exists():
            raise Refusal("该文件不在本次清理范围内，或者已作出清理结果。")
        CleanupDecision.objects.create(
            campaign=campaign,
            document=document,
            decision=decision,
            reason=reason.strip()[:300],
            decided_on=on,
        )

    details = {"document": str(document), "decision": decision, "reason": reason}
    return CAMPAIGN_STEPS.apply("decide", actor, channel, campaign, change, details=details, on=on)


def close_campaign(actor, channel: str, campaign, *, on: dt.date) -> CleanupCampaign:
    """完成清理: refused while a document of its scope has no decision; then each decision is
    carried out by the document's own step (废止 ends its validity; 修改 opens a new version)."""
    from .queries import undecided

    def change(campaign):
        require_date(on, label="完成日期", not_before=campaign.opened_on, before_label="开始日期")
        pending = undecided(campaign)
        count = pending.count()
        if count:
            first = pending.first()
            raise Refusal(
                f"无法完成清理：尚有{count}件规范性文件未作出清理结果(保留、修改或者废止)，"
                f"如“{first.title}”；清理范围内的每件文件都应作出清理结果"
                f"({rules.ARTICLE['cleanup']}“健全行政规范性文件动态清理工作机制”)。"
            )
        last = campaign.decisions.order_by("-decided_on").values_list("decided_on", flat=True)
        if last.first() and on < last.first():
            raise Refusal(f"完成日期不能早于最后一项清理结果的日期({last.first():%Y-%m-%d})。")
        campaign.status, campaign.closed_on = CampaignStatus.CLOSED, on

    def carry_out(campaign):
        decisions = campaign.decisions.exclude(decision=Decision.KEEP).select_related("document")
        for d in decisions.filter(document__status__in=S.in_force()):
            reason = f"{campaign.title}：{d.reason}"
            if d.decision == Decision.ABOLISH:
                abolish(actor, channel, d.document, on=on, reason=reason[:300])
            else:
                amend(actor, channel, d.document, on=on, reason=reason[:300])
            d.applied_on = on
            d.save(update_fields=["applied_on"])
        return []

    return CAMPAIGN_STEPS.apply(
        "close",
        actor,
        channel,
        campaign,
        change,
        on=on,
        action="完成规范性文件清理",
        then=carry_out,
    )


# --- 备案审查 -------------------------------------------------------------------------------------

FILING_AUDITED = ("status", "review_due_on", "concluded_on", "report_due_on", "reported_on")


def receive_filing(
    actor, channel: str, *, office: OrgUnit, document, received_on: dt.date
) -> FilingReview:
    """收到报送备案的文件: registered by the government's 备案审查机构 (its duty)."""
    require_date(received_on, label="收到备案日期")
    if document is None:
        raise Refusal("请选择报送备案的规范性文件。")
    if document.published_on and received_on < document.published_on:
        raise Refusal("收到备案日期不能早于文件公布日期。")
    government = office.government()
    if not document.organ.path.startswith(government.path):
        raise Refusal(f"“{document}”不是{government}或者其部门、乡镇制定的文件。")
    review = FilingReview(
        government=government,
        office=office,
        organ=document.organ,
        document=document,
        received_on=received_on,
    )
    with transaction.atomic():
        if FilingReview.objects.filter(document=document, status=FilingStatus.RECEIVED).exists():
            raise Refusal(f"“{document}”的备案审查正在办理。")
        return FILING_STEPS.create(
            actor,
            channel,
            review,
            action="收到规范性文件备案",
            on=received_on,
            details={"document": str(document)},
        )


def filing_from_form(actor, channel: str, data: dict) -> FilingReview:
    if actor is None or actor.unit_id is None:
        raise Refusal("请以备案审查机构工作人员的身份登记。")
    return receive_filing(actor, channel, office=actor.unit, **data)


def conclude(
    actor, channel: str, review, *, on: dt.date, outcome: str, opinion: str = ""
) -> FilingReview:
    """审查结论: 予以备案登记; or problems found — the organ is asked to correct (修改或者废止)
    and reports how it did within 30 日 (BA01 art. 17; BA24 arts. 18, 21); or 不予备案登记."""
    outcomes = {
        "registered": FilingStatus.REGISTERED,
        "correcting": FilingStatus.CORRECTING,
        "refused": FilingStatus.REFUSED,
    }

    def change(review):
        if outcome not in outcomes:
            raise Refusal(f"审查结论“{outcome}”无效。")
        require_date(
            on, label="审查完成日期", not_before=review.received_on, before_label="收到备案日期"
        )
        if outcome != "registered" and not opinion.strip():
            raise Refusal("建议纠正或者不予备案登记的，应写明审查意见。")
        review.status, review.concluded_on = outcomes[outcome], on
        review.opinion = opinion.strip()[:2000]

    details = {"outcome": outcome, "opinion": opinion}
    return FILING_STEPS.apply("conclude", actor, channel, review, change, details=details, on=on)


def report_correction(actor, channel: str, review, *, on: dt.date, report: str) -> FilingReview:
    def change(review):
        require_date(
            on, label="报送日期", not_before=review.concluded_on, before_label="审查完成日期"
        )
        if not report.strip():
            raise Refusal("请写明处理情况。")
        review.status, review.reported_on = FilingStatus.CORRECTED, on
        review.report = report.strip()[:2000]

    return FILING_STEPS.apply(
        "report", actor, channel, review, change, details={"report": report}, on=on
    )


def refresh_filing_due(review) -> None:
    review.review_due_on = due_date(review.received_on, rules.filing_review_period())
    if review.concluded_on and review.status in (FilingStatus.CORRECTING, FilingStatus.CORRECTED):
        review.report_due_on = due_date(review.concluded_on, rules.CORRECTION_REPORT)
    if review.status == FilingStatus.RECEIVED:
        review.next_due_on, review.next_due_label = review.review_due_on, "备案审查"
    elif review.status == FilingStatus.CORRECTING:
        review.next_due_on, review.next_due_label = review.report_due_on, "报送处理情况"
    else:
        review.next_due_on, review.next_due_label = None, ""


FILING_FRAME = Frame(
    snapshot=lambda review: audit.snapshot(review, FILING_AUDITED),
    refresh_due=refresh_filing_due,
    default_on=lambda review: review.received_on,
)


# --- 附带审查 (行政复议法(2023) arts. 13, 39, 56–60) ---------------------------------------------

INCIDENTAL_AUDITED = (
    "status",
    "competent",
    "notified_on",
    "answered_on",
    "forwarded_on",
    "forwarded_to",
    "handled_on",
    "result",
)
INC = IncidentalStatus
SUSPENSION_GROUND = (
    "norm_review"  # reconsideration's SuspensionGround.NORM_REVIEW (art. 39 ¶1 (九))
)


def request_incidental(
    actor,
    channel: str,
    *,
    case,
    requested_on: dt.date,
    document=None,
    document_title: str = "",
    clauses: str = "",
    competent: bool = True,
) -> IncidentalReview:
    """An applicant's request, with the 复议 application, to review the 规范性文件 the act rests
    on (art. 13): registered by the 复议机构 handling the case, which is 中止 the same day through
    the 行政复议 procedure's own step (art. 39 ¶1 (九)); the 30 日 to handle (or 7 工作日 to
    forward, art. 56) run from that day."""
    from fazhi.disputes.reconsideration import services as reconsideration

    require_date(requested_on, label="中止审理日期")
    if case is None:
        raise Refusal("请选择行政复议案件。")
    title = (document_title or "").strip() or (str(document) if document else "")
    if not title:
        raise Refusal("请选择或者填写申请审查的规范性文件。")
    review = IncidentalReview(
        organ=case.organ,
        office=case.unit,
        case=case,
        document=document,
        document_title=title[:200],
        clauses=(clauses or "").strip()[:200],
        requested_on=requested_on,
        competent=bool(competent),
    )

    def suspend_case(review):
        reconsideration.suspend(
            actor,
            channel,
            review.case,
            on=requested_on,
            ground=SUSPENSION_GROUND,
            note=f"对《{title}》的附带审查",
        )
        return []

    details = {"case": case.number, "document": title, "competent": bool(competent)}
    return INCIDENTAL_STEPS.create(
        actor,
        channel,
        review,
        action="受理规范性文件附带审查申请",
        on=requested_on,
        details=details,
        then=suspend_case,
    )


def incidental_from_form(actor, channel: str, data: dict) -> IncidentalReview:
    return request_incidental(actor, channel, **data)


def notify_maker(actor, channel: str, review, *, on: dt.date) -> IncidentalReview:
    """书面通知制定机关 within 3 工作日 of the 中止 (art. 58); it answers within 10 工作日."""

    def change(review):
        require_date(
            on, label="通知日期", not_before=review.requested_on, before_label="中止审理日期"
        )
        review.status, review.notified_on = INC.NOTIFIED, on

    return INCIDENTAL_STEPS.apply("notify", actor, channel, review, change, on=on)


def record_answer(actor, channel: str, review, *, on: dt.date) -> IncidentalReview:
    def change(review):
        require_date(on, label="答复日期", not_before=review.notified_on, before_label="通知日期")
        review.status, review.answered_on = INC.ANSWERED, on

    return INCIDENTAL_STEPS.apply("answer", actor, channel, review, change, on=on)


def handle_incidental(
    actor, channel: str, review, *, on: dt.date, result: str, result_text: str = ""
) -> IncidentalReview:
    """处理 (art. 59): lawful — told in the 复议决定书; beyond authority or against a higher law —
    its execution stopped and the maker ordered to correct it. The 复议 resumes."""
    return _conclude_incidental("handle", actor, channel, review, on, result, result_text)


def forward_incidental(
    actor, channel: str, review, *, on: dt.date, forwarded_to: str
) -> IncidentalReview:
    """转送 within 7 工作日 to the organ that may handle it (art. 56); it replies within 60 日 of
    receiving it (art. 60)."""

    def change(review):
        require_date(
            on, label="转送日期", not_before=review.requested_on, before_label="中止审理日期"
        )
        if not forwarded_to.strip():
            raise Refusal("请写明转送的有权处理机关。")
        review.status, review.forwarded_on = INC.FORWARDED, on
        review.forwarded_to = forwarded_to.strip()[:200]

    details = {"forwarded_to": forwarded_to}
    return INCIDENTAL_STEPS.apply("forward", actor, channel, review, change, details=details, on=on)


def record_reply(
    actor, channel: str, review, *, on: dt.date, result: str, result_text: str = ""
) -> IncidentalReview:
    """The competent organ's 处理意见 (art. 60); the 复议 resumes."""
    return _conclude_incidental("reply", actor, channel, review, on, result, result_text)


def _conclude_incidental(key, actor, channel, review, on, result, result_text):
    from fazhi.disputes.reconsideration import services as reconsideration

    def change(review):
        start = review.forwarded_on or review.answered_on or review.notified_on
        require_date(
            on,
            label="处理日期",
            not_before=start or review.requested_on,
            before_label="上一环节日期",
        )
        if result not in IncidentalResult.values:
            raise Refusal(f"处理结果“{result}”无效。")
        if result == IncidentalResult.UNLAWFUL and not result_text.strip():
            raise Refusal("认为相关条款不合法的，应写明处理意见(行政复议法第五十九条)。")
        review.status, review.handled_on, review.result = INC.HANDLED, on, result
        review.result_text = result_text.strip()[:2000]

    def resume_case(review):
        case = review.case
        if case.status == "suspended":  # reconsideration's Status.SUSPENDED
            reconsideration.resume(actor, channel, case, on=on)
        return []

    details = {"result": result, "result_text": result_text}
    return INCIDENTAL_STEPS.apply(
        key, actor, channel, review, change, details=details, on=on, then=resume_case
    )


def refresh_incidental_due(review) -> None:
    if review.competent:
        review.handle_due_on = due_date(review.requested_on, rules.INCIDENTAL_HANDLE)
        review.notify_due_on = due_date(review.requested_on, rules.INCIDENTAL_NOTIFY)
        review.forward_due_on = None
    else:
        review.forward_due_on = due_date(review.requested_on, rules.INCIDENTAL_FORWARD)
        review.handle_due_on = review.notify_due_on = None
    if review.notified_on:
        review.answer_due_on = due_date(review.notified_on, rules.INCIDENTAL_ANSWER)
    if review.forwarded_on:
        review.reply_due_on = due_date(review.forwarded_on, rules.INCIDENTAL_REPLY)
    due = {
        INC.RECEIVED: (review.forward_due_on, "转送")
        if not review.competent
        else (review.notify_due_on, "通知制定机关答复"),
        INC.NOTIFIED: (review.answer_due_on, "制定机关答复"),
        INC.ANSWERED: (review.handle_due_on, "作出处理"),
        INC.FORWARDED: (review.reply_due_on, "回复处理意见"),
    }
    review.next_due_on, review.next_due_label = due.get(review.status, (None, ""))


INCIDENTAL_FRAME = Frame(
    snapshot=lambda review: audit.snapshot(review, INCIDENTAL_AUDITED),
    refresh_due=refresh_incidental_due,
    default_on=lambda review: review.requested_on,
)


CAMPAIGN_FRAME = Frame(  # a 清理 runs no statutory clock
    snapshot=lambda campaign: audit.snapshot(campaign, ("status", "closed_on")),
    refresh_due=lambda campaign: None,
    default_on=lambda campaign: campaign.opened_on,
)

# The three tables share this services module, hence one frame that serves each its own.
FRAMES = {
    NormativeDocument: DOCUMENT_FRAME,
    CleanupCampaign: CAMPAIGN_FRAME,
    FilingReview: FILING_FRAME,
    IncidentalReview: INCIDENTAL_FRAME,
}
FRAME = Frame(
    snapshot=lambda obj: FRAMES[type(obj)].snapshot(obj),
    refresh_due=lambda obj: FRAMES[type(obj)].refresh_due(obj),
    default_on=lambda obj: FRAMES[type(obj)].default_on(obj),
)
