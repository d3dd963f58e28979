import datetime as dt

from django.urls import reverse

from fazhi.core.templatetags.deadlines import due_state
from fazhi.disputes.reconsideration.tests.factories import accepted, received


def test_due_states():
    today = dt.date(2021, 10, 8)
    assert due_state(dt.date(2021, 10, 7), today) == "overdue"
    assert due_state(dt.date(2021, 10, 9), today) == "soon"
    assert due_state(dt.date(2021, 11, 9), today) == "ok"
    assert due_state(None, today) == "none"


def test_workbench_lists_my_units_open_cases_with_overdue_marks(org, people, client):
    late = accepted(org, people["reviewer"], submitted_on=dt.date(2021, 3, 1))
    fresh = received(
        org,
        people["reviewer"],
        submitted_on=dt.date.today() - dt.timedelta(days=1),
        applicant_name="新申请人",
    )
    client.force_login(people["reviewer"])
    page = client.get(reverse("core:workbench")).content.decode()
    assert late.number in page and fresh.number in page
    assert "badge overdue" in page and "已逾期" in page
    assert page.index(late.number) < page.index(fresh.number)  # soonest due first
    client.force_login(people["kaiyuan_staff"])
    assert late.number not in client.get(reverse("core:workbench")).content.decode()


def test_missing_next_year_calendar_is_announced_from_october(db):
    from fazhi.core.views import calendar_gap

    assert calendar_gap(dt.date(2026, 11, 29)) == 2027  # chinese-calendar 1.11 stops at 2026
    assert calendar_gap(dt.date(2026, 9, 30)) is None
    assert calendar_gap(dt.date(2025, 11, 29)) is None  # 2026 is known


def test_each_procedure_lists_its_soonest_items_undated_last_at_most_the_limit(org, people):
    """The workbench's one query (a LATERAL walk per procedure on PostgreSQL, a window on
    SQLite) gives what a plain sort of the user's open items gives: per procedure the soonest
    `limit`, undated last, only rows its source lists (a media account only under 整改), only the
    units in the user's scope or acting for them."""
    from django.utils import timezone

    from fazhi.core import workbench
    from fazhi.core.models import OpenItem

    now, start = timezone.now(), dt.date(2021, 3, 1)
    mine, other = org["police"], org["kaiyuan"]
    rows = []
    for n in range(9):
        due = None if n % 4 == 0 else start + dt.timedelta(days=(n * 7) % 5)
        for procedure, status in (("reconsideration", "reviewing"), ("media", "rectifying")):
            rows.append(
                OpenItem(
                    procedure=procedure,
                    record_id=n,
                    unit=mine,
                    status=status,
                    due_on=due,
                    title=f"{procedure}{n}",
                    changed_at=now,
                )
            )
    rows += [
        OpenItem(
            procedure="media",
            record_id=100,
            unit=mine,
            status="active",  # not work
            due_on=start,
            title="正常运行",
            changed_at=now,
        ),
        OpenItem(
            procedure="reconsideration",
            record_id=101,
            unit=other,
            status="reviewing",
            due_on=start,
            title="他县",
            changed_at=now,
        ),
        OpenItem(
            procedure="reconsideration",
            record_id=102,
            unit=other,
            acting_unit=mine,
            status="reviewing",
            due_on=start,
            title="待我办",
            changed_at=now,
        ),
    ]
    OpenItem.objects.bulk_create(rows)

    groups = {source.key: items for source, items in workbench.items_for(people["police_staff"], 4)}

    def expected(procedure):
        listed = [
            r
            for r in OpenItem.objects.filter(procedure=procedure)
            if mine.id in (r.unit_id, r.acting_unit_id) and r.status != "active"
        ]
        listed.sort(key=lambda r: (r.due_on is None, r.due_on or dt.date.max, r.id))
        return [r.title for r in listed[:4]]

    assert [i.title for i in groups["reconsideration"]] == expected("reconsideration")
    assert [i.title for i in groups["media"]] == expected("media")
    assert "待我办" in [i.title for i in groups["reconsideration"]]
    assert all(len(items) <= 4 for items in groups.values())
    assert groups["reconsideration"][0].get_absolute_url().endswith("/")
