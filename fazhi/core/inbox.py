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
procedure whose table says otherwise declares it (`Procedure.acting`).

The records come from the kernel's open-items table (fazhi.core.openitems), kept by every step,
whatever the number of records or procedures (`Concerns`). 待我办理 and the due lists hold what
the procedures' workbench sources list (`workbench_lists`); a waiting period applies to any open
status.

Cost: the user's units (one query), then two on the open items for the badge (due; waiting) and
three for the page (due, waiting, 待我办理: a bounded number of rows per procedure each); one for
the reminders and one for the approvals (plus one per procedure with a pending approval request
in the government: a request's approver is decided on its record). The badge is cached per user
for FAZHI_INBOX_CACHE_SECONDS.
"""

import datetime as dt
import smtplib
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Case, Count, F, Q, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from . import approvals, audit, jobs, procedures, workbench
from .authority import ActsFor, AllOf, AnyOf
from .models import (
    ApprovalRequest,
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
    declared = procedure.acting.get(status)
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


NOTHING = Q(pk__isnull=True)  # a condition no row meets, to start an OR with


def _has_clock(model) -> bool:
    return any(f.name == "next_due_on" for f in model._meta.concrete_fields)


def waiting_condition(now: dt.datetime) -> Q:
    """Open items that have stayed longer than the period in a status that has one, counted from
    the record's last change (`changed_at`, its `updated_at`: every step saves the record), as one
    condition over every procedure. A record whose clock runs (a due date) is the clock's, not the
    waiting period's. Only the open items table is read: every procedure with a waiting period
    declares a workbench source, so its open records are there (a test holds this)."""
    condition, keys = NOTHING, []
    for procedure in procedures.all_procedures():
        clock = Q(due_on__isnull=True) if _has_clock(procedure.model) else Q()
        for status, days in waiting_days(procedure).items():
            since = now - dt.timedelta(days=days)
            condition |= Q(procedure=procedure.key, status=status, changed_at__lt=since) & clock
            keys.append(procedure.key)
    # the procedures named once more, outside the OR: the table's (procedure, record) index
    return Q(procedure__in=keys) & condition if keys else NOTHING


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


# --- what concerns the user, on the open items table -------------------------------------------


@dataclass(frozen=True)
class Concerns:
    """The three kinds of open records the inbox shows a user, as conditions on the kernel's
    open-items table (fazhi.core.openitems), all procedures at once:

    - due: overdue or due soon, waiting on a unit the user answers for;
    - todo: the other records the workbench lists whose step waits on the user's own unit;
    - waiting: past a local waiting period (`waiting_condition`), on a unit the user answers for.

    Visibility: `acting_unit` is the unit named by the record's acting field (`acting_field`:
    "unit", "office", "registrar", "agency", "campaign.unit"), and the answered and own units
    are the subtree of the user's `scope_unit()` or a part of it — the very set `unit_scope_q`
    gives every procedure's `visible()` for that field. Every procedure's `visible()` admits the
    records whose acting fields lie in that set (read them: `unit_scope_q(user, <field>)` for each
    field a step's `ActsFor` names), so an item here is one the user may open. A test checks it
    on records of several procedures: a procedure that narrows its `visible()` below its acting
    units must add that condition here."""

    due: Q
    todo: Q
    waiting: Q

    @classmethod
    def of(cls, user, today: dt.date, now: dt.datetime) -> "Concerns":
        # The unit ids as a list (one short query) rather than a subquery: the database then
        # reads the open items through their acting unit's index (measured on SQLite: a
        # department's page 4 times faster with 80 000 open items).
        answered_ids = list(answered_unit_ids(user).values_list("pk", flat=True))
        # an overseer's own unit is a list already; anyone else's is the subtree just read
        own_ids = own_unit_ids(user) if is_overseer(user) else answered_ids
        answered, mine = Q(acting_unit_id__in=answered_ids), Q(acting_unit_id__in=own_ids)
        soon = due_soon_until(today)
        listed = workbench.listed()
        return cls(
            due=listed & answered & Q(due_on__lte=soon),
            todo=listed & mine & (Q(due_on__gt=soon) | Q(due_on__isnull=True)),
            waiting=answered & waiting_condition(now),
        )

    @property
    def any(self) -> Q:
        return self.due | self.todo | self.waiting


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


def counts(user) -> Counts:
    """Everything the badge adds up, counted in the database (see the module's docstring)."""
    found = Counts()
    if not is_person(user):
        return found
    unread = Notice.objects.filter(unit_id__in=own_unit_ids(user), read_at__isnull=True)
    tally = unread.aggregate(all=Count("pk"), urges=Count("pk", filter=Q(urge__isnull=False)))
    found.urges, found.notices = tally["urges"], tally["all"] - tally["urges"]
    found.approvals = len(decidable(user))
    today = timezone.localdate()
    concerns = Concerns.of(user, today, timezone.now())
    # two queries rather than one aggregate over due | waiting: each reads its own index (the
    # due date; the procedure), measured 1.5 times faster on SQLite with 80 000 open items
    tally = OpenItem.objects.filter(concerns.due).aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        soon=Count("pk", filter=Q(due_on__gte=today)),
    )
    found.overdue, found.due_soon = tally["overdue"], tally["soon"]
    found.waiting = OpenItem.objects.filter(concerns.waiting).count()
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


def decidable(user) -> list[ApprovalRequest]:
    """The pending requests the user may decide (fazhi.core.approvals), newest first."""
    if not is_person(user):
        return []
    return approvals.decidable_by(user, procedures.registry())


# --- the page ----------------------------------------------------------------------------------


@dataclass
class Entry:
    """One record on the inbox page, drawn from its open-items row: the record is not loaded."""

    procedure: object
    item: OpenItem
    reason: str  # 逾期N日 / 今日到期 / 剩N日 / 等待N日 / the deadline's label
    kind: str  # overdue / soon / waiting / todo (a CSS class of the badge)

    @property
    def record_id(self) -> int:
        return self.item.record_id

    @property
    def title(self) -> str:
        return self.item.title

    @property
    def status_label(self) -> str:
        return self.item.status_label

    @property
    def url(self) -> str:
        return self.item.get_absolute_url()

    @property
    def urge_url(self) -> str:
        from django.urls import reverse

        meta = self.procedure.model._meta
        return reverse("core:urge", args=[meta.app_label, meta.model_name, self.item.record_id])


def _due_reason(due: dt.date, today: dt.date) -> tuple[str, str]:
    if due < today:
        return f"逾期{(today - due).days}日", "overdue"
    if due == today:
        return "今日到期", "soon"
    return f"剩{(due - today).days}日", "soon"


def _first(condition: Q, order: list[str], limit: int) -> list[OpenItem]:
    """The first `limit` items of each procedure that meet `condition`, in `order`: one query."""
    ordering = [F(name).asc() for name in order]
    place = Window(RowNumber(), partition_by=[F("procedure")], order_by=ordering)
    rows = OpenItem.objects.filter(condition).annotate(place=place).filter(place__lte=limit)
    return list(rows)


def _entries(user, today: dt.date, now: dt.datetime) -> dict[str, list[Entry]]:
    """The due, waiting and todo sections: one query each, whatever the number of procedures (a
    single query with a window per section measured twice as slow on SQLite with 80 000 open
    items). A stale letter still to be passed on is both waiting and the registrar's to do."""
    concerns = Concerns.of(user, today, now)
    order = {source.key: i for i, source in enumerate(workbench.sources())}

    def declared(item: OpenItem) -> int:
        return order.get(item.procedure, len(order))

    due = _first(concerns.due, ["due_on", "record_id"], LIST_LIMIT)
    waiting = _first(concerns.waiting, ["changed_at", "record_id"], LIST_LIMIT)
    todo = _first(concerns.todo, ["record_id"], TODO_LIMIT)
    due.sort(key=lambda i: (i.due_on, declared(i), i.record_id))
    waiting.sort(key=lambda i: (declared(i), i.changed_at, i.record_id))
    todo.sort(key=lambda i: (declared(i), i.record_id))
    return {
        "due": [_due_entry(item, today) for item in due],
        "waiting": [_waiting_entry(item, now) for item in waiting],
        "todo": [Entry(procedures.get(i.procedure), i, i.due_label, "todo") for i in todo],
    }


def _due_entry(item: OpenItem, today: dt.date) -> Entry:
    reason, kind = _due_reason(item.due_on, today)
    label = f"{item.due_label} {reason}" if item.due_label else reason
    return Entry(procedures.get(item.procedure), item, label, kind)


def _waiting_entry(item: OpenItem, now: dt.datetime) -> Entry:
    label = f"{item.status_label} · 等待{(now - item.changed_at).days}日"
    return Entry(procedures.get(item.procedure), item, label, "waiting")


def sections(user) -> dict:
    """What the inbox page lists: a bounded number of rows per section and procedure, the open
    records in one query per section whatever the number of procedures (`Concerns`)."""
    if not is_person(user):
        return {}
    own = own_unit_ids(user)
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
        **_entries(user, timezone.localdate(), timezone.now()),
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
