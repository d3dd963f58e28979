"""Every state change of a 合法性审核: send the draft, accept it or return it for more materials,
send it again, give the opinion (its 合法性审核意见书 numbered and frozen by the kernel), withdraw
it, record a contract's signing. Each runs through the table (steps.py).

`request_review` and `give_opinion` are also the interface other procedures use (a 重大行政决策's
or a 行政规范性文件's own services call them inside their own transaction)."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType

from fazhi.core import audit, duties
from fazhi.core.audit import Channel
from fazhi.core.calendar import CalendarYearUnknown
from fazhi.core.clocks import ClockError
from fazhi.core.models import OrgUnit
from fazhi.core.steps import Frame
from fazhi.core.workflow import Refusal, require_date

from . import rules
from .models import Opinion, Review, ReviewKind, ReviewStatus
from .steps import OFFICE, STEPS

S = ReviewStatus
AUDITED = (
    "status",
    "unit",
    "office",
    "kind",
    "title",
    "submitted_on",
    "subject_type",
    "subject_id",
    "accepted_on",
    "returned_on",
    "resubmitted_on",
    "started_on",
    "due_on",
    "opinion",
    "opinion_on",
    "withdrawn_on",
    "signed_on",
)


def office_of(unit: OrgUnit) -> OrgUnit:
    """The 合法性审核机构 of the unit's government (the unit holding the duty `legality.office`)."""
    government = unit.government()
    office = duties.holders(government, OFFICE).first()
    if office is None:
        raise Refusal(
            f"{government}尚未指定合法性审核机构(负责合法性审查的部门，"
            f"{rules.ARTICLE_UNREVIEWED})：请统筹协调人员先在“单位职责”中指定。"
        )
    return office


def request_review(
    actor,
    *,
    kind: str,
    title: str,
    unit: OrgUnit,
    submitted_on: dt.date,
    subject=None,
    note: str = "",
    counterparty: str = "",
    channel: str = Channel.WEB,
) -> Review:
    """送审: `unit` sends its draft to its government's 合法性审核机构; the review period runs from
    the next day (rules.py). `subject` is the record reviewed, when it is one (a decision …)."""
    require_date(submitted_on, label="送审日期")
    if kind not in ReviewKind.values:
        raise Refusal(f"送审类别“{kind}”无效。")
    title = (title or "").strip()
    if not title:
        raise Refusal("应写明送审文件名称。")
    review = Review(
        unit=unit,
        office=office_of(unit),
        kind=kind,
        title=title,
        note=(note or "").strip(),
        counterparty=(counterparty or "").strip() if kind == ReviewKind.CONTRACT else "",
        submitted_on=submitted_on,
        started_on=submitted_on,
    )
    if subject is not None:
        if subject.pk is None:
            raise Refusal("审核对象尚未保存，不能送审。")
        review.subject_type = ContentType.objects.get_for_model(subject)
        review.subject_id = subject.pk
    return STEPS.create(actor, channel, review, action="送请合法性审核", on=submitted_on)


def register(actor, channel: str, data: dict) -> Review:
    """The registration page's 送审 (the form's cleaned data)."""
    return request_review(
        actor,
        kind=data["kind"],
        title=data["title"],
        unit=data["unit"],
        submitted_on=data["submitted_on"],
        note=data.get("note", ""),
        counterparty=data.get("counterparty", ""),
        channel=channel,
    )


def accept(actor, channel: str, review, *, on: dt.date) -> Review:
    def change(review):
        require_date(on, label="受理日期", not_before=review.started_on, before_label="送审日期")
        review.status, review.accepted_on = S.REVIEWING, on

    return _apply("accept", actor, channel, review, change, None, on=on)


def send_back(actor, channel: str, review, *, on: dt.date, reason: str) -> Review:
    """退回补充材料: "提供的材料不符合要求的，负责合法性审查的部门可以退回，或者要求补充"
    (重大行政决策程序暂行条例第二十六条第一款). The period stops; it starts again when the
    unit sends the draft again."""

    def change(review):
        require_date(on, label="退回日期", not_before=review.started_on, before_label="送审日期")
        if not reason.strip():
            raise Refusal(f"退回补充材料应写明需要补充的材料({rules.ARTICLE_RETURN})。")
        review.status, review.returned_on, review.return_reason = S.RETURNED, on, reason.strip()

    return _apply("send_back", actor, channel, review, change, {"reason": reason}, on=on)


def resubmit(actor, channel: str, review, *, on: dt.date) -> Review:
    def change(review):
        require_date(
            on, label="重新送审日期", not_before=review.returned_on, before_label="退回日期"
        )
        review.status, review.resubmitted_on, review.started_on = S.SUBMITTED, on, on
        review.accepted_on = None

    return _apply("resubmit", actor, channel, review, change, None, on=on)


def opine(actor, channel: str, review, *, opinion: str, opinion_on: dt.date, text: str = ""):
    """出具审核意见 (重大行政决策程序暂行条例第二十八条): 合法, 修改后合法 (what to change, in the
    text) or 不合法 (why, in the text). On a draft not yet accepted it accepts it on the way."""

    def change(review):
        start = review.accepted_on or review.started_on
        require_date(opinion_on, label="出具意见日期", not_before=start, before_label="送审日期")
        if opinion not in Opinion.values:
            raise Refusal(f"审核意见“{opinion}”无效，应为合法、修改后合法或者不合法。")
        if opinion != Opinion.LAWFUL and not (text or "").strip():
            label = Opinion(opinion).label
            raise Refusal(f"审核意见为“{label}”的，应写明审核意见内容(修改意见或者不合法的理由)。")
        review.status = S.GIVEN
        review.accepted_on = review.accepted_on or review.started_on
        review.opinion, review.opinion_on = opinion, opinion_on
        review.opinion_text = (text or "").strip()

    details = {"opinion": opinion, "opinion_on": opinion_on, "text": text}
    return _apply("opinion", actor, channel, review, change, details, on=opinion_on)


def give_opinion(
    actor,
    review: Review,
    *,
    opinion: str,
    opinion_on: dt.date,
    text: str = "",
    channel: str = Channel.WEB,
) -> Review:
    """The reviewing office's opinion, for other procedures' services (the step `opinion`)."""
    return opine(actor, channel, review, opinion=opinion, opinion_on=opinion_on, text=text)


def withdraw(actor, channel: str, review, *, on: dt.date, reason: str) -> Review:
    def change(review):
        require_date(on, label="撤回日期", not_before=review.submitted_on, before_label="送审日期")
        if not reason.strip():
            raise Refusal("撤回送审应写明理由。")
        review.status, review.withdrawn_on = S.WITHDRAWN, on
        review.withdraw_reason = reason.strip()

    return _apply("withdraw", actor, channel, review, change, {"reason": reason}, on=on)


def record_signing(actor, channel: str, review, *, signed_on: dt.date) -> Review:
    """登记合同签订: the day the contract was signed. A contract signed before a 合法 or 修改后合法
    opinion counts as signed without review in the 合同合法性审查率 (metrics.py)."""

    def change(review):
        require_date(
            signed_on, label="合同签订日期", not_before=review.submitted_on, before_label="送审日期"
        )
        review.signed_on = signed_on

    return _apply("signed", actor, channel, review, change, None, on=signed_on)


def _apply(key, actor, channel, review, change, details, *, on):
    return STEPS.apply(key, actor, channel, review, change, details=details, on=on)


def refresh_due(review: Review) -> None:
    """审核期限 from the (latest) sending of the draft; only while the office must act."""
    waiting = review.status in (S.SUBMITTED, S.REVIEWING)
    try:
        if waiting and review.started_on is not None:
            review.due_on = rules.review_due(review.kind, review.started_on)
    except (ClockError, CalendarYearUnknown) as exc:
        raise Refusal(f"无法计算审核期限：{exc}") from exc
    review.next_due_on = review.due_on if waiting else None
    review.next_due_label = "出具审核意见" if waiting else ""


FRAME = Frame(
    snapshot=lambda review: audit.snapshot(review, AUDITED),
    refresh_due=refresh_due,
    default_on=lambda review: review.submitted_on,
)
