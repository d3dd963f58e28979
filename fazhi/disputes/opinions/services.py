"""Every state change of a 行政复议意见书: draft, issue (its 文书 numbered and frozen by the
kernel), record its 送达 (the 60 日 start), report the correction. Each runs through the table."""

import datetime as dt

from fazhi.core import audit
from fazhi.core.calendar import CalendarYearUnknown
from fazhi.core.clocks import ClockError, due_date
from fazhi.core.steps import Frame
from fazhi.core.workflow import Refusal, require_date

from . import rules
from .models import OpinionStatus, ReviewOpinion
from .steps import STEPS

AUDITED = ("status", "issued_on", "served_on", "served_way", "report_due_on", "reported_on")


def draft(actor, channel: str, data: dict) -> ReviewOpinion:
    """拟制发: by the 行政复议机构 for its government, to one of that government's organs."""
    require_date(data["drafted_on"], label="拟稿日期")
    unit = actor.unit
    opinion = ReviewOpinion(
        organ=unit.government(),
        unit=unit,
        addressee=data["addressee"],
        case=data.get("case"),
        act=data["act"].strip(),
        opinion=data["opinion"].strip(),
        drafted_on=data["drafted_on"],
    )
    if not opinion.act or not opinion.opinion:
        raise Refusal("应写明违法或者不当的行政行为，以及意见和建议。")
    if opinion.addressee == opinion.organ:
        raise Refusal("意见书制发给被申请人或者其他下级行政机关，不能制发给复议机关自身。")
    return STEPS.create(actor, channel, opinion, action="拟制发行政复议意见书")


def issue(actor, channel: str, opinion, *, on: dt.date) -> ReviewOpinion:
    def change(opinion):
        require_date(on, label="制发日期", not_before=opinion.drafted_on, before_label="拟稿日期")
        opinion.status, opinion.issued_on = OpinionStatus.ISSUED, on

    return _apply("issue", actor, channel, opinion, change, None, on=on)


def served(actor, channel: str, opinion, *, served_on: dt.date, way: str) -> ReviewOpinion:
    """送达: the organ's 60 日 to report run from the day it received the opinion (art. 76)."""

    def change(opinion):
        require_date(
            served_on, label="送达日期", not_before=opinion.issued_on, before_label="制发日期"
        )
        opinion.status = OpinionStatus.SERVED
        opinion.served_on, opinion.served_way = served_on, way

    details = {"served_on": served_on, "way": way}
    return _apply("served", actor, channel, opinion, change, details, on=served_on)


def report(actor, channel: str, opinion, *, on: dt.date, report: str) -> ReviewOpinion:
    def change(opinion):
        require_date(on, label="报送日期", not_before=opinion.served_on, before_label="送达日期")
        if not report.strip():
            raise Refusal("应写明纠正相关违法或者不当行政行为的情况。")
        opinion.status, opinion.reported_on, opinion.report = OpinionStatus.REPORTED, on, report

    return _apply("report", actor, channel, opinion, change, {"report": report}, on=on)


def _apply(key, actor, channel, opinion, change, details, *, on):
    return STEPS.apply(key, actor, channel, opinion, change, details=details, on=on)


def refresh_due(opinion: ReviewOpinion) -> None:
    try:
        if opinion.served_on is not None:
            opinion.report_due_on = due_date(opinion.served_on, rules.REPORT_BACK)
    except (ClockError, CalendarYearUnknown) as exc:
        raise Refusal(f"无法计算报送期限：{exc}") from exc
    waiting = opinion.status == OpinionStatus.SERVED
    opinion.next_due_on = opinion.report_due_on if waiting else None
    opinion.next_due_label = "报送纠正情况" if waiting else ""


FRAME = Frame(
    snapshot=lambda opinion: audit.snapshot(opinion, AUDITED),
    refresh_due=refresh_due,
    default_on=lambda opinion: opinion.drafted_on,
)
