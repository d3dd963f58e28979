"""Scope sweep: 法律顾问 (名册, 聘任, 工作台账).

Another unit of the same county, the other county (开远市), an anonymous visitor and the public
portal against every page, step, approval, attachment, 文书, export, import and public page; what
each refusal asserts is in fazhi.testing.scope_sweep."""

import datetime as dt

import pytest

from fazhi.core.audit import Channel
from fazhi.governance.advisers.imports import EngagementImporter, WorkImporter
from fazhi.governance.advisers.models import Adviser, Engagement, WorkEntry
from fazhi.testing import scope_sweep as scope

from . import factories as f

W = Channel.WEB
D = dt.date
PHONE, LICENCE = "13987654321", f.LICENCE


@pytest.fixture
def kaiyuan_coord(org):
    return scope.kaiyuan_coordinator(org)


@pytest.fixture
def records(org, people):
    """An adviser 司法局 registered, engaged by 公安局, with a line of 公安局's work log."""
    adviser = f.adviser(org, people["reviewer"])
    engagement = f.engagement(org, people["police_staff"], who=adviser)
    scope.attach_file(engagement, people["police_staff"])
    entry = f.work(org, people["police_staff"], of=engagement)
    return adviser, engagement, entry


def test_engagement_and_work_are_invisible_outside_the_engaging_unit(
    client, org, people, records, kaiyuan_coord
):
    _, engagement, entry = records
    for user in scope.outsiders(people, kaiyuan_coord):
        scope.sweep_reads(client, engagement, user, unit=org["police"], boards=False)
        scope.sweep_reads(client, entry, user, unit=org["police"], boards=False)
        scope.sweep_boards(client, user, (engagement, entry))
        scope.sweep_steps(client, engagement, user, visible=False, maker=people["police_staff"])
        scope.sweep_steps(client, entry, user, visible=False, maker=people["police_staff"])
    for record in (engagement, entry):
        scope.sweep_steps(
            client, record, people["leader"], visible=True, maker=people["police_staff"]
        )
        scope.sweep_viewer(client, record, people["leader"])


def test_adviser_register_outsiders_and_engaging_unit(client, org, people, records, kaiyuan_coord):
    adviser, _, _ = records
    # 自然资源局 neither registered nor engaged the adviser; 开远 is another county
    for user in scope.outsiders(people, kaiyuan_coord):
        scope.sweep_reads(client, adviser, user, unit=org["justice"])
        scope.sweep_steps(client, adviser, user, visible=False, maker=people["reviewer"])
    # 公安局 sees the adviser it engages, but only the registering unit 停用s it or sees the
    # licence number and phone unmasked
    police = people["police_staff"]
    scope.sweep_steps(client, adviser, police, visible=True, maker=people["reviewer"])
    scope.login(client, police)
    page = client.get(f"/falvguwen/mingce/{adviser.pk}/").content.decode()
    assert PHONE not in page and LICENCE not in page
    counted = scope.counts()
    assert client.post(f"/falvguwen/mingce/{adviser.pk}/reveal/").status_code == 403
    api = client.get(f"/api/advisers/register/records/{adviser.pk}").content.decode()
    assert PHONE not in api and LICENCE not in api
    assert scope.counts() == counted


def test_engaging_or_logging_for_another_unit_or_county_is_refused(
    client, org, people, records, kaiyuan_coord
):
    adviser, engagement, _ = records
    before = (
        Engagement.objects.count(),
        WorkEntry.objects.count(),
        Adviser.objects.count(),
        scope.counts(),
    )
    engage = {
        "unit": "532504-gaj",
        "adviser": str(adviser.pk),
        "start_on": "2026-01-01",
        "end_on": "2026-12-31",
    }
    work = {
        "engagement": str(engagement.pk),
        "done_on": "2026-03-01",
        "kind": "contract",
        "subject": "借名登记",
        "count": 1,
    }
    register = {
        "unit": "532504-gaj",
        "name": "王律师",
        "kind": "expert",
        "organisation": "某大学",
        "registered_on": "2026-01-05",
    }
    for user in (people["land_staff"], people["kaiyuan_staff"], kaiyuan_coord):
        scope.login(client, user)
        for url, body in (
            ("/api/advisers/engagements/records", engage),
            ("/api/advisers/work/records", work),
            ("/api/advisers/register/records", register),
        ):
            answer = client.post(url, body, "application/json")
            assert answer.status_code in (403, 422), (user, url, answer.content)
    # 开远's coordinator engaging 弥勒's adviser for 开远's own unit
    scope.login(client, kaiyuan_coord)
    answer = client.post(
        "/api/advisers/engagements/records",
        engage | {"unit": "532502-sfj"},
        "application/json",
    )
    assert answer.status_code in (403, 422), answer.content
    after = (
        Engagement.objects.count(),
        WorkEntry.objects.count(),
        Adviser.objects.count(),
        scope.counts(),
    )
    assert after == before


def test_imports_naming_another_unit_or_county_write_nothing(
    client, org, people, records, kaiyuan_coord
):
    adviser, engagement, _ = records
    engagement_row = {
        "聘请单位代码": "532504-gaj",
        "法律顾问姓名": adviser.name,
        "类别": "社会律师",
        "律师事务所或工作单位": adviser.organisation,
        "执业证号": LICENCE,
        "聘期开始日期": "2026-01-01",
        "聘期届满日期": "2026-12-31",
    }
    work_row = {
        "聘请单位代码": "532504-gaj",
        "法律顾问姓名": adviser.name,
        "日期": (engagement.start_on + dt.timedelta(days=3)).isoformat(),
        "工作类型": "合同协议",
        "事项": "导入的工作",
    }
    before = (Engagement.objects.count(), WorkEntry.objects.count(), Adviser.objects.count())
    imported = scope.imported_rows()
    for user in (people["land_staff"], people["kaiyuan_staff"], kaiyuan_coord):
        scope.upload_import(client, user, EngagementImporter, [engagement_row])
        scope.upload_import(client, user, WorkImporter, [work_row])
    after = (Engagement.objects.count(), WorkEntry.objects.count(), Adviser.objects.count())
    assert after == before and scope.imported_rows() == imported
    # the control: the same rows by 公安局's own staff are imported
    scope.upload_import(client, people["police_staff"], WorkImporter, [work_row])
    assert WorkEntry.objects.count() == before[1] + 1
