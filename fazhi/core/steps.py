"""A procedure's transition table, and the one frame every state change runs in.

The table is the single source of what a record's page offers, what the API accepts and what the
service function allows: each `Step` names the statuses it starts from, the statuses it may lead
to, who may take it (fazhi.core.authority), who must approve it, and its form. A service function
describes only its own change; `Steps.apply` runs it under the row lock after checking the step
against the table, refuses a change that would move the record out of the actor's reach,
recomputes the due dates, saves and appends the audit row — all in one transaction. `Steps.create`
does the same for a new record, and `apply_many`/`create_many` for batches (the scheduled job,
bulk 交办, ledgers of thousands of records) with the same guards.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib import import_module
from typing import TypeVar

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from . import audit, held, openitems
from .authority import ActsFor, Rule, System, field_unit, is_person, within_government
from .bulk import AnyOf, insert_rows, only_checking, save_changed, stored, update_rows
from .calendar import CalendarYearUnknown
from .held import hold, let_go_on_failure
from .records import CALENDAR_SPAN, ClockedRecord
from .scopes import scoped
from .workflow import Refusal, RowRefusal, locked, refresh_or_refuse


@dataclass(frozen=True)
class Step:
    """One row of the transition table."""

    key: str
    label: str
    form: type[forms.Form] | str  # or the form's name in the forms module its table names
    sources: tuple  # the statuses the step starts from
    targets: tuple = ()  # the statuses it may lead to; empty: the status stays
    who: Rule = field(default_factory=ActsFor)
    approval: Rule | None = None  # set: taken by the approver, or requested from one
    service: str = ""  # the function in the procedure's services module; the key by default
    when: Callable[[models.Model], bool] | None = None
    when_reason: str = ""
    confirm: str = ""  # set: a destructive step, confirmed before it is taken
    bulk: bool = False  # may be taken on many records at once from the list
    # (record, user) -> the form's extra keyword arguments; a bulk step's is also called with
    # record None, for the form the list shows under its rows (filled in once for all ticked)
    form_args: Callable | None = None
    # the kind of 文书 the step issues (fazhi.core.instruments), or (record) -> kind ("" for none)
    instrument: str | Callable[[models.Model], str] = ""
    serves: str = ""  # the kind of 文书 whose 送达 it records (its form has served_on, way)

    @property
    def service_name(self) -> str:
        return self.service or self.key

    @property
    def by_system(self) -> bool:
        return isinstance(self.who, System)


@dataclass(frozen=True)
class Frame:
    """What the frame needs to know of one kind of record."""

    snapshot: Callable[[models.Model], dict]
    refresh_due: Callable[[models.Model], None]
    default_on: Callable[[models.Model], dt.date]
    prefetch: Sequence[str] = ()  # what refresh_due reads of related rows (pauses …)


class Steps:
    """The transition table of one kind of record."""

    def __init__(
        self,
        model: type[models.Model],
        services: str,
        steps: Sequence[Step],
        *,
        creator: Rule,
        reach: Sequence[str] = ("unit",),
        forms: str = "",  # the module of the forms the steps name
    ):
        self.model = model
        self.services_module = services
        self.forms_module = forms
        self.declared = tuple(steps)
        self.creator = creator
        self.reach = tuple(reach)  # unit fields a record may only be given within the actor's reach

    @cached_property
    def steps(self) -> dict[str, Step]:
        """The steps by key, each with its form class: the forms are imported when the table is
        first read (a page, a service, the checks), not with the declaration at start-up."""
        return {step.key: replace(step, form=self.form_of(step)) for step in self.declared}

    def form_of(self, step: Step) -> type[forms.Form]:
        if not isinstance(step.form, str):
            return step.form
        try:
            return getattr(import_module(self.forms_module), step.form)
        except (ImportError, AttributeError, ValueError) as exc:
            raise ImproperlyConfigured(
                f"{self.model._meta.verbose_name}的转移表：环节 {step.key} 的表单 "
                f"{self.forms_module}.{step.form} 不存在"
            ) from exc

    @property
    def frame(self) -> Frame:
        """The services module's `FRAME`: its snapshot and due-date rules live with the services,
        which import this table."""
        return import_module(self.services_module).FRAME

    def __getitem__(self, key: str) -> Step:
        return self.steps[key]

    def __iter__(self):
        return iter(self.steps.values())

    def __contains__(self, key: str) -> bool:
        return key in self.steps

    # --- what is offered and accepted -----------------------------------------------------------

    def service(self, step: Step) -> Callable:
        return getattr(import_module(self.services_module), step.service_name)

    def refusal(self, step: Step, user, obj, *, performing: bool = True) -> str | None:
        """Why `user` may not take `step` on `obj` now, or None. `performing` asks for the right to
        take the step itself; otherwise the right to ask for it (a step that needs approval)."""
        reason = self.state_refusal(step, obj)
        if reason:
            return reason
        if step.approval and performing:
            return step.approval.refusal(user, obj)
        return step.who.refusal(user, obj)

    def state_refusal(self, step: Step, obj) -> str | None:
        if obj.status not in step.sources:
            labels = "、".join(str(self._status_label(s)) for s in step.sources)
            return (
                f"无法{step.label}：当前状态为“{obj.get_status_display()}”，"
                f"只有“{labels}”的{self.model._meta.verbose_name}可以{step.label}。"
            )
        if step.when and not step.when(obj):
            return step.when_reason or f"本件当前不能{step.label}。"
        return None

    def _status_label(self, value: str) -> str:
        return dict(self.model._meta.get_field("status").flatchoices).get(value, value)

    def offered(self, user, obj) -> list[Step]:
        """The steps the user may take, or ask approval for, on the record as it is."""
        if not is_person(user):
            return []
        return [
            step
            for step in self
            if not step.by_system
            and (
                self.refusal(step, user, obj) is None
                or (step.approval and self.refusal(step, user, obj, performing=False) is None)
            )
        ]

    def handles(self, user, obj) -> bool:
        """Whether the user takes part in handling the record: some step's `who` allows them
        (the personal-data reveal, the 文书 送达 and attachments are for them)."""
        return any(step.who.allows(user, obj) for step in self if not step.by_system)

    def needs_request(self, step: Step, user, obj) -> bool:
        """True when the user may ask for the step but must have it approved by someone else."""
        return bool(step.approval) and not step.approval.allows(user, obj)

    # --- the frame -------------------------------------------------------------------------------

    def apply(
        self,
        key: str,
        actor,
        channel: str,
        obj,
        change: Callable[[models.Model], None],
        *,
        details: dict | None = None,
        on: dt.date | None = None,
        then: Callable | None = None,
        action: str = "",
    ):
        """Take step `key`: lock, check it against the table, change, check reach, recompute the
        due dates, save, audit. `on` is the step's legal date; `then(obj)` may return more audit
        changes (of records the step created)."""
        step = self[key]
        with let_go_on_failure(obj), held.atomic():
            obj = locked(obj)
            before, columns = self.frame.snapshot(obj), stored(obj)
            self._take(step, actor, obj, change)
            save_changed(obj, columns)
            on = on or self.frame.default_on(obj)
            after = self.frame.snapshot(obj) | {"on": on}
            after |= {"details": details} if details else {}
            changes = [audit.Change(action or step.label, obj, before, after)]
            changes += _papers(step, obj, actor, on, details)
            if then:
                changes += then(obj)
            openitems.sync(change.obj for change in changes)
            audit.record_many(actor, channel, changes)
        hold(obj)
        return obj

    def _take(self, step: Step, actor, obj, change) -> None:
        reason = self.refusal(step, actor, obj)
        if reason:
            raise Refusal(reason)
        reach_before = self._reach_of(obj)
        change(obj)
        if step.targets and obj.status not in step.targets:
            raise Refusal(f"{step.label}不能使{self.model._meta.verbose_name}处于该状态。")
        self._check_reach(actor, obj, reach_before)
        refresh_or_refuse(self.frame.refresh_due, obj)

    def apply_many(
        self,
        key: str,
        actor,
        channel: str,
        ids: Iterable[int],
        change,
        *,
        on=None,
        skip_locked: bool = False,
        fields: Sequence[str] = (),
        prefetch: Sequence[str] = (),
    ) -> tuple[list, dict[str, int]]:
        """Take one step on many records in one transaction with the same guards as `apply`;
        returns the changed records and the refusals counted by reason. With `skip_locked` rows
        another run holds are passed over (the scheduled job). With `fields`, `change` only sets
        those fields and the batch is written with one UPDATE (the tick over a million cases);
        otherwise each record is saved in a savepoint of its own. `on(obj)` is the step's date."""
        step, refused, changed, changes = self[key], {}, [], []
        with transaction.atomic():
            rows = self.model.objects.select_for_update(skip_locked=skip_locked).filter(pk__in=ids)
            # prefetched, not joined: FOR UPDATE would lock the related rows too
            related = openitems.related(self.model)
            for obj in rows.prefetch_related(*prefetch, *related).order_by("pk"):
                before, on_value = self.frame.snapshot(obj), on(obj) if callable(on) else on
                try:
                    self._take_one(step, actor, obj, change, save=not fields)
                except Refusal as exc:
                    reason = "；".join(exc.messages)
                    refused[reason] = refused.get(reason, 0) + 1
                    continue
                changed.append(obj)
                after = self.frame.snapshot(obj) | {"on": on_value}
                changes.append(audit.Change(step.label, obj, before, after))
            if fields and changed:
                self._bulk_save(changed, fields)
            openitems.sync(change.obj for change in changes)
            audit.record_many(actor, channel, changes)
        return changed, refused

    def recompute_due(self, ids: Iterable[int]) -> tuple[list[tuple], dict[str, int]]:
        """Recompute the stored due dates of records after the calendar changed, under the row
        lock, and write those that moved with one UPDATE. No step is taken: the caller audits the
        calendar change once. Returns (record, {field: (old, new)}) for each record that moved, and
        the records whose dates cannot be computed now, counted by reason (they keep theirs, and
        the days they were refused over: calendar.ConsultedDays)."""
        fields = _due_fields(self.model)
        moved, unresolved, respanned, ids = [], {}, [], list(ids)
        if not ids:
            return moved, unresolved
        with transaction.atomic():
            rows = self.model.objects.select_for_update().filter(AnyOf("pk", ids))
            for obj in rows.prefetch_related(*self.frame.prefetch).order_by("pk"):
                before = {name: getattr(obj, name) for name in (*fields, *CALENDAR_SPAN)}
                try:
                    refresh_or_refuse(self.frame.refresh_due, obj)
                except Refusal as exc:
                    reason = "；".join(exc.messages)
                    unresolved[reason] = unresolved.get(reason, 0) + 1
                    respanned.append(obj)
                    continue
                diff = {
                    n: (before[n], getattr(obj, n)) for n in fields if getattr(obj, n) != before[n]
                }
                if diff:
                    moved.append((obj, diff))
                elif any(getattr(obj, n) != before[n] for n in CALENDAR_SPAN):
                    respanned.append(obj)
            update_rows(self.model, respanned, CALENDAR_SPAN)
            if moved:
                objs = [obj for obj, _ in moved]
                self._bulk_save(objs, sorted({name for _, diff in moved for name in diff}))
                # their open items and the moves listed name related rows (a 复议 case its
                # 被申请人): read for the moved records at once, not one query each
                prefetch_related_objects(objs, *openitems.named_by(self.model))
                openitems.sync(objs)
        return moved, unresolved

    def _take_one(self, step: Step, actor, obj, change, *, save: bool) -> None:
        if not save:
            self._take(step, actor, obj, change)
            return
        with held.savepoint():
            columns = stored(obj)
            self._take(step, actor, obj, change)
            save_changed(obj, columns)

    def _bulk_save(self, objs: list, fields: Sequence[str]) -> None:
        fields = list(fields)
        if issubclass(self.model, ClockedRecord):  # set with the due dates (refresh_or_refuse)
            fields += [name for name in CALENDAR_SPAN if name not in fields]
        if any(f.name == "updated_at" for f in self.model._meta.fields):
            now = timezone.now()
            for obj in objs:
                obj.updated_at = now
            fields.append("updated_at")
        update_rows(self.model, objs, fields)

    def create(
        self,
        actor,
        channel: str,
        obj,
        *,
        action: str,
        on: dt.date | None = None,
        details: dict | None = None,
        then: Callable | None = None,
        await_calendar: bool = False,
    ):
        """Save a new record: the creator rule and the reach are checked on the record as it will
        be, the due dates computed, the audit row appended — in one transaction.

        `await_calendar`: a receipt the law dates whether or not its deadline can be counted yet
        (an application on the public portal) is saved with its deadlines pending when they fall
        in a year whose holiday notice nobody has entered; entering it computes them
        (fazhi.core.deadlines). Every other refusal of the computation still refuses."""
        with held.atomic():
            self.check_creation(actor, obj)
            pending = self._refresh_new(obj, await_calendar)
            obj.save()
            changes = []
            if then:
                changes += then(obj) or []
            after = self.frame.snapshot(obj) | {"on": on or self.frame.default_on(obj)}
            after |= {"details": details} if details else {}
            after |= {"due_pending": pending} if pending else {}
            changes = [audit.Change(action, obj, None, after), *changes]
            openitems.sync(change.obj for change in changes)
            audit.record_many(actor, channel, changes)
        hold(obj, none_yet=() if then else self.frame.prefetch)  # `then` may add related rows
        return obj

    def _refresh_new(self, obj, await_calendar: bool) -> str:
        """Compute a new record's due dates; with `await_calendar`, a year not entered leaves
        them as they were (none) and returns why. Its span reaches into that year, so entering
        the year's notice recomputes the record."""
        if not await_calendar:
            refresh_or_refuse(self.frame.refresh_due, obj)
            return ""
        fields = _due_fields(self.model)
        before = {name: getattr(obj, name) for name in fields}
        try:
            refresh_or_refuse(self.frame.refresh_due, obj)
        except Refusal as exc:
            if not isinstance(exc.__cause__, CalendarYearUnknown):
                raise
            for name, value in before.items():
                setattr(obj, name, value)
            obj.next_due_label = DUE_PENDING_LABEL  # on the workbench, beside no date
            return "；".join(exc.messages)
        return ""

    def create_many(self, actor, channel: str, objs: list, *, action: str) -> list:
        """Save many new records (ledgers of thousands a year) with the same checks as `create`:
        one bulk insert (COPY on PostgreSQL), one audit append, the open ones' open items.
        A refused record raises `RowRefusal` with its index. In a trial (`bulk.checking`: an
        import's pass 1) the records are checked, not saved."""
        with transaction.atomic(), remembered_reads():
            for index, obj in enumerate(objs):
                try:
                    self.check_creation(actor, obj)
                    refresh_or_refuse(self.frame.refresh_due, obj)
                except RowRefusal:
                    raise
                except Refusal as exc:
                    raise RowRefusal(index, "；".join(exc.messages)) from exc
            if only_checking():
                return list(objs)
            saved = insert_rows(self.model, objs)
            snapshot, default_on = self.frame.snapshot, self.frame.default_on
            changes = [
                audit.Change(action, obj, None, snapshot(obj) | {"on": default_on(obj)})
                for obj in saved
            ]
            openitems.sync(saved, created=True)
            audit.record_many(actor, channel, changes)
        return list(saved)

    def check_creation(self, actor, obj) -> None:
        """The creator rule and the reach, on the record as it will be. Inside
        `remembered_reads()` (a batch: an import's transaction), the answer for the same actor
        and units is given once, if the creator rule reads nothing else of the record."""
        answers = _ANSWERS.get()
        key = self._creation_key(actor, obj) if answers is not None else None
        if key is None:
            self._check_new(actor, obj)
            return
        reason = answers.get(key)
        if reason is None:
            try:
                self._check_new(actor, obj)
                reason = answers[key] = ""
            except Refusal as exc:
                reason = answers[key] = "；".join(exc.messages)
        if reason:
            raise Refusal(reason)

    def _check_new(self, actor, obj) -> None:
        reason = self.creator.refusal(actor, obj)
        if reason:
            raise Refusal(reason)
        self._check_reach(actor, obj, {})

    def _creation_key(self, actor, obj) -> tuple | None:
        unsaved_user = isinstance(actor, models.Model) and not actor.pk  # cannot be told apart
        if unsaved_user or not self.creator.reads_units_only:
            return None
        units = [getattr(field_unit(obj, name), "pk", None) for name in self.creator.unit_fields()]
        reach = [getattr(obj, f"{name}_id", None) for name in self.reach]
        return (id(self), actor, *units, None, *reach)

    # --- reach -----------------------------------------------------------------------------------

    def _reach_of(self, obj) -> dict:
        return {name: getattr(obj, f"{name}_id", None) for name in self.reach}

    def _check_reach(self, actor, obj, before: dict) -> None:
        """A record is given a unit only within the government the actor works for: a unit's
        staff can never put a record into another county's ledgers (scope by construction)."""
        if actor is None:
            return
        for name in self.reach:
            unit_id = getattr(obj, f"{name}_id", None)
            if unit_id is None or unit_id == before.get(name):
                continue
            unit = getattr(obj, name)
            if not within_government(actor, unit):
                label = self.model._meta.get_field(name).verbose_name
                raise Refusal(f"{label}“{unit}”不在您所在政府的范围内，不能办理。")


T = TypeVar("T")
DUE_PENDING_LABEL = "期限待定"  # Steps.create(await_calendar=True): the year is not entered yet

_ANSWERS: ContextVar[dict | None] = ContextVar("fazhi_creation_answers", default=None)


@contextmanager
def remembered_reads() -> Iterator[None]:
    """Inside, what a batch reads again and again is read once: `Steps.check_creation` answers
    each actor and set of units once (an import's transaction checks thousands of rows naming a
    few dozen units, twice where the service checks a row before numbering it), and `remembered`
    reads each key once (a government's 文书 template). Kept for one batch only (one
    transaction of an import, under a second), so a user's changed role or scope, or an edited
    template, is seen by the next. Nested blocks share the outer one's answers."""
    with scoped(_ANSWERS, dict):
        yield


def remembered(key: tuple, read: Callable[[], T]) -> T:
    """`read()`, asked once a key inside `remembered_reads()`, every time outside it."""
    answers = _ANSWERS.get()
    if answers is None:
        return read()
    key = ("read", *key)  # never one of check_creation's keys
    if key not in answers:
        answers[key] = read()
    return answers[key]


def _papers(step: Step, obj, actor, on, details) -> list:
    """The 文书 the step issues and the 送达 it records, in the step's own transaction."""
    if not (step.instrument or step.serves):
        return []
    from .instruments import services as instruments

    changes = []
    if step.serves:
        changes.append(instruments.record_service(step, obj, details))
    kind = step.instrument(obj) if callable(step.instrument) else step.instrument
    if kind:
        changes.append(instruments.issue(kind, step, obj, actor, on, details))
    return [change for change in changes if change]


def _due_fields(model: type[models.Model]) -> list[str]:
    """The dates a frame's refresh_due may set, and the next deadline's label."""
    dates = [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.DateField)
        and not isinstance(f, models.DateTimeField)
        and f.name not in CALENDAR_SPAN
    ]
    return [*dates, "next_due_label"]
