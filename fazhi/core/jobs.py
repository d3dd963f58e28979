"""Scheduled work (`fazhi tick`): each domain registers its steps; each step claims its rows with
a conditional UPDATE, so two ticks running at once never do the same thing twice.
"""

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    Expression,
    F,
    Func,
    Q,
    QuerySet,
    TextChoices,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, Left
from django.utils import timezone

from . import audit
from .bulk import AnyOf
from .models import JobRun, Notice
from .procedures import resolve

BATCH = 5000


@dataclass(frozen=True)
class Step:
    name: str
    # run(job_run) -> count, or its dotted path: a procedure's job module is imported by the tick,
    # not by every command's start-up (fazhi.core.procedures)
    run: Callable[[JobRun], int] | str
    last: bool = False  # runs after every other step (the e-mail digest of their reminders)


_STEPS: list[Step] = []


def add(name: str, run: Callable[[JobRun], int] | str, *, last: bool = False) -> None:
    if all(step.name != name for step in _STEPS):
        _STEPS.append(Step(name, run, last))


def register(name: str, *, last: bool = False):
    def wrap(func: Callable[[JobRun], int]):
        add(name, func, last=last)
        return func

    return wrap


def steps() -> list[Step]:
    """In registration order, the `last` ones after the rest (the kernel registers before the
    procedures do, yet its digest must mail what their reminders wrote in the same run)."""
    return [step for step in _STEPS if not step.last] + [step for step in _STEPS if step.last]


def tick(progress: Callable[[str, int], None] | None = None) -> JobRun:
    run = JobRun.objects.create(name="tick", started_at=timezone.now())
    for step in steps():
        done = resolve(step.run)(run)
        run.stats[step.name] = done
        if progress:
            progress(step.name, done)
    anchor_audit_chain(run)
    run.finished_at = timezone.now()
    run.save(update_fields=["stats", "finished_at"])
    return run


def anchor_audit_chain(run: JobRun) -> None:
    """Every tick appends the audit chain's head to the anchor file outside the database, so that
    a deleted tail or a rewritten suffix is found by `fazhi audit verify` (fazhi.core.audit)."""
    try:
        anchor = audit.write_anchor(f"fazhi tick #{run.pk}")
    except OSError as error:
        problem(run, f"审计链锚点未能写入 {audit.anchor_path()}：{error}")
        return
    run.stats["audit_anchor"] = {"count": anchor.count, "hash": anchor.hash}


def problem(run: JobRun, reason: str, count: int = 1) -> None:
    """Something a step could not do, counted by reason in the run's stats; `fazhi tick` prints
    them, so a refusal never passes silently."""
    problems = run.stats.setdefault("problems", {})
    problems[reason] = problems.get(reason, 0) + count


def claim_batches(candidates: QuerySet, claimable: Q, claim: dict) -> Iterator[list[int]]:
    """Yield batches of ids this run has claimed. Each batch is one transaction: the next ids in
    id order are read under `FOR UPDATE SKIP LOCKED` (PostgreSQL re-checks the condition on a row
    another run changed meanwhile, and passes over the rows another run holds), then marked by an
    UPDATE whose WHERE repeats the whole condition. Where rows are not locked (SQLite, which has
    one writer) a fresh token tells which rows this UPDATE changed, read again only when it
    changed fewer than it read."""
    wanted = candidates.filter(claimable).order_by("id")
    last = 0
    while True:
        token = uuid.uuid4().hex
        with transaction.atomic():
            ids = list(
                wanted.filter(id__gt=last)
                .select_for_update(skip_locked=True, of=("self",))
                .values_list("id", flat=True)[:BATCH]
            )
            if not ids:
                return
            changed = wanted.filter(AnyOf("id", ids)).update(claim_token=token, **claim)
        last = ids[-1]
        if changed < len(ids):
            ids = list(
                candidates.model.objects.filter(AnyOf("id", ids), claim_token=token).values_list(
                    "id", flat=True
                )
            )
        if ids:
            yield ids


LINK_SENTINEL = 987654321


def _link_parts(model) -> tuple[str, str] | None:
    """A record's link around its id, from the model's own `get_absolute_url` taken once (with a
    placeholder id) rather than once per record; None if the link is not made of the id."""
    prefix, found, suffix = model(pk=LINK_SENTINEL).get_absolute_url().partition(str(LINK_SENTINEL))
    return (prefix, suffix) if found else None


def link_of(model) -> Callable[[int], str]:
    """The link to a record's page from its id, for a batch of reminders."""
    parts = _link_parts(model)
    if parts is None:
        return lambda pk: model(pk=pk).get_absolute_url()
    prefix, suffix = parts
    return lambda pk: f"{prefix}{pk}{suffix}"


def link_expression(model) -> Expression:
    """The same link built by the database from the row's id (reminders written by INSERT …
    SELECT)."""
    parts = _link_parts(model)
    if parts is None:
        raise ValueError(
            f"{model.__name__}.get_absolute_url 不以记录 id 构成，不能在数据库中生成链接"
        )
    prefix, suffix = parts
    return Concat(Value(prefix), Cast("pk", CharField()), Value(suffix), output_field=CharField())


def remind(run: JobRun, action: str, records: list, text: Callable, unit_of: Callable) -> None:
    """Leave one Notice per record for its unit, and one audit row for the batch."""
    link = link_of(type(records[0])) if records else None
    with transaction.atomic():
        Notice.objects.bulk_create(
            [
                Notice(
                    unit_id=unit_of(r),
                    text=text(r)[:200],
                    link=link(r.pk),
                    due_on=r.next_due_on,
                )
                for r in records
            ],
            batch_size=2000,
        )
        audit.record(None, audit.Channel.JOB, action, run, None, {"ids": [r.pk for r in records]})


def remind_in_database(
    run: JobRun, action: str, model, ids: list[int], text: Expression, unit: Expression
) -> None:
    """Leave one Notice per record for its unit, written by one INSERT … SELECT from the records
    (the text and the unit are expressions over the record's row), and one audit row for the
    batch. Nothing is loaded into Python: the tick over a million records."""
    rows = (
        model.objects.filter(AnyOf("pk", ids))
        .order_by("pk")
        .annotate(
            n_unit=unit,
            n_text=Left(text, Notice._meta.get_field("text").max_length),
            n_link=link_expression(model),
            n_due=F("next_due_on"),
            n_created=Value(timezone.now(), output_field=DateTimeField()),
        )
        .values_list("n_unit", "n_text", "n_link", "n_due", "n_created")
    )
    select, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(Notice._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (unit_id, text, link, due_on, created_at) {select}", params
        )
        audit.record(None, audit.Channel.JOB, action, run, None, {"ids": ids})


def remind_overdue(
    run: JobRun,
    candidates: QuerySet,
    action: str,
    *,
    text: Expression,
    unit: Expression,
) -> int:
    """The reminder step every procedure has: claim the overdue records not yet reminded for their
    current due date (a later due date — after an extension or a reassignment — is reminded
    again), and leave a Notice for each and an audit row per batch. `text` and `unit` are
    expressions over the record's row (fazhi.core.jobs.date_text for a date), so that the
    database writes the reminders."""
    today = timezone.localdate()
    overdue = candidates.filter(next_due_on__lt=today)
    not_yet = Q(overdue_notified_on__isnull=True) | Q(overdue_notified_on__lt=F("next_due_on"))
    done = 0
    for ids in claim_batches(overdue, not_yet, {"overdue_notified_on": today}):
        remind_in_database(run, action, candidates.model, ids, text=text, unit=unit)
        done += len(ids)
    return done


class DateText(Func):
    """A date as YYYY-MM-DD text (as f"{d:%Y-%m-%d}"), whatever the server's DateStyle."""

    output_field = CharField()

    def as_sql(self, compiler, connection, **extra):
        return Cast(*self.source_expressions, output_field=CharField()).as_sql(
            compiler, connection, **extra
        )

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            function="to_char",
            template="%(function)s(%(expressions)s, 'YYYY-MM-DD')",
            **extra,
        )


def date_text(field: str) -> DateText:
    return DateText(F(field))


def choice_label(field: str, choices: type[TextChoices]) -> Case:
    """A choice field's label (as get_FOO_display: the stored value where it has none)."""
    return Case(
        *(When(**{field: value}, then=Value(str(label))) for value, label in choices.choices),
        default=F(field),
        output_field=CharField(),
    )


def text(*parts) -> Concat:
    """A reminder's text from strings (as they are) and expressions (F, date_text …)."""
    return Concat(*(Value(p) if isinstance(p, str) else p for p in parts), output_field=CharField())


def remind_before_end(
    run: JobRun,
    candidates: QuerySet,
    action: str,
    *,
    end_field: str,
    days: int,
    text: Callable,
    unit_of: Callable,
    related: tuple[str, ...] = (),
) -> int:
    """Remind the records whose `end_field` (an engagement's 聘期, a certificate's 有效期) ends
    within `days` days, once per end date: `notice_sent_for` keeps the date reminded, so a
    renewal's new end is reminded again. No days: no reminder."""
    if not days:
        return 0
    today = timezone.localdate()
    window = {f"{end_field}__gte": today, f"{end_field}__lte": today + dt.timedelta(days=days)}
    not_yet = Q(notice_sent_for__isnull=True) | ~Q(notice_sent_for=F(end_field))
    done = 0
    for ids in claim_batches(
        candidates.filter(**window), not_yet, {"notice_sent_for": F(end_field)}
    ):
        records = list(candidates.model.objects.filter(id__in=ids).select_related(*related))
        remind(run, action, records, text=text, unit_of=unit_of)
        done += len(records)
    return done


def apply_in_batches(
    run: JobRun, due: QuerySet, apply_many: Callable, refused_as: str, batch: int = 500
) -> int:
    """Take a procedure's bulk step (apply_many(actor, channel, ids) -> (count, {reason: n}))
    on every record of `due`, a batch of ids at a time, as the system; what it refuses is a
    problem of the run."""
    done, last = 0, 0
    due = due.order_by("pk")
    while True:
        ids = list(due.filter(pk__gt=last).values_list("pk", flat=True)[:batch])
        if not ids:
            return done
        count, refused = apply_many(None, audit.Channel.JOB, ids)
        done, last = done + count, ids[-1]
        for reason, n in refused.items():
            problem(run, f"{refused_as}：{reason}", n)


def send_digests(run: JobRun) -> int:
    """After every procedure's reminders: mail each user the new ones (fazhi.core.inbox)."""
    from . import inbox  # inbox reads the procedures' registrations, which import this module

    return inbox.send_digests(run)


add("提醒邮件", send_digests, last=True)
