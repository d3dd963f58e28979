"""The audit trail: every write path leaves a row; an edit or a deletion is found by verify."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from fazhi.core import audit
from fazhi.core.models import AuditEntry, AuditHead, JobRun, OrgUnit, UnitKind


def test_chain_verifies_and_detects_edit(org):
    audit.write_anchor("测试")
    assert audit.verify() == []
    row = AuditEntry.objects.order_by("id")[3]
    AuditEntry.objects.filter(pk=row.pk).update(after={"name": "篡改"})
    problems = audit.verify()
    assert [p.entry_id for p in problems] == [row.pk]
    assert "被改动" in problems[0].reason


def test_verify_detects_deleted_row_and_deleted_tail(org):
    rows = list(AuditEntry.objects.order_by("id"))
    AuditEntry.objects.filter(pk=rows[2].pk).delete()
    # the next row's link breaks, and the count no longer matches the head (the chain alone)
    assert [p.entry_id for p in audit.verify(anchors=[])] == [rows[3].pk, None]
    AuditEntry.objects.filter(pk__gte=rows[2].pk).delete()  # cut the tail: links now all fine
    problems = audit.verify(anchors=[])
    assert problems and problems[-1].entry_id is None and "末尾记录被删除" in problems[-1].reason


def test_audit_verify_command(org):
    call_command("audit", "anchor", stdout=io.StringIO())
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
    assert audit.verify(anchors=[]) == []


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
            "holidays": "2027-01-01至2027-01-03 元旦\n2027-02-06至2027-02-12 春节",
            "workdays": "2027-02-20 春节",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    invalidate_calendar()
    calendar = get_calendar()
    assert 2027 in calendar.known_years
    assert not calendar.is_workday(dt.date(2027, 1, 1)) and calendar.is_workday(
        dt.date(2027, 2, 20)
    )
    assert not calendar.is_workday(dt.date(2027, 2, 8))  # a 春节 Monday of the typed range
    assert calendar.add_workdays(dt.date(2026, 12, 28), 5) == dt.date(2027, 1, 5)
    entry = AuditEntry.objects.filter(channel="admin", object_type="core.CalendarYear").first()
    assert entry is not None and entry.actor_id == coordinator.pk


# -- anchors: what the chain alone cannot show -------------------------------------------------


def rewind_head_to_last_row() -> None:
    """What someone who deleted the tail does next: make the head agree with the rows left."""
    last = AuditEntry.objects.order_by("id").last()
    AuditHead.objects.filter(pk=1).update(
        count=AuditEntry.objects.count(), last_hash=last.hash if last else audit.GENESIS
    )


def rewrite_from(entry: AuditEntry, **edit) -> None:
    """Edit one row and recompute its hash and every later one, and the head: a forged suffix."""
    AuditEntry.objects.filter(pk=entry.pk).update(**edit)
    prev = entry.prev_hash
    for row in AuditEntry.objects.filter(id__gte=entry.pk).order_by("id"):
        row.prev_hash = prev
        row.hash = prev = audit._digest(prev, audit._hashed_fields(row))
        AuditEntry.objects.filter(pk=row.pk).update(prev_hash=row.prev_hash, hash=row.hash)
    AuditHead.objects.filter(pk=1).update(last_hash=prev)


def test_every_tick_appends_the_head_to_the_anchor_file(org, audit_anchor_file):
    call_command("tick", stdout=io.StringIO())
    call_command("tick", stdout=io.StringIO())
    lines = audit_anchor_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    anchor = json.loads(lines[-1])
    count, head_hash = audit.snapshot_head()
    assert (anchor["count"], anchor["hash"]) == (count, head_hash) and count > 0
    assert anchor["source"].startswith("fazhi tick") and anchor["at"]
    assert JobRun.objects.first().stats["audit_anchor"]["count"] == count


def test_a_deleted_tail_with_the_head_rewound_is_found_by_the_anchor(org, people):
    call_command("tick", stdout=io.StringIO())
    anchored, _ = audit.snapshot_head()
    cut = AuditEntry.objects.order_by("id")[anchored - 3]
    AuditEntry.objects.filter(id__gte=cut.pk).delete()
    rewind_head_to_last_row()
    assert audit.verify(anchors=[]) == []  # the chain alone cannot tell

    problems = audit.verify()
    assert [p.where for p in problems] == ["锚点"]
    assert f"记载审计链已有 {anchored} 条，现仅有 {anchored - 3} 条" in problems[0].reason
    assert "链尾被删除" in problems[0].reason
    err = io.StringIO()
    with pytest.raises(CommandError, match="审计链校验失败"):
        call_command("audit", "verify", stdout=io.StringIO(), stderr=err)
    assert "链尾被删除" in err.getvalue()


def test_one_row_edited_and_every_later_hash_recomputed_is_found_by_the_anchors(org, people):
    audit.write_anchor("测试：人员录入前")
    first, _ = audit.snapshot_head()
    from fazhi.core.services import create_user

    for name in ("x", "y"):
        create_user(None, "cli", username=name, password="p", unit=org["land"], role="staff")
    audit.write_anchor("测试：人员录入后")
    second, _ = audit.snapshot_head()
    forged = AuditEntry.objects.order_by("id")[first]  # the first row after the first anchor
    rewrite_from(forged, actor_label="他人")
    assert audit.verify(anchors=[]) == []  # every link and hash agrees again

    problems = audit.verify()
    assert [(p.where, p.entry_id) for p in problems] == [("锚点", AuditEntry.objects.last().pk)]
    assert "记录被改写" in problems[0].reason
    assert f"改写发生在第 {first + 1} 条至第 {second} 条之间" in problems[0].reason


def test_intact_anchors_pass(org, people):
    call_command("audit", "anchor", stdout=io.StringIO())
    call_command("tick", stdout=io.StringIO())
    assert audit.verify() == []
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "与 2 个锚点相符" in out.getvalue()


def test_a_missing_anchor_file_is_reported(org, audit_anchor_file):
    problems = audit.verify()
    assert [p.where for p in problems] == ["锚点文件"]
    assert str(audit_anchor_file) in problems[0].reason and "不存在" in problems[0].reason


def test_an_unreadable_anchor_line_is_reported(org, audit_anchor_file):
    audit.write_anchor("测试")
    with open(audit_anchor_file, "a", encoding="utf-8") as file:
        file.write('{"count": "五", "hash": "00"}\n')
    assert [p.where for p in audit.verify()] == ["锚点文件第 2 行"]


def test_verify_against_a_count_and_hash_from_a_published_report(org, people):
    call_command("audit", "anchor", stdout=io.StringIO())
    count, head_hash = audit.snapshot_head()
    published = ["--count", str(count), "--hash", head_hash[:16]]
    out = io.StringIO()
    call_command("audit", "verify", *published, stdout=out)
    assert "与 2 个锚点相符" in out.getvalue()

    # the anchor file is lost, its copy rewritten: the published count and hash still hold
    AuditEntry.objects.filter(pk=AuditEntry.objects.last().pk).delete()
    rewind_head_to_last_row()
    audit.anchor_path().unlink()
    call_command("audit", "anchor", stdout=io.StringIO())
    call_command("audit", "verify", stdout=io.StringIO())  # the new file alone agrees
    err = io.StringIO()
    with pytest.raises(CommandError, match="校验失败"):
        call_command("audit", "verify", *published, stdout=io.StringIO(), stderr=err)
    assert "命令行给出" in err.getvalue() and "链尾被删除" in err.getvalue()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--count", "3"], "须同时给出"),
        (["--count", "3", "--hash", "abc"], "至少16位"),
        (["--count", "-1", "--hash", "0" * 64], "非负整数"),
    ],
)
def test_a_bad_count_or_hash_is_refused_in_chinese(org, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("audit", "verify", *arguments, stdout=io.StringIO())


def _round_trip(value):
    from django.core.serializers.json import DjangoJSONEncoder

    text = json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)
    return json.loads(text)


def test_canonical_form_is_the_json_round_trip_of_every_kind_of_value():
    """What is hashed and stored must not depend on which way `_canonical` took: the direct
    conversion and the JSON round trip give the same value, key order included."""
    import datetime as dt
    import decimal
    import uuid

    from fazhi.core.models import Role

    shanghai = dt.timezone(dt.timedelta(hours=8))
    values = [
        None,
        {"b": 1, "a": [True, None, 2.5, -0.0], "c": {"z": "中文", "y": ""}},
        {"status": Role.COORDINATOR, "roles": (Role.COORDINATOR, "x")},
        {"on": dt.date(2021, 2, 28), "at": dt.datetime(2021, 2, 28, 8, 0, 1, 123456, shanghai)},
        {"at": dt.datetime(2021, 2, 28, 0, 0, tzinfo=dt.UTC), "naive": dt.datetime(2021, 1, 1)},
        {"amount": decimal.Decimal("12.50"), "id": uuid.UUID(int=7), "inf": float("inf")},
        {1: "int keys", 2: "become strings"},
        {"period": dt.timedelta(days=3), "time": dt.time(8, 30, 0, 500)},
        [dt.date(2020, 1, 1), [{"k": decimal.Decimal("1")}]],
    ]
    for value in values:
        assert audit._canonical(value) == _round_trip(value)
        assert list(audit._canonical(value) or []) == list(_round_trip(value) or [])
    member = audit._canonical({"status": Role.COORDINATOR})["status"]
    assert type(member) is str
