"""Scope sweep: 普法 (普法活动, 普法责任清单, 公开清单).

Another unit of the same county, the other county (开远市), an anonymous visitor and the public
portal against every page, step, approval, attachment, 文书, export, import and public page; what
each refusal asserts is in fazhi.testing.scope_sweep."""

import pytest
from django.utils import timezone

from fazhi.core.audit import Channel
from fazhi.enforcement.education.imports import ActivityImporter
from fazhi.enforcement.education.models import Activity, DutyItem
from fazhi.testing import scope_sweep as scope

from . import factories as f

W = Channel.WEB


@pytest.fixture
def kaiyuan_coord(org):
    return scope.kaiyuan_coordinator(org)


@pytest.fixture
def records(org, people):
    """公安局's published 清单事项 and an activity that carries it out, with an attachment."""
    item = f.item(org, people["police_staff"])
    activity = f.activity(org, people["police_staff"], duty_item=item)
    scope.attach_file(activity, people["police_staff"])
    return item, activity


def test_activity_and_item_are_invisible_outside_the_unit(
    client, org, people, records, kaiyuan_coord
):
    for who in scope.outsiders(people, kaiyuan_coord):
        for record in records:
            scope.sweep_reads(client, record, who, unit=org["police"], boards=False)
            scope.sweep_steps(client, record, who, visible=False, maker=people["police_staff"])
        scope.sweep_boards(client, who, records)
    for record in records:
        scope.sweep_steps(
            client, record, people["leader"], visible=True, maker=people["police_staff"]
        )
        scope.sweep_viewer(client, record, people["leader"])


def test_undone_lists_only_the_users_own_items(client, org, people, records, kaiyuan_coord):
    lonely = f.item(org, people["police_staff"], laws="《中华人民共和国禁毒法》")  # no activity
    for who in (people["land_staff"], people["kaiyuan_staff"], kaiyuan_coord):
        scope.login(client, who)
        page = client.get("/pufa/qingdan/weikaizhan/").content.decode()
        assert "禁毒法" not in page, who
    scope.login(client, people["police_staff"])
    assert "禁毒法" in client.get("/pufa/qingdan/weikaizhan/").content.decode()  # the control
    assert lonely.pk


def test_registering_for_another_unit_or_with_its_item_is_refused(
    client, org, people, records, kaiyuan_coord
):
    item, _ = records
    before = (Activity.objects.count(), DutyItem.objects.count(), scope.counts())
    activity = {
        "unit": "532504-gaj",
        "kind": "law_event",
        "held_on": str(timezone.localdate()),
        "title": "借名活动",
        "attendance": 10,
    }
    duty = {
        "unit": "532504-gaj",
        "year": timezone.localdate().year,
        "laws": "x",
        "audience": "x",
        "measures": "x",
        "planned_times": "全年",
        "drafted_on": str(timezone.localdate()),
    }
    for who in (people["land_staff"], people["kaiyuan_staff"], kaiyuan_coord):
        scope.login(client, who)
        for url, body in (
            ("/api/education/activities/records", activity),
            ("/api/education/duties/records", duty),
        ):
            answer = client.post(url, body, "application/json")
            assert answer.status_code in (403, 422), (who, url, answer.content)
    # 自然资源局's own activity, claiming 公安局's 清单事项
    scope.login(client, people["land_staff"])
    answer = client.post(
        "/api/education/activities/records",
        activity | {"unit": "532504-zrzyj", "duty_item": str(item.pk)},
        "application/json",
    )
    assert answer.status_code == 422, answer.content
    assert (Activity.objects.count(), DutyItem.objects.count(), scope.counts()) == before


def test_imports_naming_another_unit_or_county_write_nothing(client, org, people, kaiyuan_coord):
    row_ = {
        "组织单位代码": "532504-gaj",
        "活动类型": "送法活动",
        "开展日期": "2025-03-05",
        "活动名称": "导入的活动",
        "参加人数": "20",
    }
    before, imported = Activity.objects.count(), scope.imported_rows()
    for who in (people["land_staff"], people["kaiyuan_staff"], kaiyuan_coord):
        scope.upload_import(client, who, ActivityImporter, [row_])
    assert Activity.objects.count() == before and scope.imported_rows() == imported
    scope.upload_import(client, people["police_staff"], ActivityImporter, [row_])  # the control
    assert Activity.objects.count() == before + 1


def test_the_public_list_shows_only_published_items_of_this_government(
    client, org, people, kaiyuan_coord, settings
):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    f.item(org, people["police_staff"], laws="《已公布的法》")
    f.item(org, people["police_staff"], laws="《拟定中的法》", publish=False)
    f.item(org, kaiyuan_coord, unit=org["kaiyuan_justice"], laws="《开远的法》")
    client.logout()
    page = client.get("/pufa/qingdan/gongkai/").content.decode()
    assert "《已公布的法》" in page  # the control
    assert "《拟定中的法》" not in page and "《开远的法》" not in page
