"""The audit trail: every write path leaves a row; an edit or a deletion is found by verify."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from fazhi.core import audit
from fazhi.core.models import AuditEntry, OrgUnit, UnitKind


def test_chain_verifies_and_detects_edit(org):
    assert audit.verify() == []
    row = AuditEntry.objects.order_by("id")[3]
    AuditEntry.objects.filter(pk=row.pk).update(after={"name": "篡改"})
    problems = audit.verify()
    assert [p.entry_id for p in problems] == [row.pk]
    assert "被改动" in problems[0].reason


def test_verify_detects_deleted_row_and_deleted_tail(org):
    rows = list(AuditEntry.objects.order_by("id"))
    AuditEntry.objects.filter(pk=rows[2].pk).delete()
    # the next row's link breaks, and the count no longer matches the head
    assert [p.entry_id for p in audit.verify()] == [rows[3].pk, None]
    AuditEntry.objects.filter(pk__gte=rows[2].pk).delete()  # cut the tail: links now all fine
    problems = audit.verify()
    assert problems and problems[-1].entry_id is None and "末尾记录被删除" in problems[-1].reason


def test_audit_verify_command(org):
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "完整" in out.getvalue()
    AuditEntry.objects.filter(pk=AuditEntry.objects.first().pk).update(action="改")
    with pytest.raises(CommandError, match="校验失败"):
        call_command("audit", "verify", stdout=io.StringIO(), stderr=io.StringIO())


def test_audit_row_records_actor_before_and_after(org, people):
    entry = AuditEntry.objects.filter(
        object_type="core.OrgUnit", object_id=str(org["police"].pk)
    ).get()
    assert entry.action == "新增单位" and entry.before is None
    assert entry.after["name"] == "弥勒市公安局" and entry.after["parent"] == org["mile"].pk
    assert entry.actor_label == "系统" and entry.channel == "cli"


def test_admin_write_path_is_audited(org, people, client):
    admin_user = people["coordinator"]
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    unit = org["land"]
    url = reverse("admin:core_orgunit_change", args=[unit.pk])
    response = client.post(
        url,
        {
            "code": unit.code,
            "name": "弥勒市自然资源和规划局",
            "short_name": "",
            "kind": UnitKind.DEPARTMENT,
            "division_code": "532504",
            "parent": org["mile"].pk,
            "order": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.filter(channel="admin", object_id=str(unit.pk)).get()
    assert (
        entry.before["name"] == "弥勒市自然资源局"
        and entry.after["name"] == "弥勒市自然资源和规划局"
    )
    assert entry.actor_id == admin_user.pk
    assert OrgUnit.objects.get(pk=unit.pk).name == "弥勒市自然资源和规划局"
    assert audit.verify() == []


def test_login_is_throttled_after_repeated_failures(org, people, client, settings):
    settings.LOGIN_THROTTLE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "coord", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "coord", "password": "pass-Fazhi-2021"})
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_coordinator_keeps_the_holiday_table_in_the_admin(org, people, client):
    from fazhi.core.services import grant_reference_data_admin

    coordinator = grant_reference_data_admin(None, "cli", people["coordinator"])
    client.force_login(coordinator)
    assert client.get(reverse("admin:core_calendaryear_add")).status_code == 200
    assert client.get(reverse("admin:core_user_changelist")).status_code == 403  # not users
    assert AuditEntry.objects.filter(
        action="授予基础数据维护权限", object_id=str(coordinator.pk)
    ).exists()
    with pytest.raises(Exception, match="统筹协调"):
        grant_reference_data_admin(None, "cli", people["reviewer"])


@pytest.fixture
def calendar_rebuilt_after():
    """The rolled-back rows send no signals: rebuild the cached calendar once the test is done."""
    from fazhi.core.calendar import invalidate_calendar

    yield
    invalidate_calendar()


def test_entering_next_years_notice_in_the_admin_unblocks_deadlines(
    org, people, client, calendar_rebuilt_after
):
    import datetime as dt

    from fazhi.core.calendar import get_calendar, invalidate_calendar
    from fazhi.core.services import grant_reference_data_admin

    invalidate_calendar()
    assert 2027 not in get_calendar().known_years
    coordinator = grant_reference_data_admin(None, "cli", people["coordinator"])
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:core_calendaryear_add"),
        {
            "year": "2027",
            "notice": "国办发明电〔2026〕X号(测试)",
            "complete": "on",
            "days-TOTAL_FORMS": "2",
            "days-INITIAL_FORMS": "0",
            "days-MIN_NUM_FORMS": "0",
            "days-MAX_NUM_FORMS": "1000",
            "days-0-date": "2027-01-01",
            "days-0-kind": "holiday",
            "days-0-name": "元旦",
            "days-1-date": "2027-02-06",
            "days-1-kind": "workday",
            "days-1-name": "春节",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    invalidate_calendar()
    calendar = get_calendar()
    assert 2027 in calendar.known_years
    assert not calendar.is_workday(dt.date(2027, 1, 1)) and calendar.is_workday(dt.date(2027, 2, 6))
    entry = AuditEntry.objects.filter(channel="admin", object_type="core.CalendarYear").first()
    assert entry is not None and entry.actor_id == coordinator.pk
