"""Org-unit changes go through services.update_unit: checked, audited, and a move or a new code
carries the whole subtree (its materialised paths, so its records stay in the right scope)."""

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry, Notice, OrgUnit, Role, UnitKind, User
from fazhi.core.permissions import in_scope
from fazhi.core.services import create_unit, create_user, update_unit


def coordinator_at(unit, username):
    return create_user(
        None, Channel.CLI, username=username, password="p", unit=unit, role=Role.COORDINATOR
    )


def visible_records(user) -> set[str]:
    return set(in_scope(Notice.objects.all(), user).values_list("text", flat=True))


def test_a_department_moved_to_another_government_takes_its_records_along(
    org, people, police_station
):
    mile, kaiyuan = people["coordinator"], coordinator_at(org["kaiyuan"], "ky-coord")
    records = {"弥勒市公安局的记录", "弥勒市公安局新哨派出所的记录"}
    assert visible_records(mile) == records and visible_records(kaiyuan) == set()

    prefecture = coordinator_at(org["prefecture"], "hh-coord")  # oversees both counties
    update_unit(prefecture, Channel.WEB, org["police"], parent=org["kaiyuan"])

    assert visible_records(kaiyuan) == records
    assert visible_records(mile) == set()
    police_station.refresh_from_db()
    assert police_station.path == "530000/532500/532502/532504-gaj/532504-gaj-xm/"
    assert police_station.division_code == "532502"
    assert police_station.government() == org["kaiyuan"]
    entry = AuditEntry.objects.filter(action="修改单位", object_id=str(org["police"].pk)).get()
    assert (entry.before["parent"], entry.after["parent"]) == (org["mile"].pk, org["kaiyuan"].pk)
    assert entry.after["subtree_units"] == 2 and entry.actor_id == prefecture.pk


def test_a_new_code_carries_the_subtree_paths_and_division_codes(org, people, police_station):
    update_unit(None, Channel.CLI, org["mile"], code="532599")

    for unit in OrgUnit.objects.filter(name__startswith="弥"):
        assert unit.path.startswith("530000/532500/532599/"), unit.path
        assert unit.division_code == "532599", unit.name
    assert OrgUnit.objects.filter(path__startswith="530000/532500/532504/").count() == 0
    coordinator = User.objects.get(pk=people["coordinator"].pk)  # as the next request loads it
    assert visible_records(coordinator) == {
        "弥勒市公安局的记录",
        "弥勒市公安局新哨派出所的记录",
    }


def test_a_government_code_must_be_a_gb_t_2260_code(org):
    with pytest.raises(ValidationError, match="GB/T 2260"):
        update_unit(None, Channel.CLI, org["kaiyuan"], code="kaiyuan")
    with pytest.raises(ValidationError, match="GB/T 2260"):
        update_unit(None, Channel.CLI, org["police"], kind=UnitKind.COUNTY)  # "532504-gaj"
    with pytest.raises(ValidationError, match="GB/T 2260"):
        create_unit(None, Channel.CLI, code="539900", name="某县", kind=UnitKind.COUNTY)
    assert OrgUnit.objects.get(pk=org["kaiyuan"].pk).code == "532502"


@pytest.mark.parametrize("target", ["mile", "justice"])
def test_a_unit_never_moves_under_itself_or_below_itself(org, target):
    with pytest.raises(ValidationError, match="移到它自己或它的下级单位"):
        update_unit(None, Channel.CLI, org["mile"], parent=org[target])
    assert OrgUnit.objects.get(pk=org["mile"].pk).parent == org["prefecture"]


def test_saving_a_unit_under_its_own_subtree_is_refused_by_the_model_too(org):
    mile = org["mile"]
    mile.parent = org["justice"]
    with pytest.raises(ValidationError):
        mile.save()


def test_a_coordinator_changes_and_moves_only_within_its_own_government(org, people):
    coordinator = people["coordinator"]
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        update_unit(coordinator, Channel.WEB, org["police"], parent=org["kaiyuan"])
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        update_unit(coordinator, Channel.WEB, org["kaiyuan_justice"], name="改名")
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        update_unit(coordinator, Channel.WEB, org["police"], parent=None, kind=UnitKind.COUNTY)
    moved = update_unit(coordinator, Channel.WEB, org["police"], parent=org["miyang"], order=3)
    assert moved.path == "530000/532500/532504/532504001/532504-gaj/" and moved.order == 3


def test_a_department_needs_a_parent_and_a_code_stays_unique(org):
    with pytest.raises(ValidationError, match="必须有上级单位"):
        update_unit(None, Channel.CLI, org["police"], parent=None)
    with pytest.raises(ValidationError, match="已存在"):
        update_unit(None, Channel.CLI, org["police"], code="532504-sfj")


def test_only_the_listed_fields_change(org):
    with pytest.raises(ValidationError, match="不能修改单位的path"):
        update_unit(None, Channel.CLI, org["police"], path="x/")


def test_a_coordinator_renames_its_own_government_but_cannot_widen_its_scope(org, people):
    coordinator = people["coordinator"]
    update_unit(coordinator, Channel.WEB, org["mile"], name="弥勒市人民政府(更名)")
    assert OrgUnit.objects.get(pk=org["mile"].pk).name == "弥勒市人民政府(更名)"

    # A government turned department would make the coordinator's scope its prefecture.
    with pytest.raises(ValidationError, match="只能由系统管理员修改"):
        update_unit(coordinator, Channel.WEB, org["mile"], kind=UnitKind.DEPARTMENT)
    assert User.objects.get(pk=coordinator.pk).scope_unit() == org["mile"]


def test_a_governments_working_units_are_its_departments_and_towns(org):
    mile = org["mile"]
    assert set(mile.working_units()) == {org["justice"], org["police"], org["land"], org["miyang"]}
    assert org["police"].works_for(mile) and org["miyang"].works_for(mile)
    assert not mile.works_for(mile) and not org["kaiyuan_justice"].works_for(mile)
    assert org["kaiyuan_justice"] in org["prefecture"].working_units()  # a 州's counties' units
    assert org["kaiyuan"] not in org["prefecture"].working_units()
