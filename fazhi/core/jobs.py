"""Scheduled work (`fazhi tick`): each domain registers its steps; each step claims its rows with
a conditional UPDATE, so two ticks running at once never do the same thing twice.
"""

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from . import audit
from .models import JobRun, Notice

BATCH = 5000


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[JobRun], int]
    last: bool = False  # runs after every other step (the e-mail digest of their reminders)


_STEPS: list[Step] = []


def add(name: str, run: Callable[[JobRun], int], *, last: bool = False) -> None:
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
        done = step.run(run)
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
    """Yield batches of ids this run has claimed: ids are picked in id order, then an UPDATE whose
    WHERE repeats the whole condition marks them with a fresh token. PostgreSQL re-checks that
    WHERE on a row another run changed meanwhile, so only rows this UPDATE changed carry the
    token: a row claimed (or moved out of the condition) by a concurrent run is not taken."""
    wanted = candidates.filter(claimable).order_by("id")
    last = 0
    while True:
        ids = list(wanted.filter(id__gt=last).values_list("id", flat=True)[:BATCH])
        if not ids:
            return
        last = ids[-1]
        token = uuid.uuid4().hex
        with transaction.atomic():
            wanted.filter(id__in=ids).update(claim_token=token, **claim)
        claimed = list(
            candidates.model.objects.filter(id__in=ids, claim_token=token).values_list(
                "id", flat=True
            )
        )
        if claimed:
            yield claimed


def remind(run: JobRun, action: str, records: list, text: Callable, unit_of: Callable) -> None:
    """Leave one Notice per record for its unit, and one audit row for the batch."""
    with transaction.atomic():
        Notice.objects.bulk_create(
            [
                Notice(
                    unit_id=unit_of(r),
                    text=text(r)[:200],
                    link=r.get_absolute_url(),
                    due_on=r.next_due_on,
                )
                for r in records
            ],
            batch_size=2000,
        )
        audit.record(None, audit.Channel.JOB, action, run, None, {"ids": [r.pk for r in records]})


def remind_overdue(
    run: JobRun,
    candidates: QuerySet,
    action: str,
    *,
    fields: list[str],
    text: Callable,
    unit_of: Callable,
) -> int:
    """The reminder step every procedure has: claim the overdue records not yet reminded for their
    current due date (a later due date — after an extension or a reassignment — is reminded
    again), and leave a Notice for each and an audit row per batch."""
    today = timezone.localdate()
    overdue = candidates.filter(next_due_on__lt=today)
    not_yet = Q(overdue_notified_on__isnull=True) | Q(overdue_notified_on__lt=F("next_due_on"))
    done = 0
    for ids in claim_batches(overdue, not_yet, {"overdue_notified_on": today}):
        records = list(candidates.model.objects.filter(id__in=ids).only("id", *fields))
        remind(run, action, records, text=text, unit_of=unit_of)
        done += len(records)
    return done


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
