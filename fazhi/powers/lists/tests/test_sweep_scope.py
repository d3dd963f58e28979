"""Scope sweep: 权责清单 (版本, 权责事项).

Another unit of the same county, the other county (开远市), an anonymous visitor and the leader
against every page, step, attachment, export, API creation and import of a version and its items;
what each refusal asserts is in fazhi.testing.scope_sweep."""

import pytest

from fazhi.powers.lists.imports import ItemImporter
from fazhi.powers.lists.models import ListStatus, PowerItem, PowerList
from fazhi.testing import scope_sweep as scope

from . import factories as f

ITEM_STEPS = ("amend", "remove")  # the office's and the item's own unit's, while in draft
TITLE = "弥勒市权力清单和责任清单目录(2021年版)"  # factories.draft's default for 2021
KAIYUAN_TITLE = "开远市权力清单和责任清单目录(2021年版)"
AMEND = {  # 公安局's item as amended: a new code and name, the same type
    "on": "2021-04-01",
    "unit": "532504-gaj",
    "code": "GAJ-XK-0009",
    "name": "公章刻制业特种行业许可",
    "category": "licensing",
    "basis": "《国务院对确需保留的行政审批项目设定行政许可的决定》第37项",
}


@pytest.fixture
def others(org):
    """弥阳街道 (same county, no item of its own here) and 开远's coordinator."""
    return scope.other_users(org)


@pytest.fixture
def draft_item(org, people):
    """公安局's item, entered by its own staff into 司法局's 2021 version being compiled."""
    made = f.item(org, people["police_staff"], f.draft(org, people["reviewer"]))
    scope.attach_file(made, people["police_staff"])
    return PowerItem.objects.get(pk=made.pk)


@pytest.fixture
def published_item(org, people):
    """公安局's item of a published version (which also lists 弥阳街道's items)."""
    version = f.published(org, people)
    return version.items.get(code="XK-0")


def outside(people, others):
    """自然资源局, 开远's staff and coordinator, nobody, 弥阳街道."""
    return [*scope.outsiders(people, others["kaiyuan_coord"]), others["miyang"]]


def test_a_draft_item_is_invisible_outside_its_unit(client, org, people, draft_item, others):
    for who in outside(people, others):
        scope.sweep_reads(client, draft_item, who, unit=org["police"], marker=draft_item.name)
        scope.sweep_steps(client, draft_item, who, visible=False, maker=people["reviewer"])


def test_the_leader_reads_items_but_takes_no_step(client, people, draft_item):
    scope.sweep_steps(client, draft_item, people["leader"], visible=True, maker=people["reviewer"])
    scope.sweep_viewer(client, draft_item, people["leader"])


def test_version_steps_are_the_offices_alone(client, org, people, draft_item, others):
    version = draft_item.power_list
    for who in [*outside(people, others), people["police_staff"]]:
        scope.sweep_reads(client, version, who)
        scope.sweep_steps(client, version, who, visible=False, maker=people["reviewer"])
    scope.sweep_steps(client, version, people["leader"], visible=True, maker=people["reviewer"])
    scope.sweep_viewer(client, version, people["leader"])
    # the control: 司法局 (编制单位) publishes it with the same body
    scope.login(client, people["reviewer"])
    answer = client.post(
        f"/api/powers/lists/records/{version.pk}/publish",
        {"on": "2021-07-30", "where": "市人民政府门户网站", "confirmed": True},
        "application/json",
    )
    assert answer.status_code == 200, answer.content
    assert PowerList.objects.get(pk=version.pk).status == ListStatus.PUBLISHED


def test_a_published_versions_items_are_read_by_the_county_and_changed_by_nobody(
    client, org, people, published_item, others
):
    version = published_item.power_list
    land = people["land_staff"]
    scope.login(client, land)
    assert client.get(f"/quanze/{published_item.pk}/").status_code == 200
    assert client.get(f"/api/powers/items/records/{published_item.pk}").status_code == 200
    assert client.get(f"/quanze/qingdan/{version.pk}/").status_code == 200
    for who in (
        land,
        others["miyang"],
        people["police_staff"],
        people["reviewer"],
        people["coordinator"],
        people["leader"],
    ):
        scope.sweep_steps(client, published_item, who, visible=True, maker=people["reviewer"])
    for who in (land, people["leader"]):
        scope.sweep_viewer(client, published_item, who)
    for who in (people["kaiyuan_staff"], others["kaiyuan_coord"], None):
        scope.sweep_reads(client, published_item, who, unit=org["police"])
        scope.sweep_reads(client, version, who)
        scope.sweep_steps(client, published_item, who, visible=False, maker=people["reviewer"])


def test_entering_items_or_versions_across_units_or_counties_is_refused(
    client, org, people, draft_item, others
):
    version = draft_item.power_list
    kaiyuan = f.draft(org, people["kaiyuan_staff"], title=KAIYUAN_TITLE)
    before = (PowerItem.objects.count(), PowerList.objects.count(), scope.row(draft_item))
    counted = scope.counts()
    body = {
        "power_list": str(version.pk),
        "unit": "532504-gaj",
        "code": "GAJ-XK-0101",
        "name": "越权录入的事项",
        "category": "licensing",
        "basis": "《中华人民共和国治安管理处罚法》第十条",
    }
    attempts = [
        (people["police_staff"], body | {"unit": "532504-zrzyj"}),  # another unit's item
        (people["police_staff"], body | {"unit": "532504001"}),
        (people["land_staff"], body),  # 公安局's item, by 自然资源局
        (others["miyang"], body),
        (people["leader"], body),
        (people["kaiyuan_staff"], body),  # into 弥勒's draft
        (others["kaiyuan_coord"], body),
        (people["reviewer"], body | {"unit": "532502-sfj"}),  # another county's unit
        (others["kaiyuan_coord"], body | {"power_list": str(kaiyuan.pk)}),  # its own, 弥勒's unit
    ]
    for who, data in attempts:
        scope.login(client, who)
        answer = client.post("/api/powers/items/records", data, "application/json")
        assert answer.status_code in (403, 422), (who, data, answer.content)
    scope.login(client, None)
    assert client.post("/api/powers/items/records", body, "application/json").status_code == 401
    # 司法局 amending the item to name another county's unit
    scope.login(client, people["reviewer"])
    answer = client.post(
        f"/api/powers/items/records/{draft_item.pk}/amend",
        AMEND | {"unit": "532502-sfj"},
        "application/json",
    )
    assert answer.status_code == 422, answer.content
    # a version, drafted by anyone but a unit holding `powerlists.office`
    drafted = {"title": "借名编制的清单", "year": 2021, "drafted_on": "2021-03-01"}
    for who in (people["police_staff"], people["land_staff"], others["miyang"], people["leader"]):
        scope.login(client, who)
        answer = client.post("/api/powers/lists/records", drafted, "application/json")
        assert answer.status_code == 403, (who, answer.content)
    scope.login(client, None)
    assert client.post("/api/powers/lists/records", drafted, "application/json").status_code == 401
    assert (PowerItem.objects.count(), PowerList.objects.count(), scope.row(draft_item)) == before
    assert scope.counts() == counted
    # the controls: 公安局 enters its own item, 司法局 drafts a version, with the same bodies
    scope.login(client, people["police_staff"])
    answer = client.post("/api/powers/items/records", body, "application/json")
    assert answer.status_code == 201, answer.content
    scope.login(client, people["reviewer"])
    answer = client.post("/api/powers/lists/records", drafted, "application/json")
    assert answer.status_code == 201, answer.content


def test_a_unit_may_not_hand_its_item_to_another_unit(client, org, people, draft_item):
    """公安局's staff may not enter 自然资源局's items (the creator rule), nor make one of theirs
    自然资源局's by amending its 实施主体."""
    before, counted = scope.row(draft_item), scope.counts()
    for unit in ("532504-zrzyj", "532504001"):
        scope.login(client, people["police_staff"])
        answer = client.post(
            f"/api/powers/items/records/{draft_item.pk}/amend",
            AMEND | {"unit": unit},
            "application/json",
        )
        assert answer.status_code in (403, 422), (unit, answer.content)
        assert scope.row(draft_item) == before and scope.counts() == counted


def test_imports_naming_another_unit_or_county_write_nothing(
    client, org, people, draft_item, others
):
    f.draft(org, people["kaiyuan_staff"], title=KAIYUAN_TITLE)
    row_ = {
        "权责清单名称": TITLE,
        "实施主体代码": "532504-gaj",
        "职权编码": "GAJ-XK-0102",
        "职权名称": "导入的事项",
        "职权类型": "行政许可",
        "设定依据": "《中华人民共和国治安管理处罚法》第十条",
    }
    before, imported, counted = PowerItem.objects.count(), scope.imported_rows(), scope.counts()
    uploads = [
        (people["police_staff"], row_ | {"实施主体代码": "532504-zrzyj"}),  # another unit's
        (people["land_staff"], row_),  # 公安局's, by 自然资源局
        (people["leader"], row_),
        (people["kaiyuan_staff"], row_),  # 弥勒's draft, from 开远
        (others["kaiyuan_coord"], row_),
        (others["kaiyuan_coord"], row_ | {"权责清单名称": KAIYUAN_TITLE}),  # 开远's, 弥勒's unit
        (people["reviewer"], row_ | {"实施主体代码": "532502-sfj"}),  # another county's unit
    ]
    for who, values in uploads:
        scope.upload_import(client, who, ItemImporter, [values])
        assert PowerItem.objects.count() == before, (who, values)
    assert scope.imported_rows() == imported
    assert scope.counts() == counted
    # the control: 公安局 imports its own row
    scope.upload_import(client, people["police_staff"], ItemImporter, [row_])
    assert PowerItem.objects.count() == before + 1
