"""The inbox: what concerns a user, counted on every page (the header's badge) and listed on
/inbox/ — work that finds its people rather than waiting to be looked for.

What it holds, for a user:
- 催办 received and the reminders `fazhi tick` wrote (`Notice`, one per overdue record for the
  unit that must act), unread first; a reminder is its unit's, so one of its staff marking it read
  marks it read for the unit;
- approvals the user may decide (fazhi.core.approvals);
- overdue and due-soon records (the procedures' workbench sources), and records that have waited
  longer than the local period in a status without a statutory clock (`FAZHI_WAITING_DAYS`, shown
  as "等待N日"): of the units the user answers for — a coordinator or leader, their whole government
  (they supervise, and may 催办: fazhi.core.urge); anyone else, their own unit;
- 待我办理: the other open records whose current step belongs to the user's own unit.

"The unit that must act" on a record is read from the transition table: the unit field named by
`ActsFor` in the `who` of the steps that start from the record's status (`acting_field`). A
procedure whose table says otherwise declares it (`declare_acting_units`).

Cost: the badge runs one aggregate query per workbench source, one per procedure with a waiting
period, one for the reminders and one for the approvals (plus one per procedure with a pending
approval request in the government), and is cached per user for FAZHI_INBOX_CACHE_SECONDS.
Nothing grows with the number of records.
"""

import datetime as dt
import smtplib
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Case, Count, Q, When
from django.utils import timezone

from . import audit, jobs, procedures, workbench
from .authority import ActsFor, AllOf, AnyOf
from .models import (
    ApprovalRequest,
    ApprovalStatus,
    DigestMark,
    Notice,
    OpenItem,
    OrgUnit,
    Role,
    Urge,
    User,
)
from .permissions import subtree_ids
from .workflow import Refusal

LIST_LIMIT = 50  # rows per section and procedure on the inbox page
TODO_LIMIT = 20  # rows of 待我办理 per procedure: the workbench and the ledgers list the rest
DIGEST_LINES = 50  # lines of one e-mail; the rest is counted
DIGEST_DAYS = 7  # a first digest does not dig out reminders older than this

# --- who must act ------------------------------------------------------------------------------

_DECLARED_ACTING: dict[str, dict[str, str]] = {}


def declare_acting_units(procedure_key: str, **field_by_status: str) -> None:
    """A procedure's own answer to "which unit must act in this status", where its transition
    table's `ActsFor` rules do not say it (e.g. `declare_acting_units("letters", answered=
    "registrar")`)."""
    _DECLARED_ACTING.setdefault(procedure_key, {}).update(field_by_status)


def _acts_for_fields(rule) -> list[str]:
    if isinstance(rule, ActsFor):
        return [rule.field]
    if isinstance(rule, (AllOf, AnyOf)):
        return [name for part in rule.rules for name in _acts_for_fields(part)]
    return []


def acting_field(procedure, status: str) -> str | None:
    """The unit field of the unit that must act on a record in `status`: declared, or the
    `ActsFor` field of the steps starting there — the handling unit ("unit") when several units
    may act (an office may also reassign what the unit must answer), else the first in the
    table's reach order."""
    declared = _DECLARED_ACTING.get(procedure.key, {}).get(status)
    if declared:
        return declared
    found: list[str] = []
    for step in procedure.steps:
        if status in step.sources and not step.by_system:
            found += [name for name in _acts_for_fields(step.who) if name not in found]
    if not found:
        return None
    if "unit" in found:
        return "unit"
    return next((name for name in procedure.steps.reach if name in found), found[0])


def _lookup(field: str) -> str:
    return field.replace(".", "__")


def acting_q(procedure, unit_ids) -> Q:
    """Records whose current status waits on a unit among `unit_ids` (ids or a subquery)."""
    statuses_by_field: dict[str, list[str]] = defaultdict(list)
    for status in procedure.statuses.open():
        field = acting_field(procedure, status)
        if field:
            statuses_by_field[field].append(status)
    condition = Q(pk__in=[])
    for field, statuses in statuses_by_field.items():
        condition |= Q(status__in=statuses, **{f"{_lookup(field)}__in": unit_ids})
    return condition


def acting_unit(procedure, record) -> OrgUnit | None:
    """The unit that must act on this record now (the 催办's addressee)."""
    field = acting_field(procedure, record.status)
    unit = None
    if field:
        unit = record
        for name in field.split("."):
            unit = getattr(unit, name, None)
    return unit


def acting_unit_id(procedure, record) -> int | None:
    """The id of the unit that must act on this record now, read without loading that unit."""
    field = acting_field(procedure, record.status)
    if not field:
        return None
    *path, last = field.split(".")
    holder = record
    for name in path:
        holder = getattr(holder, name, None)
    return getattr(holder, f"{last}_id", None) if holder is not None else None


def is_overseer(user) -> bool:
    return user.role in Role.overseers()


def own_unit_ids(user):
    """The units whose work is the user's own: the user's unit and those under it (a town's
    village offices) — for a coordinator or leader their own unit only, since the government
    they oversee is theirs to supervise, not to handle."""
    if is_overseer(user):
        return [user.unit_id]
    return subtree_ids(user.unit)


def answered_unit_ids(user):
    """The units whose overdue and waiting records concern the user: a coordinator's or leader's
    whole government, anyone else's own unit."""
    return subtree_ids(user.scope_unit())


def is_person(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.unit_id)


# --- clocks and waiting periods ----------------------------------------------------------------


def due_soon_until(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=settings.FAZHI_DUE_SOON_DAYS)


def waiting_days(procedure) -> dict[str, int]:
    """The local waiting period of each of the procedure's open statuses that has one."""
    prefix = f"{procedure.key}."
    return {
        key.removeprefix(prefix): int(days)
        for key, days in settings.FAZHI_WAITING_DAYS.items()
        if key.startswith(prefix) and int(days) > 0
    }


def _has_clock(model) -> bool:
    return any(f.name == "next_due_on" for f in model._meta.concrete_fields)


def waiting_q(procedure, now: dt.datetime) -> Q | None:
    """Records that have stayed longer than the period in a status that has one, counted from
    their last change (`updated_at`: every step saves the record). A record whose clock runs
    (a due date) is the clock's, not the waiting period's."""
    periods = waiting_days(procedure)
    if not periods:
        return None
    condition = Q(pk__in=[])
    for status, days in periods.items():
        condition |= Q(status=status, updated_at__lt=now - dt.timedelta(days=days))
    if _has_clock(procedure.model):
        condition &= Q(next_due_on__isnull=True)
    return condition


def waited_days(record, now: dt.datetime | None = None) -> int:
    return ((now or timezone.now()) - record.updated_at).days


def urge_reason(procedure, record, today: dt.date | None = None) -> str:
    """Why a record may be 催办'd — "逾期N日" or "等待N日" — or "" when it is neither."""
    if record.status not in procedure.statuses.open():
        return ""
    today = today or timezone.localdate()
    due = getattr(record, "next_due_on", None)
    if due is not None and due < today:
        return f"逾期{(today - due).days}日"
    days = waiting_days(procedure).get(record.status)
    if days and due is None and record.updated_at:
        waited = waited_days(record)
        if waited >= days:
            return f"等待{waited}日"
    return ""


# --- the badge ---------------------------------------------------------------------------------


@dataclass
class Counts:
    urges: int = 0  # unread 催办
    notices: int = 0  # unread reminders (without the 催办)
    approvals: int = 0
    overdue: int = 0
    due_soon: int = 0
    waiting: int = 0

    @property
    def total(self) -> int:
        return (
            self.urges + self.notices + self.approvals + self.overdue + self.due_soon + self.waiting
        )


def _source_procedure(source):
    try:
        return procedures.get(source.key)
    except KeyError:
        return None


def counts(user) -> Counts:
    """Everything the badge adds up, counted in the database (see the module's docstring)."""
    found = Counts()
    if not is_person(user):
        return found
    unread = Notice.objects.filter(unit_id__in=own_unit_ids(user), read_at__isnull=True)
    tally = unread.aggregate(all=Count("pk"), urges=Count("pk", filter=Q(urge__isnull=False)))
    found.urges, found.notices = tally["urges"], tally["all"] - tally["urges"]
    found.approvals = len(decidable(user))
    today, now = timezone.localdate(), timezone.now()
    answered = answered_unit_ids(user)
    tally = (
        OpenItem.objects.filter(procedure__in=[s.key for s in workbench.sources()])
        .filter(acting_unit_id__in=answered, due_on__lte=due_soon_until(today))
        .aggregate(
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            soon=Count("pk", filter=Q(due_on__gte=today)),
        )
    )
    found.overdue, found.due_soon = tally["overdue"], tally["soon"]
    for procedure in procedures.all_procedures():
        condition = waiting_q(procedure, now)
        if condition is not None:
            found.waiting += _waiting_items(procedure, user, answered, condition).count()
    return found


def badge_key(user_id: int) -> str:
    return f"inbox:badge:{user_id}"


def badge_count(user) -> int:
    """The header's number, cached per user for a short while (a page view costs one cache read)."""
    if not is_person(user):
        return 0
    key = badge_key(user.pk)
    value = cache.get(key)
    if value is None:
        value = counts(user).total
        cache.set(key, value, settings.FAZHI_INBOX_CACHE_SECONDS)
    return value


def forget_badges(unit_ids) -> None:
    """Drop the cached badges of the users of these units (something new reached them)."""
    users = User.objects.filter(unit_id__in=unit_ids).values_list("pk", flat=True)
    cache.delete_many([badge_key(pk) for pk in users])


def _due_items(source, user, answered):
    items = source.open_items(user)
    procedure = _source_procedure(source)
    if procedure is not None:
        items = items.filter(acting_q(procedure, answered))
    return items


def _waiting_items(procedure, user, answered, condition):
    return procedure.visible(user).filter(condition).filter(acting_q(procedure, answered))


def decidable(user) -> list[ApprovalRequest]:
    """The pending requests the user may decide: as fazhi.core.approvals.decidable_by, but the
    records are read in one query per procedure, not one per request."""
    if not is_person(user):
        return []
    government = user.unit.government()
    requests = list(
        ApprovalRequest.objects.filter(
            status=ApprovalStatus.PENDING, unit__path__startswith=government.path
        ).select_related("requested_by", "unit")[:200]
    )
    by_procedure: dict[str, list[ApprovalRequest]] = defaultdict(list)
    for request in requests:
        by_procedure[request.procedure].append(request)
    allowed = []
    for key, group in by_procedure.items():
        try:
            procedure = procedures.get(key)
        except KeyError:
            continue
        records = procedure.model.objects.in_bulk([r.object_id for r in group])
        for request in group:
            step = procedure.steps.steps.get(request.step)
            record = records.get(request.object_id)
            if step and step.approval and record and step.approval.allows(user, record):
                allowed.append(request)
    return sorted(allowed, key=lambda r: r.requested_at, reverse=True)


# --- the page ----------------------------------------------------------------------------------


@dataclass
class Entry:
    """One record on the inbox page."""

    procedure: object
    record: object
    reason: str  # 逾期N日 / 今日到期 / 剩N日 / 等待N日 / the step's label
    kind: str  # overdue / soon / waiting / todo (a CSS class of the badge)

    @property
    def url(self) -> str:
        return self.record.get_absolute_url()

    @property
    def urge_url(self) -> str:
        from django.urls import reverse

        meta = self.record._meta
        return reverse("core:urge", args=[meta.app_label, meta.model_name, self.record.pk])


def _due_reason(due: dt.date, today: dt.date) -> tuple[str, str]:
    if due < today:
        return f"逾期{(today - due).days}日", "overdue"
    if due == today:
        return "今日到期", "soon"
    return f"剩{(due - today).days}日", "soon"


def sections(user) -> dict:
    """What the inbox page lists: a bounded number of rows per section and procedure."""
    if not is_person(user):
        return {}
    today, now = timezone.localdate(), timezone.now()
    answered, own = answered_unit_ids(user), own_unit_ids(user)
    soon = due_soon_until(today)
    due_entries, waiting_entries, todo_entries = [], [], []
    for source in workbench.sources():
        procedure = _source_procedure(source)
        items = _due_items(source, user, answered).filter(next_due_on__lte=soon)
        for record in items.order_by("next_due_on", "pk")[:LIST_LIMIT]:
            reason, kind = _due_reason(record.next_due_on, today)
            label = getattr(record, "next_due_label", "")
            due_entries.append(
                Entry(procedure, record, f"{label} {reason}" if label else reason, kind)
            )
        if procedure is None:
            continue
        todo = (
            source.open_items(user)
            .filter(acting_q(procedure, own))
            .filter(Q(next_due_on__gt=soon) | Q(next_due_on__isnull=True))
            .order_by("pk")[:TODO_LIMIT]
        )
        todo_entries += [
            Entry(procedure, r, getattr(r, "next_due_label", "") or r.get_status_display(), "todo")
            for r in todo
        ]
    for procedure in procedures.all_procedures():
        condition = waiting_q(procedure, now)
        if condition is None:
            continue
        items = _waiting_items(procedure, user, answered, condition).order_by("updated_at", "pk")
        waiting_entries += [
            Entry(
                procedure, r, f"{r.get_status_display()} · 等待{waited_days(r, now)}日", "waiting"
            )
            for r in items[:LIST_LIMIT]
        ]
    due_entries.sort(key=lambda e: e.record.next_due_on)
    mine = Notice.objects.filter(unit_id__in=own)
    return {
        "urges": list(
            Urge.objects.filter(notice__in=mine)
            .select_related("notice", "by")
            .order_by(_unread_first("notice__read_at"), "-at", "-id")[:LIST_LIMIT]
        ),
        "notices": list(
            mine.filter(urge__isnull=True).order_by(_unread_first("read_at"), "-created_at", "-id")[
                : LIST_LIMIT * 2
            ]
        ),
        "approvals": decidable(user),
        "due": due_entries,
        "waiting": waiting_entries,
        "todo": todo_entries,
        "may_urge": is_overseer(user),
    }


def _unread_first(read_at: str) -> Case:
    return Case(When(**{f"{read_at}__isnull": True}, then=0), default=1)


def mark_read(user, channel: str, notice_ids: list[int] | None = None) -> int:
    """Mark the user's units' reminders read: those given, or all unread. One audit row."""
    if not is_person(user):
        raise Refusal("请先登录。")
    unread = Notice.objects.filter(unit_id__in=own_unit_ids(user), read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=notice_ids)
    with transaction.atomic():
        ids = list(unread.values_list("pk", flat=True)[:10_000])
        done = Notice.objects.filter(pk__in=ids).update(read_at=timezone.now())
        if done:
            audit.record(user, channel, "提醒标为已读", user.unit, None, {"notices": ids})
    cache.delete(badge_key(user.pk))
    return done


# --- the tick's e-mail digest ------------------------------------------------------------------


def send_digests(run) -> int:
    """Mail each active user with an address the reminders and 催办 their units received since
    the last digest (unread ones only), one message per user, through Django's mail backend.
    Returns the number of messages sent."""
    users = list(
        User.objects.filter(is_active=True, unit__isnull=False)
        .exclude(email="")
        .select_related("unit", "digest_mark")
    )
    if not users:
        return 0
    marks = {u.pk: getattr(u, "digest_mark", None) for u in users}
    since = min((m.last_notice_id if m else 0) for m in marks.values())
    recent = timezone.now() - dt.timedelta(days=DIGEST_DAYS)
    fresh = (
        Notice.objects.filter(pk__gt=since, read_at__isnull=True, created_at__gte=recent)
        .select_related("unit", "urge")
        .order_by("pk")
    )
    by_unit: dict[int, list[Notice]] = defaultdict(list)
    paths: dict[int, str] = {}
    last = since
    for notice in fresh.iterator(chunk_size=2000):
        by_unit[notice.unit_id].append(notice)
        paths[notice.unit_id] = notice.unit.path
        last = notice.pk
    messages = []
    for user in users:
        mark = marks[user.pk]
        after = mark.last_notice_id if mark else 0
        if is_overseer(user):
            units = [user.unit_id] if user.unit_id in by_unit else []
        else:
            units = [pk for pk, path in paths.items() if path.startswith(user.unit.path)]
        notices = sorted(
            (n for pk in units for n in by_unit[pk] if n.pk > after), key=lambda n: n.pk
        )
        if notices:
            messages.append(_digest(user, notices))
    if messages:
        try:
            get_connection().send_messages(messages)
        except (OSError, smtplib.SMTPException) as error:
            # The marks stay where they were: the next tick sends these again.
            jobs.problem(run, f"提醒邮件未能发送：{error}")
            return 0
    with transaction.atomic():
        DigestMark.objects.bulk_create(
            [
                DigestMark(
                    user=u,
                    last_notice_id=max(last, marks[u.pk].last_notice_id if marks[u.pk] else 0),
                    sent_at=run.started_at,
                )
                for u in users
            ],
            update_conflicts=True,
            unique_fields=["user"],
            update_fields=["last_notice_id", "sent_at"],
        )
        if messages:
            audit.record(
                None,
                audit.Channel.JOB,
                "发送提醒邮件",
                run,
                None,
                {"messages": len(messages), "to_notice": last},
            )
    return len(messages)


def _digest(user, notices: list[Notice]) -> EmailMessage:
    urges = sum(1 for n in notices if _is_urge(n))
    head = f"您所在单位有{len(notices)}条新提醒" + (f"，其中催办{urges}条" if urges else "")
    lines = [f"{user.display_name}：", "", head + "：", ""]
    for notice in notices[:DIGEST_LINES]:
        lines.append(f"· {notice.text}")
        lines.append(f"  {settings.FAZHI_SITE_URL}{notice.link}")
    if len(notices) > DIGEST_LINES:
        lines.append(f"…… 另有{len(notices) - DIGEST_LINES}条，请登录查看。")
    lines += [
        "",
        f"全部待办：{settings.FAZHI_SITE_URL}/inbox/",
        "",
        "法治政府建设工作平台(自动发送)",
    ]
    return EmailMessage(
        subject=f"【法治政府建设工作平台】{head}",
        body="\n".join(lines),
        to=[user.email],
    )


def _is_urge(notice: Notice) -> bool:
    try:
        return notice.urge is not None
    except Urge.DoesNotExist:
        return False
