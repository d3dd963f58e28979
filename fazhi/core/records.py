"""What every procedure's record carries for the kernel, declared once.

A procedure's model subclasses `Record` (or `ClockedRecord` when its steps set deadlines), names
its status choices (`statuses`, with an `open` group: fazhi.core.choices.groups) and the unit field
by which a scope sums its records (`scope_field`); its QuerySet subclasses `RecordQuerySet`. The
kernel's jobs, workbench, ledgers and figures read these names rather than each procedure's own.
"""

import datetime as dt
import functools
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from .permissions import subtree_ids

LEDGER_URLS = "fazhi.core.ledger.record_urls"  # the ledger pages alone: see that module


def unit_field(verbose_name: str, **options) -> models.ForeignKey:
    """A record's reference to an org unit (承办单位, 复议机关 …): protected, since a unit with
    records is moved or renamed, never deleted, and not followed backwards (related_name "+")
    unless the caller names a relation."""
    options.setdefault("related_name", "+")
    return models.ForeignKey(
        "core.OrgUnit", verbose_name=verbose_name, on_delete=models.PROTECT, **options
    )


def user_field(verbose_name: str, **options) -> models.ForeignKey:
    """A record's reference to the user who acted (登记人, 审核人 …), kept as unit_field is."""
    options.setdefault("related_name", "+")
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=verbose_name, on_delete=models.PROTECT, **options
    )


class RecordQuerySet(models.QuerySet):
    def in_scope(self, scope):
        """Records whose `scope_field` unit lies in the scope's subtree: a prefecture sums its
        counties, a county its departments and towns."""
        return self.filter(**{f"{self.model.scope_field}__in": subtree_ids(scope)})

    def open(self):
        return self.filter(status__in=self.model.statuses.open())

    def overdue(self, today: dt.date | None = None):
        """Waiting in a status of the `awaiting` group with its next deadline passed."""
        waiting = getattr(self.model.statuses, self.model.awaiting)()
        return self.filter(status__in=waiting, next_due_on__lt=today or timezone.localdate())


class Record(models.Model):
    statuses: ClassVar[type[models.TextChoices]]
    scope_field: ClassVar[str] = "unit"
    # Where the scope field names a government (a 复议 case's 复议机关), the unit that tells a
    # government's records apart by unit in a breakdown (被申请人); "" for none.
    breakdown_field: ClassVar[str] = ""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return record_url(procedure_key_of(type(self)), self.pk)

    @property
    def is_open(self) -> bool:
        return self.status in self.statuses.open()


_URL_PK = 918273645  # a pk no URL contains otherwise, split out of the reversed link


def record_url(procedure_key: str, pk) -> str:
    """The link of a procedure's record page. Reversed once per procedure and script prefix, not
    per link: a list page links every row, and reverse() cost as much as the rest of a row."""
    prefix, suffix = detail_url_parts(procedure_key, get_script_prefix())
    return f"{prefix}{pk}{suffix}"


@functools.cache
def detail_url_parts(procedure_key: str, script_prefix: str) -> tuple[str, str]:
    url = reverse(f"{procedure_key}:detail", args=[_URL_PK], urlconf=LEDGER_URLS)
    prefix, _, suffix = url.partition(str(_URL_PK))
    return prefix, suffix


@functools.cache
def procedure_key_of(model) -> str:
    from .procedures import for_model  # the declarations import the models

    return for_model(model).key


class ClockedRecord(Record):
    """A record whose steps set deadlines: the transition frame keeps the nearest one here, and
    `fazhi tick` claims overdue records through `claim_token` (fazhi.core.jobs)."""

    awaiting: ClassVar[str] = "open"  # the status group in which a passed deadline is overdue

    next_due_on = models.DateField("下一期限", null=True, blank=True)
    next_due_label = models.CharField("期限事项", max_length=20, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    # The days whose kind the stored due dates were counted over (calendar.ConsultedDays, kept by
    # workflow.refresh_or_refuse): a holiday notice that changes none of them cannot move them,
    # so fazhi.core.deadlines recomputes only the records whose span it touches. NULL: not known
    # (a record saved before the span was kept), recomputed by any change.
    calendar_from = models.DateField("期限所据日历起", null=True, blank=True, editable=False)
    calendar_until = models.DateField("期限所据日历止", null=True, blank=True, editable=False)

    class Meta:
        abstract = True


KERNEL_FIELDS = tuple(f.name for f in ClockedRecord._meta.fields)
CALENDAR_SPAN = ("calendar_from", "calendar_until")


def ledger_indexes(
    prefix: str,
    date_field: str,
    *,
    visible_by: tuple[str, ...],
    handler: str = "unit",
    scope: str = "",
    counted: tuple[str, ...] = (),
) -> list[models.Index]:
    """The indexes every clocked ledger needs, named `<prefix>_…`: its list walked by date
    (keyset on date, id), the workbench's open items of a unit by due date, the tick's overdue
    scan, and the figures' per-scope counts over each counted date (`unit IN (ids)` and a date
    range: bench/README.md).

    Each of `visible_by` other than the handler gets the workbench's index too, `(column, status,
    next_due_on)`: a list filtered by status (all open ones) for a unit that the table names in
    that column (`unit IN (ids) OR respondent = X AND status IN (open)`) then finds its rows in
    two small index ranges. With only the column's own index PostgreSQL ANDed it with the status
    index, reading every open entry of the table: 9.9 ms for a 河口 town's 40 open 复议 cases at
    1 000 000 cases, 0.28 ms with the index (bench/README.md, "A department that few records name").

    `visible_by` names the columns its procedure's visible() filters on (`unit IN (subtree) OR
    respondent = X` …). The list index carries them after (date, id), so that PostgreSQL tests
    each entry in the index itself: the bounded count is an index-only scan, where it read a table
    row for each of the thousands of entries it walked. They are trailing key columns, not
    INCLUDE, which SQLite lacks (models.W040); after the unique id they change neither the order
    nor a backward walk. The status comes last for the same reason: the list's status filter (one
    status, or all open ones) and its count are tested in the index too (the count of a county's
    open 复议 cases, which walks ~10 000 entries for its 1 001: 8.5 → 2.9 ms at 1 000 000 cases)."""
    indexes = [
        models.Index(fields=[date_field, "id", *visible_by, "status"], name=f"{prefix}_list"),
        models.Index(fields=[handler, "status", "next_due_on"], name=f"{prefix}_workbench"),
        models.Index(fields=["status", "next_due_on"], name=f"{prefix}_due"),
        *(
            models.Index(fields=[column, "status", "next_due_on"], name=f"{prefix}_{column}_due")
            for column in visible_by
            if column != handler
        ),
    ]
    for suffix, field in (("received", date_field), *counted):
        if scope:
            indexes.append(models.Index(fields=[scope, field], name=f"{prefix}_{suffix}"))
    return indexes
