"""Every state change of a 建议提案 is one function here. Each checks the transition and its dates,
writes inside one transaction, appends an audit row per proposal it changes, and sets the next due
date. Views, the API, imports and `fazhi tick` all call these; none writes by itself.

The path: 收到 → 交办(主办、协办) → [办理中] → [延期至六个月, approved] → 答复(A/B/C) → 评价:
满意/基本满意 → 办结; 不满意 → 重新办理 → 再次答复 → 评价 … A proposal merged (并案) into another
is handled and answered with it: answering the main one answers every member still waiting.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from fazhi.core import audit
from fazhi.core.clocks import due_date
from fazhi.core.models import OrgUnit, UnitKind
from fazhi.core.workflow import (
    Frame,
    Refusal,
    locked,
    refresh_or_refuse,
    require_date,
    require_open_or_override,
    require_status,
    transition,
)

from . import rules
from .models import Category, Proposal, ProposalAnswer, Satisfaction, Source, Status

AUDITED = (
    "status",
    "assigned_on",
    "unit",
    "merged_into",
    "extended",
    "due_on",
    "next_due_on",
    "round",
    "answered_on",
    "category",
    "satisfaction",
    "rated_on",
    "closed_on",
)


def _snapshot(p: Proposal) -> dict:
    return audit.snapshot(p, AUDITED)


def receive(
    actor,
    channel: str,
    *,
    government: OrgUnit,
    office: OrgUnit,
    source: str,
    year: int,
    number: str,
    title: str,
    proposers: str,
    received_on: dt.date,
    session: str = "",
) -> Proposal:
    """Register a proposal as the 人大常委会 or 政协 sends it, under its own number."""
    if source not in Source.values:
        raise Refusal(f"类别“{source}”无效，应为人大代表建议或政协委员提案。")
    require_date(received_on, label="收到日期")
    if not (received_on.year - 1 <= int(year) <= received_on.year):
        raise Refusal(f"年度 {year} 与收到日期 {received_on:%Y-%m-%d} 不符。")
    number, title, proposers = str(number).strip(), title.strip(), proposers.strip()
    if not number or not title or not proposers:
        raise Refusal("编号、标题和提出人均须填写。")
    if not office.path.startswith(government.path):
        raise Refusal(f"登记单位“{office}”不属于{government}。")
    with transaction.atomic():
        exists = Proposal.objects.filter(
            government=government, source=source, year=year, number=number
        ).exists()
        if exists:
            raise Refusal(f"{year}年{Source(source).label}第{number}号已登记。")
        p = Proposal.objects.create(
            government=government,
            office=office,
            source=source,
            year=year,
            session=session[:100],
            number=number,
            title=title[:200],
            proposers=proposers[:200],
            received_on=received_on,
        )
        after = _snapshot(p) | {"on": received_on, "number": number, "source": source}
        audit.record(actor, channel, "收到建议提案", p, None, after)
    return p


def assign(
    actor, channel: str, proposal, *, on: dt.date, unit: OrgUnit, co_units: Iterable = ()
) -> Proposal:
    """交办 to a 主办 unit with any 协办 units; the answer period starts (代表法 art. 42)."""
    co_units = list(co_units)

    def change(p):
        require_status(p, [Status.RECEIVED], "交办")
        require_date(on, label="交办日期", not_before=p.received_on, before_label="收到日期")
        _check_units(p, unit, co_units)
        p.unit, p.assigned_on, p.status = unit, on, Status.ASSIGNED

    details = {"unit": unit.code, "co_units": [u.code for u in co_units]}
    p = _apply(actor, channel, proposal, "交办", change, details, on=on)
    p.co_units.set(co_units)
    return p


def _check_units(p: Proposal, unit: OrgUnit, co_units: list) -> None:
    for u in [unit, *co_units]:
        if u is None or not u.path.startswith(p.government.path) or u.pk == p.government_id:
            raise Refusal(f"承办单位“{u or '未指定'}”不是{p.government}的部门或乡镇。")
        if u.kind in UnitKind.governments():
            raise Refusal(f"承办单位“{u}”是一级政府，应交其部门或乡镇办理。")
    if unit.pk in {u.pk for u in co_units}:
        raise Refusal("主办单位不能同时作为协办单位。")


def start_handling(actor, channel: str, proposal, *, on: dt.date) -> Proposal:
    """The 主办 unit signs for it and starts handling (联系代表、委员, 征求协办意见)."""

    def change(p):
        require_status(p, [Status.ASSIGNED], "开始办理")
        require_date(on, label="开始办理日期", not_before=p.assigned_on, before_label="交办日期")
        p.status = Status.HANDLING

    return _apply(actor, channel, proposal, "开始办理", change, None, on=on)


def extend(actor, channel: str, proposal, *, on: dt.date, approver, reason: str) -> Proposal:
    """涉及面广、处理难度大: answer within 六个月 of 交办 (代表法 art. 42), with the 交办机关's
    consent (北京 art. 21, 浙江 art. 21, 山东 art. 19, 青岛 art. 25)."""

    def change(p):
        require_status(p, [Status.ASSIGNED, Status.HANDLING], "延期答复")
        if p.extended:
            raise Refusal(f"已延期至交办之日起六个月，不能再次延期({rules.ARTICLE})。")
        if approver is None or not getattr(approver, "can_approve_extension", False):
            raise Refusal(f"延期答复须经交办机关同意；“{approver or '未指定'}”无批准权限。")
        if not reason.strip():
            raise Refusal("延期答复应说明涉及面广、处理难度大的理由。")
        require_date(on, label="批准日期", not_before=p.assigned_on, before_label="交办日期")
        if p.due_on and on > p.due_on:
            raise Refusal(f"答复期限已于{p.due_on:%Y-%m-%d}届满，不能再批准延期。")
        p.extended, p.extension_approver = True, str(approver)[:100]

    details = {"approver": str(approver), "reason": reason}
    return _apply(actor, channel, proposal, "延期答复", change, details, on=on)


def merge(actor, channel: str, proposal, *, on: dt.date, members: Iterable) -> Proposal:
    """并案办理: proposals on the same matter are handled by the main one's 主办 and 协办 units and
    answered with it. Each member keeps its own number, source and 交办 clock, and is still counted
    as a proposal in its own right."""
    members = list(members)
    with transaction.atomic():
        lead = locked(proposal)
        require_open_or_override(lead, actor, Status.open())
        require_status(lead, Status.awaiting_answer(), "并案办理")
        if lead.merged_into_id:
            raise Refusal("该件已并入其他建议提案，不能作为并案主件。")
        require_date(on, label="并案日期", not_before=lead.assigned_on, before_label="交办日期")
        if not members:
            raise Refusal("请选择需要并案办理的建议提案。")
        co_units = list(lead.co_units.all())
        changes = []
        for member in members:
            m = locked(member)
            _check_member(lead, m)
            before = _snapshot(m)
            if m.status == Status.RECEIVED:
                require_date(
                    on, label="并案日期", not_before=m.received_on, before_label="收到日期"
                )
                m.assigned_on, m.status = on, Status.ASSIGNED
            m.unit_id, m.merged_into = lead.unit_id, lead
            _refresh_due(m)
            m.save()
            m.co_units.set(co_units)
            after = _snapshot(m) | {"on": on, "details": {"main": str(lead)}}
            changes.append(audit.Change("并案办理", m, before, after))
        names = [str(m) for m in members]
        changes.append(
            audit.Change("并案办理(主件)", lead, None, {"on": on, "details": {"members": names}})
        )
        audit.record_many(actor, channel, changes)
    return lead


def _check_member(lead: Proposal, m: Proposal) -> None:
    if m.pk == lead.pk:
        raise Refusal("不能将建议提案与其自身并案。")
    if m.government_id != lead.government_id or m.year != lead.year:
        raise Refusal(f"“{m}”与主件不属于同一政府、同一年度，不能并案。")
    if m.merged_into_id or m.merged.exists():
        raise Refusal(f"“{m}”已参与其他并案办理。")
    if m.status not in [Status.RECEIVED, Status.ASSIGNED, Status.HANDLING]:
        raise Refusal(f"“{m}”当前状态为“{m.get_status_display()}”，只有未答复的件可以并案。")


def answer(
    actor, channel: str, proposal, *, on: dt.date, category: str, summary: str = ""
) -> Proposal:
    """答复 in writing with its category; a main proposal's answer is also the answer of each
    merged member still waiting for one."""
    if category not in Category.values:
        raise Refusal(f"答复类别“{category}”无效，应为A、B或C。")
    with transaction.atomic():
        p = locked(proposal)
        if p.merged_into_id and p.status != Status.REHANDLING:  # 重新办理 is answered by itself
            raise Refusal(f"本件已并入“{p.merged_into}”办理，随主件一并答复。")
        require_open_or_override(p, actor, Status.open())
        group = [p]
        if p.round == 0:  # a re-handling round concerns only the proposer who was not satisfied
            group += list(p.merged.select_for_update().filter(status__in=Status.awaiting_answer()))
        changes = []
        for item in group:
            require_status(item, Status.awaiting_answer(), "答复")
            start = item.rated_on if item.status == Status.REHANDLING else item.assigned_on
            require_date(on, label="答复日期", not_before=start, before_label="起算日期")
            before = _snapshot(item)
            item.round += 1
            item.status, item.answered_on, item.category = Status.ANSWERED, on, category
            item.satisfaction = ""
            ProposalAnswer.objects.create(
                proposal=item,
                round=item.round,
                answered_on=on,
                category=category,
                summary=summary[:500],
            )
            _refresh_due(item)
            item.save()
            details = {"category": category} | ({"main": str(p)} if item is not p else {})
            after = _snapshot(item) | {"on": on, "details": details}
            changes.append(audit.Change("答复", item, before, after))
        audit.record_many(actor, channel, changes)
    return p


def rate(actor, channel: str, proposal, *, on: dt.date, satisfaction: str) -> Proposal:
    """The proposer's rating (重庆 art. 26). 满意/基本满意 closes it; 不满意 sends it back for 重新
    办理 within FAZHI_PROPOSAL_REHANDLING_MONTHS (山东 24, 浙江 24, 河南 22: 1 month), until
    FAZHI_PROPOSAL_MAX_ROUNDS answers have been given, after which the rating is recorded and the
    proposal closed."""

    def change(p):
        require_status(p, [Status.ANSWERED], "登记满意度")
        if satisfaction not in Satisfaction.values:
            raise Refusal(f"满意度“{satisfaction}”无效，应为满意、基本满意或不满意。")
        require_date(on, label="反馈日期", not_before=p.answered_on, before_label="答复日期")
        p.satisfaction, p.rated_on = satisfaction, on
        p.answers.filter(round=p.round).update(satisfaction=satisfaction, rated_on=on)
        if satisfaction == Satisfaction.UNSATISFIED and p.round < rules.max_rounds():
            p.status = Status.REHANDLING
        else:
            p.status, p.closed_on = Status.CLOSED, on

    return _apply(
        actor, channel, proposal, "登记满意度", change, {"satisfaction": satisfaction}, on=on
    )


def _apply(actor, channel, proposal, action: str, change, details: dict | None = None, on=None):
    return transition(FRAME, actor, channel, proposal, action, change, details=details, on=on)


FRAME = Frame(
    open_statuses=Status.open,
    snapshot=lambda p: _snapshot(p),
    refresh_due=lambda p: _compute_due(p),
    default_on=lambda p: p.received_on,
)


def _refresh_due(p: Proposal) -> None:
    refresh_or_refuse(_compute_due, p)


def _compute_due(p: Proposal) -> None:
    if p.assigned_on:
        period = rules.extended_period() if p.extended else rules.answer_period()
        p.due_on = due_date(p.assigned_on, period)  # 代表法 art. 42: from 交办
    if p.status in (Status.ASSIGNED, Status.HANDLING):
        p.next_due_on, p.next_due_label = p.due_on, "答复"
    elif p.status == Status.REHANDLING:
        p.next_due_on, p.next_due_label = (
            due_date(p.rated_on, rules.rehandling_period()),
            "重新答复",
        )
    else:  # 收到 (no clock before 交办), 已答复 (waiting for the rating), 已办结
        p.next_due_on, p.next_due_label = None, ""
