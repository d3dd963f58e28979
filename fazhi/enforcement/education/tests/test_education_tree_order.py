"""/weikaizhan/ lists the items without activity by unit in the org tree's order (OrgUnit.path),
not in the order the units were created: each item carries its unit's path (DutyItem.unit_path),
set when it is drafted, rewritten with the unit's when a unit is recoded or moves (and every unit
under it), and copied for the items that existed before (migration 0003)."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.exports import model_columns
from fazhi.core.models import UnitKind
from fazhi.core.procedures import get
from fazhi.core.services import create_unit, update_unit
from fazhi.enforcement.education import public
from fazhi.enforcement.education.models import DutyItem

from .factories import item

URL = reverse("education_duties:undone")


@pytest.fixture
def coordinator(client, people, monkeypatch):
    monkeypatch.setattr(public, "PAGE_SIZE", 3)
    client.force_login(people["coordinator"])
    return client


@pytest.fixture
def units(org):
    """Besides 公安局, 自然资源局 and 弥阳街道: a unit made last whose code sorts first, and an
    office under 自然资源局 — ids that do not follow the tree."""

    def unit(code, name, kind, parent):
        return create_unit(None, Channel.CLI, code=code, name=name, kind=kind, parent=parent)

    late = unit("532504-aaa", "弥勒市新设局", UnitKind.DEPARTMENT, org["mile"])
    office = unit("532504-zrzyj-01", "自然资源局执法大队", UnitKind.OTHER, org["land"])
    return {"late": late, "office": office, **{k: org[k] for k in ("police", "land", "miyang")}}


def _items(people, units) -> list:
    return [item(None, people["coordinator"], unit=u) for u in units.values() for _ in range(2)]


def _listed(client) -> list[int]:
    """Every row of the list, following 下一页."""
    rows, query = [], ""
    while True:
        page = client.get(f"{URL}?{query}")
        assert page.status_code == 200
        rows += [row.pk for row in page.context["page"].rows]
        query = page.context["page"].next_cursor
        if not query:
            return rows
        query = f"after={query}"


def _in_tree_order(items) -> list[int]:
    fresh = DutyItem.objects.select_related("unit").filter(pk__in=[i.pk for i in items])
    return [i.pk for i in sorted(fresh, key=lambda i: (i.unit.path, i.pk))]


def _paths_true():
    for i in DutyItem.objects.select_related("unit"):
        assert i.unit_path == i.unit.path, (i.pk, i.unit_path, i.unit.path)


def test_the_list_follows_the_tree_not_the_units_ids(people, units, coordinator):
    made = _items(people, units)
    _paths_true()
    listed = _listed(coordinator)
    assert listed == _in_tree_order(made)
    # 新设局 (made last) first; 自然资源局's office right after 自然资源局, before 弥阳街道.
    by_unit = [DutyItem.objects.get(pk=pk).unit for pk in listed[::2]]
    names = ["late", "police", "land", "office", "miyang"]
    assert by_unit == [units[n] for n in names]
    assert listed != sorted(listed, key=lambda pk: (DutyItem.objects.get(pk=pk).unit_id, pk))


def test_items_follow_a_unit_that_is_recoded_and_one_that_moves(people, units, coordinator):
    made = _items(people, units)
    # 自然资源局 recoded to sort first: its items and its office's take the new prefix.
    update_unit(None, Channel.CLI, units["land"], code="532504-a")
    _paths_true()
    first = _listed(coordinator)
    assert first == _in_tree_order(made)
    assert DutyItem.objects.get(pk=first[0]).unit == units["land"]
    # The office moves under 弥阳街道: its items go last.
    update_unit(None, Channel.CLI, units["office"], parent=units["miyang"])
    _paths_true()
    moved = _listed(coordinator)
    assert moved == _in_tree_order(made)
    assert {DutyItem.objects.get(pk=pk).unit for pk in moved[-2:]} == {units["office"]}


def test_a_unit_saved_without_a_new_path_changes_no_item(people, units):
    _items(people, units)
    police = units["police"]
    police.name = "弥勒市公安局(改名)"
    with CaptureQueriesContext(connection) as captured:
        police.save()
    assert not [q for q in captured.captured_queries if "education_dutyitem" in q["sql"]]


def test_the_migration_copies_the_paths_of_existing_items(people, units):
    _items(people, units)
    DutyItem.objects.update(unit_path="")
    migration = importlib.import_module(
        "fazhi.enforcement.education.migrations.0003_unit_path_tree_order"
    )
    migration.copy_unit_paths(apps, None)
    _paths_true()


def test_the_copy_is_bookkeeping_neither_exported_nor_entered():
    headers = [c.header for c in model_columns(DutyItem)]
    assert "责任单位" in headers and not [h for h in headers if "path" in h or "路径" in h]
    assert "unit_path" not in get("education_duties").fields_in_api
