"""Existing cases brought in line with the corrected rules:

- 和解 ends a case by withdrawal and a 终止 decision (2023 art. 74 ¶2; 实施条例 art. 42 ¶1 (四)):
  a case closed as 和解结案 with the status 已决定 becomes 已终止.
- The 补正 notice date is kept on the case (the one-notice rule of 2023 art. 31 ¶1 reads it).
- A closed 补正 span now ends the day before the corrected papers arrived (the day they arrive
  counts again), and a 2017-law case is accepted as of its receipt with that span not counted
  (2017 art. 17 ¶2; 实施条例 art. 29): its 受理日期 and 决定期限 are recomputed. A year whose
  holidays nobody entered leaves the stored due date as it was.

Suspension spans are left alone: a same-day 中止/恢复 and a resumption the next day were stored
alike (end = start), so which of them removed a day wrongly cannot be told from the rows.
"""

import datetime as dt

from django.db import migrations

ONE_DAY = dt.timedelta(days=1)


def forwards(apps, schema_editor):
    from fazhi.core.calendar import CalendarYearUnknown
    from fazhi.core.clocks import ClockError, Limit, LimitUnit, Pause, due_date

    Case = apps.get_model("reconsideration", "ReconsiderationCase")
    CasePause = apps.get_model("reconsideration", "CasePause")
    Case.objects.filter(status="decided", outcome="settled").update(status="terminated")
    corrections = CasePause.objects.filter(kind="correction")
    for pause in corrections.order_by("case_id", "start"):
        Case.objects.filter(pk=pause.case_id, correction_noticed_on__isnull=True).update(
            correction_noticed_on=pause.start
        )
    # The spans closed by the papers' arrival (an abandoned case's span ends on its due date).
    received = corrections.filter(end__isnull=False).exclude(case__status="abandoned")
    for pause in received:
        pause.end = pause.end - ONE_DAY
        pause.save(update_fields=["end"])
    moved = Case.objects.filter(
        law="2017", accepted_on__isnull=False, pauses__kind="correction"
    ).distinct()
    for case in moved:
        case.accepted_on = case.received_on
        first = case.accepted_on + ONE_DAY
        spans = [
            Pause(max(p.start, first), p.end)
            for p in CasePause.objects.filter(case=case).order_by("start")
            if not (p.end is not None and p.end < p.start) and (p.end is None or p.end >= first)
        ]
        extensions = [Limit(case.extension_days, LimitUnit.DAYS)] if case.extension_days else []
        try:
            due = due_date(
                case.accepted_on, Limit(60, LimitUnit.DAYS), pauses=spans, extensions=extensions
            )
        except (CalendarYearUnknown, ClockError):
            case.save(update_fields=["accepted_on"])
            continue
        case.decision_due_on = due
        fields = ["accepted_on", "decision_due_on"]
        if case.status == "accepted":
            case.next_due_on = due
            fields.append("next_due_on")
        case.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("reconsideration", "0003_correction_service_grounds"),
        ("core", "0007_deadline_moves"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
