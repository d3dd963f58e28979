"""催办: a coordinator or leader presses the unit that must act on an overdue record, or on one
that has waited longer than its local period (fazhi.core.inbox.urge_reason).

One service function: it checks who urges what, leaves a reminder (`Notice`) for the unit that
must act — its users find it in their inbox and in the tick's e-mail digest —, a `Urge` row (so
that 催办 can be counted per unit and year) and an audit row on the record, in one transaction.
"""

from django.db import transaction
from django.utils import timezone

from . import audit, inbox, procedures
from .models import Notice, Urge
from .workflow import Refusal


def refusal(actor, record, procedure=None) -> str | None:
    """Why `actor` may not 催办 `record` now, or None; cheap enough for a button (no query for
    the record's own fields; the government of the actor and the unit is read once)."""
    procedure = procedure or procedures.for_model(type(record))
    if procedure is None:
        return "此类记录不能催办。"
    if not inbox.is_person(actor) or not inbox.is_overseer(actor):
        return "只有统筹协调人员或领导可以催办。"
    if record.status not in procedure.statuses.open():
        return "本件已办结，无需催办。"
    unit = inbox.acting_unit(procedure, record)
    if unit is None:
        return "本件当前没有应办理的单位，无法催办。"
    government = actor.unit.government()
    if not unit.path.startswith(government.path):
        return "只能催办本级政府范围内的事项。"
    if not inbox.urge_reason(procedure, record):
        return "本件未逾期，也未超过等待期限，无需催办。"
    return None


def urge(actor, channel: str, record, note: str = "") -> Urge:
    """催办 `record`: a reminder to the unit that must act, a Urge row, an audit row."""
    procedure = procedures.for_model(type(record))
    note = note.strip()
    if len(note) > 200:
        raise Refusal("催办意见不能超过200字。")
    with transaction.atomic():
        # The row lock serialises two people urging the same record at once.
        record = type(record).objects.select_for_update().get(pk=record.pk)
        reason = refusal(actor, record, procedure)
        if reason:
            raise Refusal(reason)
        today = timezone.localdate()
        label = record._meta.label
        if Urge.objects.filter(record_type=label, record_id=record.pk, at__date=today).exists():
            raise Refusal("本件今日已催办，请勿重复催办。")
        why = inbox.urge_reason(procedure, record, today)
        unit = inbox.acting_unit(procedure, record)
        text = f"催办：{procedure.label}「{record}」{why}，请抓紧办理（{actor.display_name}）"
        done = deliver(
            actor,
            record,
            procedure.key,
            unit,
            text,
            reason=why,
            note=note,
            due_on=getattr(record, "next_due_on", None),
            year=today.year,
        )
        audit.record(
            actor,
            channel,
            "催办",
            record,
            None,
            {"unit": unit.name, "reason": why, "note": note, "urge": done.pk},
        )
    inbox.forget_badges([unit.pk])
    return done


def deliver(actor, record, procedure_key, unit, text, *, reason, note, due_on, year) -> Urge:
    """The notice in `unit`'s 待办 and the Urge row counted per unit and year: a 催办, or a
    procedure's own escalation (督办) under its own rule. Inside the caller's transaction."""
    notice = Notice.objects.create(
        unit=unit, text=text[:200], link=record.get_absolute_url(), due_on=due_on
    )
    return Urge.objects.create(
        record_type=record._meta.label,
        record_id=record.pk,
        record=str(record)[:200],
        procedure=procedure_key,
        unit=unit,
        government=unit.government(),
        year=year,
        reason=reason,
        note=note[:200],
        by=actor,
        notice=notice,
    )


def earlier(record, limit: int = 20):
    """The record's earlier 催办, newest first."""
    return Urge.objects.filter(record_type=record._meta.label, record_id=record.pk).select_related(
        "by", "unit"
    )[:limit]


def counts_by_unit(year: int, government=None) -> dict[int, int]:
    """How many times each unit was urged in the year (for figures): unit id → count."""
    from django.db.models import Count

    rows = Urge.objects.filter(year=year)
    if government is not None:
        rows = rows.filter(unit__path__startswith=government.path)
    return dict(rows.values_list("unit").annotate(n=Count("pk")).values_list("unit", "n"))
