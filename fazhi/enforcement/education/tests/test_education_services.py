"""普法活动 and the 普法责任清单 through their services: what each type must say, the steps in
order (更正 and 撤销 of an activity; 公布 and 撤回 of a 清单事项), who may take them, and the
audit row every change leaves."""

import datetime as dt

import pytest

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.enforcement.education import services
from fazhi.enforcement.education.models import Activity, ActivityStatus, DutyStatus

from .factories import activity, item, today

DAY = dt.timedelta(days=1)


def test_an_activity_is_registered_with_its_audit_row(org, people):
    a = activity(org, people["police_staff"])
    assert a.status == ActivityStatus.REGISTERED and a.unit == org["police"]
    row = AuditEntry.objects.get(object_type="education.Activity", object_id=str(a.pk))
    assert row.action == "登记普法活动" and row.actor == people["police_staff"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"kind": "leaflets"}, "应填写数量(单位：份"),
        ({"kind": "boards", "quantity": None}, "应填写数量(单位：块"),
        ({"kind": "consultation"}, "应填写数量(单位：人次"),
        ({"kind": "law_event", "quantity": 3}, "不计数量"),
        ({"kind": "legal_literate", "attendance": None}, "应填写参加人数"),
        ({"kind": "tv", "quantity": 1}, "应写明节目(栏目)名称"),
        ({"kind": "law_event", "in_news": True}, "只适用于电视普法节目"),
        ({"title": "  "}, "应写明活动名称"),
        ({"held_on": today() + DAY}, "不能晚于今天"),
        ({"kind": "lecture"}, "活动类型“lecture”无效"),
    ],
)
def test_what_each_type_must_say(org, people, extra, message):
    with pytest.raises(Refusal, match=message.replace("(", r"\(").replace(")", r"\)")):
        activity(org, people["police_staff"], **extra)
    assert (
        Activity.objects.count() == 0
        and not AuditEntry.objects.filter(object_type="education.Activity").exists()
    )


def test_the_counted_types_take_their_quantity(org, people):
    staff = people["police_staff"]
    tv = activity(
        org,
        staff,
        kind="tv",
        quantity=2,
        programme="《平安法治弥勒》",
        in_news=True,
        attendance=None,
    )
    assert (tv.programme, tv.in_news, tv.quantity_text) == ("平安法治弥勒", True, "2期")
    leaflets = activity(org, staff, kind="leaflets", quantity=500)
    assert leaflets.quantity_text == "500份"


def test_another_unit_or_county_cannot_register_for_a_unit(org, people):
    with pytest.raises(Refusal, match="只能以您所在单位"):
        activity(org, people["land_staff"], unit=org["police"])
    with pytest.raises(Refusal):
        activity(org, people["kaiyuan_staff"], unit=org["police"])
    # the coordinator acts for every unit of the city
    assert activity(org, people["coordinator"], unit=org["police"]).unit == org["police"]


def test_correct_changes_what_it_says_and_the_audit_keeps_the_before(org, people):
    staff = people["police_staff"]
    a = activity(org, staff, kind="consultation", quantity=120, attendance=None)
    services.correct(
        staff,
        Channel.WEB,
        a,
        kind="consultation",
        held_on=a.held_on,
        title=a.title,
        quantity=20,
        reason="误将资料发放人数计入",
    )
    a.refresh_from_db()
    assert (a.quantity, a.corrections, a.status) == (20, 1, ActivityStatus.REGISTERED)
    row = AuditEntry.objects.filter(action="更正").get()
    assert row.before["quantity"] == 120 and row.after["quantity"] == 20
    with pytest.raises(Refusal, match="应写明更正原因"):
        services.correct(
            staff, Channel.WEB, a, kind="consultation", held_on=a.held_on, title="x", reason=" "
        )


def test_revoke_then_nothing_more(org, people):
    staff = people["police_staff"]
    a = activity(org, staff)
    with pytest.raises(Refusal, match="应写明撤销原因"):
        services.revoke(staff, Channel.WEB, a, on=today(), reason="")
    services.revoke(staff, Channel.WEB, a, on=today(), reason="重复登记")
    a.refresh_from_db()
    assert a.status == ActivityStatus.REVOKED and a.revoke_reason == "重复登记"
    for step in (
        lambda: services.revoke(staff, Channel.WEB, a, on=today(), reason="再撤销"),
        lambda: services.correct(
            staff, Channel.WEB, a, kind="law_event", held_on=a.held_on, title="x", reason="y"
        ),
    ):
        with pytest.raises(Refusal):
            step()
    assert AuditEntry.objects.filter(action="撤销").count() == 1


def test_another_unit_cannot_correct_or_revoke(org, people):
    a = activity(org, people["police_staff"])
    for persona in ("land_staff", "kaiyuan_staff"):
        with pytest.raises(Refusal):
            services.revoke(people[persona], Channel.WEB, a, on=today(), reason="x")
    assert Activity.objects.get(pk=a.pk).status == ActivityStatus.REGISTERED


def test_a_duty_item_is_drafted_published_and_withdrawn(org, people):
    staff = people["police_staff"]
    i = item(org, staff, publish=False)
    assert i.status == DutyStatus.DRAFTED
    services.publish(staff, Channel.WEB, i, on=today())
    with pytest.raises(Refusal):  # published once
        services.publish(staff, Channel.WEB, i, on=today())
    with pytest.raises(Refusal, match="应写明撤回原因"):
        services.withdraw_item(staff, Channel.WEB, i, on=today(), reason="")
    services.withdraw_item(staff, Channel.WEB, i, on=today(), reason="职责调整")
    i.refresh_from_db()
    assert i.status == DutyStatus.WITHDRAWN
    actions = AuditEntry.objects.filter(object_type="education.DutyItem").values_list(
        "action", flat=True
    )
    assert list(actions) == ["拟定普法责任清单事项", "公布", "撤回"]


def test_an_activity_carries_out_only_a_published_item_of_its_unit_and_year(org, people):
    """督察工作规定第九条第(十)项: the unit's own 普法责任清单, published, of the same year."""
    staff = people["police_staff"]
    draft = item(org, staff, publish=False)
    with pytest.raises(Refusal, match=r"应先办理“公布”.*督察工作规定第九条第\(十\)项"):
        activity(org, staff, duty_item=draft)
    published = item(org, staff)
    with pytest.raises(Refusal, match="不能计入"):
        activity(org, staff, duty_item=published, held_on=dt.date(today().year - 1, 6, 1))
    lands = item(org, people["land_staff"])
    with pytest.raises(Refusal, match="不是弥勒市公安局的清单事项"):
        activity(org, staff, duty_item=lands)
    done = activity(org, staff, duty_item=published, held_on=today().replace(month=1, day=1))
    assert done.duty_item == published


def test_another_county_cannot_draft_for_the_city(org, people):
    with pytest.raises(Refusal):
        item(org, people["kaiyuan_staff"], unit=org["police"])
