"""Every state change of a 建议提案 is one function here: it describes its change and runs it
through the transition table (steps.py), which checks the step, its statuses and who takes it under
the row lock, recomputes the due dates, saves and appends the audit row in one transaction. Views,
the API, imports, the demo and `fazhi tick` all call these; none writes by itself.

The path: 收到 → 交办(主办、协办) → [办理中] → [延期至六个月, approved by the 交办机关] →
答复(A/B/C) → 评价: 满意/基本满意 → 办结; 不满意 → 重新办理 → 再次答复 → 评价 … A proposal merged
(并案) into another is handled and answered with it: answering the main one answers every member
still waiting.
"""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, OuterRef

from fazhi.core import audit, held
from fazhi.core.clocks import due_date
from fazhi.core.models import OrgUnit, UnitKind
from fazhi.core.steps import Frame
from fazhi.core.workflow import Refusal, locking, refresh_or_refuse, require_date, require_year_of

from . import rules
from .models import Category, Proposal, ProposalAnswer, Satisfaction, Source, Status
from .queries import visible_proposals
from .steps import STEPS

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
    """Register a proposal as the 人大常委会 or 政协 sends it, under its own number; only the
    government's 建议提案交办机构 registers (the table's creator rule)."""
    if source not in Source.values:
        raise Refusal(f"类别“{source}”无效，应为人大代表建议或政协委员提案。")
    require_date(received_on, label="收到日期")
    require_year_of(int(year), received_on, label="年度", day_label="收到日期", after=0)
    number, title, proposers = str(number).strip(), title.strip(), proposers.strip()
    if not number or not title or not proposers:
        raise Refusal("编号、标题和提出人均须填写。")
    if not office.path.startswith(government.path):
        raise Refusal(f"登记单位“{office}”不属于{government}。")
    with held.atomic():  # no savepoint in an import's chunk
        exists = Proposal.objects.filter(
            government=government, source=source, year=year, number=number
        ).exists()
        if exists:
            raise Refusal(f"{year}年{Source(source).label}第{number}号已登记。")
        p = Proposal(
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
        details = {"number": number, "source": Source(source).label}
        return STEPS.create(
            actor, channel, p, action="收到建议提案", on=received_on, details=details
        )


def register(actor, channel: str, data: dict) -> Proposal:
    """The registration form's data, registered by the user's own unit for its government."""
    if actor is None or actor.unit_id is None:
        raise Refusal("请以建议提案交办机构工作人员的身份登记。")
    return receive(actor, channel, government=actor.unit.government(), office=actor.unit, **data)


def assign(
    actor, channel: str, proposal, *, on: dt.date, unit: OrgUnit, co_units: Iterable = ()
) -> Proposal:
    """交办 to a 主办 unit with any 协办 units; the answer period starts (代表法 art. 42)."""
    co_units = list(co_units)

    def change(p):
        require_date(on, label="交办日期", not_before=p.received_on, before_label="收到日期")
        _check_units(p, unit, co_units)
        p.unit, p.assigned_on, p.status = unit, on, Status.ASSIGNED
        p.co_units.set(co_units)

    details = {"unit": str(unit or ""), "co_units": [str(u) for u in co_units]}
    return STEPS.apply("assign", actor, channel, proposal, change, details=details, on=on)


def _check_units(p: Proposal, unit: OrgUnit | None, co_units: list) -> None:
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
        require_date(on, label="开始办理日期", not_before=p.assigned_on, before_label="交办日期")
        p.status = Status.HANDLING

    return STEPS.apply("start", actor, channel, proposal, change, on=on)


def extend(actor, channel: str, proposal, *, on: dt.date, reason: str) -> Proposal:
    """涉及面广、处理难度大: answer within 六个月 of 交办 (代表法 art. 42), with the 交办机关's
    consent (北京 art. 21, 浙江 art. 21, 山东 art. 19, 青岛 art. 25). The actor is the approver:
    the table requires the authority, and fazhi.core.approvals records who asked."""

    def change(p):
        if not reason.strip():
            raise Refusal("延期答复应说明涉及面广、处理难度大的理由。")
        require_date(on, label="批准日期", not_before=p.assigned_on, before_label="交办日期")
        if p.due_on and on > p.due_on:
            raise Refusal(f"答复期限已于{p.due_on:%Y-%m-%d}届满，不能再批准延期。")
        p.extended, p.extension_approver = True, audit.actor_label(actor)[:100]

    details = {"reason": reason, "approver": audit.actor_label(actor)}
    return STEPS.apply("extend", actor, channel, proposal, change, details=details, on=on)


def merge(actor, channel: str, proposal, *, on: dt.date, members: Iterable) -> Proposal:
    """并案办理, by the registering office: proposals on the same matter are handled by the main
    one's 主办 and 协办 units and answered with it. Each member keeps its own number, source and
    交办 clock, and is still counted as a proposal in its own right. Merging changes each member as
    much as the main one, so the member must be one the actor may see and merge."""
    members = list(members)
    changes: list[audit.Change] = []

    def change(lead):
        require_date(on, label="并案日期", not_before=lead.assigned_on, before_label="交办日期")
        if not members:
            raise Refusal("请选择需要并案办理的建议提案。")
        co_units = list(lead.co_units.all())
        for member in _joining(actor, lead, members):
            changes.append(_join(lead, member, co_units, on))

    details = {"members": [str(m) for m in members]}
    return STEPS.apply(
        "merge", actor, channel, proposal, change, details=details, on=on, then=lambda _: changes
    )


def _joining(actor, lead: Proposal, members: list) -> list[Proposal]:
    """The members under the row lock, each checked: read together, not a few queries each."""
    ids = {m.pk for m in members}
    if lead.pk in ids:
        raise Refusal("不能将建议提案与其自身并案。")
    if visible_proposals(actor).filter(pk__in=ids).count() != len(ids):
        raise Refusal("所选建议提案中有您无权查看的件，不能并案。")
    leads_a_group = Exists(Proposal.objects.filter(merged_into=OuterRef("pk")))
    rows = locking(Proposal).filter(pk__in=ids).annotate(leads_a_group=leads_a_group)
    joining = list(rows.order_by("pk"))
    for member in joining:
        _check_member(actor, lead, member)
    return joining


def _join(lead: Proposal, m: Proposal, co_units: list, on: dt.date) -> audit.Change:
    before = FRAME.snapshot(m)
    if m.status == Status.RECEIVED:
        require_date(on, label="并案日期", not_before=m.received_on, before_label="收到日期")
        m.assigned_on, m.status = on, Status.ASSIGNED
    m.unit_id, m.merged_into = lead.unit_id, lead
    refresh_or_refuse(compute_due, m)
    m.save()
    m.co_units.set(co_units)
    after = FRAME.snapshot(m) | {"on": on, "details": {"main": str(lead)}}
    return audit.Change("并案办理", m, before, after)


def _check_member(actor, lead: Proposal, m: Proposal) -> None:
    if not STEPS["merge"].who.allows(actor, m):
        raise Refusal(f"“{m}”不是您所在单位登记交办的建议提案，不能并案。")
    if m.government_id != lead.government_id or m.year != lead.year:
        raise Refusal(f"“{m}”与主件不属于同一政府、同一年度，不能并案。")
    if m.merged_into_id or m.leads_a_group:
        raise Refusal(f"“{m}”已参与其他并案办理。")
    if m.status not in [Status.RECEIVED, Status.ASSIGNED, Status.HANDLING]:
        raise Refusal(f"“{m}”当前状态为“{m.get_status_display()}”，只有未答复的件可以并案。")


def answer(
    actor, channel: str, proposal, *, on: dt.date, category: str, summary: str = ""
) -> Proposal:
    """答复 in writing with its category, by the 主办 unit; a main proposal's first answer is also
    the answer of each merged member still waiting for one (a 重新办理 round concerns only the
    proposer who was not satisfied)."""
    members: list[audit.Change] = []

    def change(p):
        if category not in Category.values:
            raise Refusal(f"答复类别“{category}”无效，应为A、B或C。")
        waiting = p.merged.select_for_update().filter(status__in=Status.awaiting_answer())
        group = list(waiting) if p.round == 0 else []
        _answer_one(p, on, category, summary)
        for item in group:
            before = FRAME.snapshot(item)
            _answer_one(item, on, category, summary)
            refresh_or_refuse(compute_due, item)
            item.save()
            details = {"category": category, "main": str(p)}
            after = FRAME.snapshot(item) | {"on": on, "details": details}
            members.append(audit.Change("答复", item, before, after))

    details = {"category": category, "summary": summary}
    return STEPS.apply(
        "answer", actor, channel, proposal, change, details=details, on=on, then=lambda _: members
    )


def _answer_one(item: Proposal, on: dt.date, category: str, summary: str) -> None:
    start = item.rated_on if item.status == Status.REHANDLING else item.assigned_on
    require_date(on, label="答复日期", not_before=start, before_label="起算日期")
    item.round += 1
    item.status, item.answered_on, item.category = Status.ANSWERED, on, category
    item.satisfaction = ""
    ProposalAnswer.objects.create(
        proposal=item, round=item.round, answered_on=on, category=category, summary=summary[:500]
    )


def rate(actor, channel: str, proposal, *, on: dt.date, satisfaction: str) -> Proposal:
    """The 代表's or 委员's rating (重庆 art. 26), recorded by the 交办机构 that represents the
    proposer's side — never by the unit that answered. 满意/基本满意 closes it; 不满意 sends it back
    for 重新办理 within FAZHI_PROPOSAL_REHANDLING_MONTHS (山东 24, 浙江 24, 河南 22: 1 month), until
    FAZHI_PROPOSAL_MAX_ROUNDS answers have been given, after which the rating is recorded and the
    proposal closed."""

    def change(p):
        if satisfaction not in Satisfaction.values:
            raise Refusal(f"满意度“{satisfaction}”无效，应为满意、基本满意或不满意。")
        require_date(on, label="反馈日期", not_before=p.answered_on, before_label="答复日期")
        p.satisfaction, p.rated_on = satisfaction, on
        p.answers.filter(round=p.round).update(satisfaction=satisfaction, rated_on=on)
        if satisfaction == Satisfaction.UNSATISFIED and p.round < rules.max_rounds():
            p.status = Status.REHANDLING
        else:
            p.status, p.closed_on = Status.CLOSED, on

    details = {"satisfaction": satisfaction}
    return STEPS.apply("rate", actor, channel, proposal, change, details=details, on=on)


def compute_due(p: Proposal) -> None:
    """The answer period runs from 交办 (代表法 art. 42), six months once extended; after a 不满意
    rating, the 重新办理 period runs from the rating."""
    if p.assigned_on:
        period = rules.extended_period() if p.extended else rules.answer_period()
        p.due_on = due_date(p.assigned_on, period)
    if p.status in (Status.ASSIGNED, Status.HANDLING):
        p.next_due_on, p.next_due_label = p.due_on, "答复"
    elif p.status == Status.REHANDLING:
        p.next_due_on = due_date(p.rated_on, rules.rehandling_period())
        p.next_due_label = "重新答复"
    else:  # 收到 (no clock before 交办), 已答复 (waiting for the rating), 已办结
        p.next_due_on, p.next_due_label = None, ""


FRAME = Frame(
    snapshot=lambda p: audit.snapshot(p, AUDITED),
    refresh_due=compute_due,
    default_on=lambda p: p.received_on,
)
