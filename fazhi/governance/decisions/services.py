"""Every state change of the 决策事项目录, of a 重大行政决策 and of a 常务会议 is one function here,
run through its transition table (steps.py): the step, its statuses and who takes it are checked
under the row lock, the due dates recomputed, the record saved and the audit row appended in one
transaction. Views, the API, the portal form, imports and the demo all call these.

A decision: 列入目录 → 启动(承办单位; 专家论证、风险评估 flagged as needed) → 公开征求意见(≥30日)
→ 结束征求意见 → 处理意见、公布采纳情况 → [听证] [专家论证] [风险评估] → 送请合法性审查 →
集体讨论决定(常务会议) → 公布 → [决策后评估]. 调出目录 while it is not yet decided.
"""

import datetime as dt

from django.db import transaction

from fazhi.core import audit
from fazhi.core.authority import PublicActor
from fazhi.core.clocks import Limit, LimitUnit, due_date
from fazhi.core.models import OrgUnit
from fazhi.core.steps import Frame
from fazhi.core.workflow import Refusal, require_date

from . import legality_link, rules
from .models import (
    Catalogue,
    CatalogueStatus,
    Category,
    CommentChannel,
    Decision,
    Meeting,
    MeetingKind,
    OpinionOutcome,
    Outcome,
    PublicOpinion,
    RiskConclusion,
    Status,
)
from .steps import CATALOGUE_STEPS, MEETING_STEPS, STEPS

A = rules.ARTICLE
PORTAL_PUBLIC = "社会公众(政府网站)"

AUDITED = {
    Catalogue: ("status", "party_agreed_on", "party_document", "published_on", "document_number"),
    Decision: (
        "status",
        "unit",
        "started_on",
        "needs_experts",
        "needs_risk",
        "comment_from",
        "comment_until",
        "comment_closed_on",
        "handling_published_on",
        "hearing_unit",
        "hearing_on",
        "experts_on",
        "risk_on",
        "risk_conclusion",
        "legality_requested_on",
        "meeting",
        "decided_on",
        "outcome",
        "party_reported_on",
        "published_on",
        "evaluated_on",
        "removed_on",
        "next_due_on",
    ),
    Meeting: ("status", "held_on", "study_topic", "study_speaker", "minutes_number", "minutes_on"),
}


def _text(value, label: str, article: str = "") -> str:
    value = (value or "").strip()
    if not value:
        raise Refusal(f"应填写{label}" + (f"({article})。" if article else "。"))
    return value


# --- 决策事项目录 (art. 3 ¶3) ---


def create_catalogue(actor, channel: str, data: dict) -> Catalogue:
    """编制 a year's catalogue, by the government's 重大行政决策统筹机构 for its government."""
    if actor is None or actor.unit_id is None:
        raise Refusal("请以重大行政决策统筹机构工作人员的身份编制目录。")
    require_date(data["drafted_on"], label="编制日期")
    government = actor.unit.government()
    year = int(data["year"])
    catalogue = Catalogue(
        government=government,
        office=actor.unit,
        year=year,
        title=(data.get("title") or "").strip()
        or f"{government.name}{year}年度重大行政决策事项目录",
        drafted_on=data["drafted_on"],
    )
    with transaction.atomic():
        if Catalogue.objects.filter(government=government, year=year).exists():
            raise Refusal(f"{government}{year}年度的决策事项目录已编制，请在原目录中调整。")
        return CATALOGUE_STEPS.create(actor, channel, catalogue, action="编制决策事项目录")


def party_agree(actor, channel: str, catalogue, *, on: dt.date, party_document: str = ""):
    """同级党委同意 (art. 3 ¶3): the date, and the document or meeting that agreed."""

    def change(c):
        require_date(on, label="党委同意日期", not_before=c.drafted_on, before_label="编制日期")
        c.status, c.party_agreed_on, c.party_document = CatalogueStatus.AGREED, on, party_document

    details = {"party_document": party_document}
    return CATALOGUE_STEPS.apply("agree", actor, channel, catalogue, change, details=details, on=on)


def publish_catalogue(actor, channel: str, catalogue, *, on: dt.date, document_number: str = ""):
    """向社会公布 — only after the 同级党委 agreed (art. 3 ¶3)."""

    def change(c):
        if c.party_agreed_on is None:
            raise Refusal(
                f"决策事项目录经同级党委同意后方可向社会公布({A['catalogue']})：尚未登记党委同意。"
            )
        require_date(
            on, label="公布日期", not_before=c.party_agreed_on, before_label="党委同意日期"
        )
        c.status, c.published_on, c.document_number = CatalogueStatus.PUBLISHED, on, document_number

    details = {"document_number": document_number}
    return CATALOGUE_STEPS.apply(
        "publish", actor, channel, catalogue, change, details=details, on=on
    )


def add_item(
    actor,
    channel: str,
    catalogue,
    *,
    on: dt.date,
    title: str,
    category: str,
    unit: OrgUnit,
    reason: str = "",
):
    """列入 a 决策事项: while the catalogue is drafted, or as an adjustment of the published one
    ("根据实际情况调整", art. 3 ¶3), which states its reason. The item is a decision of its own."""
    made = []

    def change(c):
        require_date(on, label="列入日期", not_before=c.drafted_on, before_label="编制日期")
        if c.status == CatalogueStatus.PUBLISHED and not (reason or "").strip():
            raise Refusal(f"目录公布后增列决策事项，应写明调整理由({A['catalogue']})。")
        if category not in Category.values:
            raise Refusal(f"事项类别“{category}”无效。")
        decision = Decision(
            catalogue=c,
            government=c.government,
            office=c.office,
            unit=unit,
            title=_text(title, "决策事项"),
            category=category,
            listed_on=on,
            listing_reason=(reason or "").strip(),
        )
        _check_unit(c.government, unit, "决策承办单位")
        made.append(STEPS.create(actor, channel, decision, action="列入决策事项目录", on=on))

    details = {"title": title, "reason": reason}
    CATALOGUE_STEPS.apply("add_item", actor, channel, catalogue, change, details=details, on=on)
    return made[0]


def _check_unit(government: OrgUnit, unit: OrgUnit | None, label: str) -> None:
    if unit is None or not unit.path.startswith(government.path) or unit.pk == government.pk:
        raise Refusal(f"{label}“{unit or '未指定'}”不是{government}的部门或乡镇。")


# --- 重大行政决策 ---


def start(
    actor,
    channel: str,
    decision,
    *,
    on: dt.date,
    unit: OrgUnit,
    needs_experts: bool = False,
    needs_risk: bool = False,
):
    """决策机关 decides to start the procedure and names the 承办单位 (arts. 10–11); whether the
    matter needs 专家论证 (art. 19) and 风险评估 (art. 22) is settled here."""

    def change(d):
        require_date(on, label="启动日期", not_before=d.listed_on, before_label="列入目录日期")
        _check_unit(d.government, unit, "决策承办单位")
        d.status, d.started_on, d.unit = Status.STARTED, on, unit
        d.needs_experts, d.needs_risk = bool(needs_experts), bool(needs_risk)

    details = {"unit": str(unit), "needs_experts": needs_experts, "needs_risk": needs_risk}
    return STEPS.apply("start", actor, channel, decision, change, details=details, on=on)


def open_comment(
    actor, channel: str, decision, *, on: dt.date, draft: str, days: int = 30, urgency_reason=""
):
    """公布决策草案及其说明 on the portal and open public comment (arts. 14–15): at least 30 日,
    shorter only with the urgency stated when the comment is opened."""

    def change(d):
        require_date(on, label="公布草案日期", not_before=d.started_on, before_label="启动日期")
        if int(days) < rules.COMMENT_PERIOD.amount and not (urgency_reason or "").strip():
            raise Refusal(
                f"公开征求意见的期限一般不少于{rules.COMMENT_PERIOD.amount}日；因情况紧急等原因"
                f"需要缩短期限的，应当予以说明({A['comment']})。"
            )
        d.draft = _text(draft, "决策草案及其说明", A["comment"])
        d.status, d.comment_from, d.comment_days = Status.COMMENTING, on, int(days)
        d.urgency_reason = (urgency_reason or "").strip()

    details = {"days": days, "urgency_reason": urgency_reason}
    return STEPS.apply("open_comment", actor, channel, decision, change, details=details, on=on)


def comment(
    actor, channel: str, decision, *, on: dt.date, way: str, name: str, contact="", text: str
) -> PublicOpinion:
    """An opinion on the draft, within the period: from anyone on the portal, or recorded by the
    承办单位 when received by letter, e-mail or at a meeting."""
    made = []

    def change(d):
        require_date(
            on, label="收到日期", not_before=d.comment_from, before_label="征求意见起始日期"
        )
        if d.comment_until and on > d.comment_until:
            raise Refusal(f"公开征求意见已于{d.comment_until:%Y-%m-%d}截止({A['comment']})。")
        if way not in CommentChannel.values:
            raise Refusal(f"提出方式“{way}”无效。")
        number = d.opinions.count() + 1
        made.append(
            PublicOpinion.objects.create(
                decision=d,
                number=number,
                received_on=on,
                channel=way,
                name=_text(name, "提出人")[:100],
                contact=(contact or "").strip()[:100],
                text=_text(text, "意见建议")[:3000],
            )
        )

    STEPS.apply("comment", actor, channel, decision, change, details={"way": way}, on=on)
    return made[0]


def comment_on_portal(government: OrgUnit, channel: str, decision, data: dict) -> PublicOpinion:
    """The portal's form: anyone, on the day of submission, through 政府网站."""
    from django.utils import timezone

    public = PublicActor(PORTAL_PUBLIC, government)
    return comment(
        public,
        channel,
        decision,
        on=timezone.localdate(),
        way=CommentChannel.PORTAL,
        name=data["name"],
        contact=data.get("contact", ""),
        text=data["text"],
    )


def close_comment(actor, channel: str, decision, *, on: dt.date):
    """The period has run (art. 15); the 承办单位 turns to the opinions (art. 18)."""

    def change(d):
        if d.comment_until and on <= d.comment_until:
            raise Refusal(
                f"公开征求意见期限至{d.comment_until:%Y-%m-%d}届满，期满前不能结束征求意见"
                f"({A['comment']})。"
            )
        require_date(on, label="结束日期", not_before=d.comment_from, before_label="起始日期")
        d.status, d.comment_closed_on = Status.PREPARING, on

    return STEPS.apply("close_comment", actor, channel, decision, change, on=on)


def handle_opinion(
    actor, channel: str, decision, *, on: dt.date, opinion, outcome: str, reason: str = ""
):
    """采纳、部分采纳 or 不采纳 one opinion, with the reason where not fully adopted (art. 18)."""

    def change(d):
        if opinion is None or opinion.decision_id != d.pk:
            raise Refusal("请选择本决策收到的公众意见。")
        row = PublicOpinion.objects.select_for_update().get(pk=opinion.pk)
        if row.outcome:
            raise Refusal(f"第{row.number}条意见已经处理。")
        if outcome not in OpinionOutcome.values:
            raise Refusal(f"采纳情况“{outcome}”无效。")
        if outcome != OpinionOutcome.ADOPTED and not (reason or "").strip():
            raise Refusal(f"部分采纳或者不采纳的，应当说明理由({A['handling']})。")
        require_date(on, label="处理日期", not_before=row.received_on, before_label="收到日期")
        row.outcome, row.reason, row.handled_on = outcome, (reason or "").strip(), on
        row.save(update_fields=["outcome", "reason", "handled_on"])

    number = getattr(opinion, "number", None)
    details = {"opinion": number, "outcome": outcome, "reason": reason}
    return STEPS.apply("handle_opinion", actor, channel, decision, change, details=details, on=on)


def publish_handling(actor, channel: str, decision, *, on: dt.date):
    """公布 how the public's opinions were handled, once every one has been (arts. 18, 32)."""

    def change(d):
        waiting = d.opinions.filter(outcome="").count()
        if waiting:
            raise Refusal(
                f"尚有{waiting}条公众意见未处理，处理后方可公布采纳情况({A['handling']})。"
            )
        require_date(
            on, label="公布日期", not_before=d.comment_closed_on, before_label="征求意见结束日期"
        )
        d.handling_published_on = on

    return STEPS.apply("publish_handling", actor, channel, decision, change, on=on)


def hearing(
    actor,
    channel: str,
    decision,
    *,
    on: dt.date,
    hearing_unit: OrgUnit,
    place: str,
    announced_on: dt.date,
    materials_on: dt.date,
    participants: str,
    record: str,
):
    """听证会 (arts. 16–17): the participants' list published in advance, the materials sent to them
    7 日 before the hearing, the record confirmed by the participants."""

    def change(d):
        require_date(on, label="听证日期", not_before=d.started_on, before_label="启动日期")
        require_date(
            announced_on, label="名单公布日期", not_before=d.started_on, before_label="启动日期"
        )
        require_date(
            materials_on, label="材料送达日期", not_before=d.started_on, before_label="启动日期"
        )
        if announced_on >= on:
            raise Refusal(f"听证参加人名单应当在听证会召开前向社会公布({A['hearing']})。")
        if (on - materials_on).days < rules.HEARING_MATERIALS_DAYS:
            raise Refusal(
                f"听证会材料应当于召开听证会{rules.HEARING_MATERIALS_DAYS}日前送达听证参加人"
                f"({A['hearing']})：材料{materials_on:%Y-%m-%d}送达，听证会{on:%Y-%m-%d}召开。"
            )
        _check_unit(d.government, hearing_unit, "听证组织单位")
        d.hearing_unit, d.hearing_place, d.hearing_on = hearing_unit, _text(place, "听证地点"), on
        d.hearing_announced_on, d.hearing_materials_on = announced_on, materials_on
        d.hearing_participants = _text(participants, "听证参加人")
        d.hearing_record = _text(record, "听证会记录摘要")

    details = {"hearing_unit": str(hearing_unit), "place": place}
    return STEPS.apply("hearing", actor, channel, decision, change, details=details, on=on)


def experts(actor, channel: str, decision, *, on: dt.date, way: str, experts: str, opinion: str):
    """专家论证 (arts. 19–21)."""

    def change(d):
        require_date(on, label="论证日期", not_before=d.started_on, before_label="启动日期")
        d.experts_on, d.experts_way = on, _text(way, "论证方式")[:20]
        d.experts = _text(experts, "论证专家、专业机构")
        d.experts_opinion = _text(opinion, "论证意见", A["experts"])

    details = {"way": way, "experts": experts}
    return STEPS.apply("experts", actor, channel, decision, change, details=details, on=on)


def risk(actor, channel: str, decision, *, on: dt.date, conclusion: str, report: str):
    """风险评估 (arts. 22–24): its report, and whether the risk is 可控."""

    def change(d):
        require_date(on, label="评估日期", not_before=d.started_on, before_label="启动日期")
        if conclusion not in RiskConclusion.values:
            raise Refusal(f"评估结论“{conclusion}”无效。")
        d.risk_on, d.risk_conclusion = on, conclusion
        d.risk_report = _text(report, "风险评估报告摘要", A["risk"])

    details = {"conclusion": conclusion}
    return STEPS.apply("risk", actor, channel, decision, change, details=details, on=on)


def request_review(actor, channel: str, decision, *, on: dt.date, note: str = ""):
    """送请合法性审查 (arts. 25–26), through the 合法性审核 app, which gives the reviewing office at
    least 7 工作日 (art. 26 ¶2)."""
    made = []

    def change(d):
        require_date(on, label="送审日期", not_before=d.started_on, before_label="启动日期")
        d.legality_requested_on = on
        made.append(
            legality_link.request_review(actor, d, submitted_on=on, note=note, channel=channel)
        )

    STEPS.apply("request_review", actor, channel, decision, change, details={"note": note}, on=on)
    return made[0]


def missing_steps(d: Decision) -> list[str]:
    """The steps the law requires before the draft goes to the meeting, each with its article."""
    missing = []
    if d.handling_published_on is None:
        missing.append(f"公众参与(公开征求意见并公布意见采纳情况，{A['comment']})")
    if d.needs_experts and d.experts_on is None:
        missing.append(f"专家论证({A['experts']})")
    if d.needs_risk and d.risk_on is None:
        missing.append(f"风险评估({A['risk']})")
    elif d.risk_conclusion == RiskConclusion.UNCONTROLLABLE:
        missing.append(f"风险评估认为风险不可控，应调整决策草案确保风险可控({A['risk']})")
    review = legality_link.state(d)
    if review == "none":
        missing.append(f"合法性审查(未经合法性审查的，不得提交决策机关讨论，{A['legality']})")
    elif review == "pending":
        missing.append(f"合法性审查(审查意见尚未作出，{A['legality']})")
    elif review == "unlawful":
        missing.append(f"合法性审查(经审查不合法的，不得提交决策机关讨论，{A['legality']})")
    return missing


def decide(actor, channel: str, decision, *, meeting, outcome: str, dissent: str = ""):
    """集体讨论决定 at the government's 常务会议 or 全体会议 (arts. 29–30), refused while a step the
    law requires is missing (arts. 14–15, 19, 22, 25). Dissent is recorded as it was voiced."""

    def change(d):
        if meeting is None or meeting.government_id != d.government_id:
            raise Refusal(f"请选择{d.government}的常务会议或者全体会议({A['meeting']})。")
        if outcome not in Outcome.values:
            raise Refusal(f"决定结果“{outcome}”无效。")
        missing = missing_steps(d)
        if missing:
            raise Refusal("不能提交集体讨论决定，尚缺：" + "；".join(missing) + "。")
        review = legality_link.cleared(d)
        not_before = max(filter(None, [d.started_on, review.opinion_on]))
        require_date(
            meeting.held_on,
            label="会议日期",
            not_before=not_before,
            before_label="合法性审查意见日期",
        )
        d.meeting, d.outcome, d.dissent = meeting, outcome, (dissent or "").strip()
        if outcome == Outcome.DEFERRED:
            d.status, d.decided_on = Status.PREPARING, None
        else:
            d.status, d.decided_on = Status.DECIDED, meeting.held_on

    details = {"meeting": str(meeting), "outcome": outcome, "dissent": dissent}
    on = getattr(meeting, "held_on", None)
    return STEPS.apply("decide", actor, channel, decision, change, details=details, on=on)


def publish(
    actor,
    channel: str,
    decision,
    *,
    on: dt.date,
    party_reported_on: dt.date,
    text: str,
    document_number: str = "",
    adoption_note: str = "",
):
    """公布 (art. 32), after reporting to the 同级党委 (art. 31)."""

    def change(d):
        require_date(
            party_reported_on,
            label="请示报告日期",
            not_before=d.decided_on,
            before_label="决定日期",
        )
        require_date(
            on, label="公布日期", not_before=party_reported_on, before_label="向党委请示报告日期"
        )
        d.status, d.published_on, d.party_reported_on = Status.PUBLISHED, on, party_reported_on
        d.published_text = _text(text, "公布的决策", A["publish"])
        d.document_number, d.adoption_note = document_number, (adoption_note or "").strip()

    details = {"document_number": document_number}
    return STEPS.apply("publish", actor, channel, decision, change, details=details, on=on)


def evaluate(
    actor,
    channel: str,
    decision,
    *,
    on: dt.date,
    ground: str,
    evaluation_unit: str,
    evaluation: str,
):
    """决策后评估 (art. 36), optional."""

    def change(d):
        require_date(on, label="评估日期", not_before=d.published_on, before_label="公布日期")
        d.evaluated_on = on
        d.evaluation_unit = _text(evaluation_unit, "承担评估工作的单位")
        d.evaluation = _text(evaluation, "评估结论", A["evaluate"])

    details = {"ground": ground, "evaluation_unit": evaluation_unit}
    return STEPS.apply("evaluate", actor, channel, decision, change, details=details, on=on)


def remove(actor, channel: str, decision, *, on: dt.date, reason: str):
    """调出目录 (art. 3 ¶3 "根据实际情况调整"), with its reason; only before it is decided."""

    def change(d):
        require_date(on, label="调出日期", not_before=d.listed_on, before_label="列入日期")
        d.removal_reason = _text(reason, "调出理由", A["catalogue"])
        d.status, d.removed_on = Status.REMOVED, on

    return STEPS.apply(
        "remove", actor, channel, decision, change, details={"reason": reason}, on=on
    )


# --- 常务会议 ---


def register_meeting(actor, channel: str, data: dict) -> Meeting:
    if actor is None or actor.unit_id is None:
        raise Refusal("请以重大行政决策统筹机构工作人员的身份登记会议。")
    require_date(data["held_on"], label="召开日期")
    if data["kind"] not in MeetingKind.values:
        raise Refusal(f"会议类型“{data['kind']}”无效。")
    government = actor.unit.government()
    topic, speaker = (
        (data.get("study_topic") or "").strip(),
        (data.get("study_speaker") or "").strip(),
    )
    if bool(topic) != bool(speaker):
        raise Refusal("会前学法的主题和主讲人应同时填写。")
    meeting = Meeting(
        government=government,
        office=actor.unit,
        kind=data["kind"],
        number=_text(data["number"], "届次"),
        held_on=data["held_on"],
        chair=(data.get("chair") or "").strip(),
        agenda=(data.get("agenda") or "").strip(),
        study_topic=topic,
        study_speaker=speaker,
    )
    with transaction.atomic():
        if Meeting.objects.filter(
            government=government, kind=meeting.kind, number=meeting.number
        ).exists():
            raise Refusal(f"{meeting.get_kind_display()}{meeting.number}已登记。")
        return MEETING_STEPS.create(actor, channel, meeting, action="登记政府常务会议")


def record_study(actor, channel: str, meeting, *, topic: str, speaker: str):
    """会前学法 (常务会议学法制度): its topic and speaker."""

    def change(m):
        m.study_topic, m.study_speaker = _text(topic, "学法主题"), _text(speaker, "主讲人")

    details = {"topic": topic, "speaker": speaker}
    return MEETING_STEPS.apply("study", actor, channel, meeting, change, details=details)


def issue_minutes(actor, channel: str, meeting, *, on: dt.date, number: str):
    """会议纪要 印发 (art. 30 ¶3: the discussion recorded as it was); its file is attached."""

    def change(m):
        require_date(on, label="纪要印发日期", not_before=m.held_on, before_label="召开日期")
        m.status, m.minutes_on, m.minutes_number = "minuted", on, _text(number, "纪要编号")

    return MEETING_STEPS.apply(
        "minutes", actor, channel, meeting, change, details={"number": number}, on=on
    )


# --- the frame ---


def refresh_due(obj) -> None:
    if not isinstance(obj, Decision):
        return
    if obj.comment_from and obj.comment_days:
        obj.comment_until = due_date(obj.comment_from, Limit(obj.comment_days, LimitUnit.DAYS))
    waiting = obj.status == Status.COMMENTING
    obj.next_due_on = obj.comment_until if waiting else None
    obj.next_due_label = "征求意见截止" if waiting else ""


def _default_on(obj):
    if isinstance(obj, Decision):
        return obj.listed_on
    if isinstance(obj, Meeting):
        return obj.held_on
    return obj.drafted_on


FRAME = Frame(
    snapshot=lambda obj: audit.snapshot(obj, AUDITED[type(obj)]),
    refresh_due=refresh_due,
    default_on=_default_on,
)
