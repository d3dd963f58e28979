"""The admin is scoped: a coordinator sees and chooses its own government's units (and users,
when it may see users); a superuser sees all. Unit changes there go through the service."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry, Notice, OrgUnit, User
from fazhi.core.permissions import in_scope
from fazhi.core.services import create_unit, grant_reference_data_admin

MILE_UNITS = {
    "弥勒市人民政府",
    "弥勒市司法局",
    "弥勒市公安局",
    "弥勒市自然资源局",
    "弥阳街道办事处",
}


@pytest.fixture
def coordinator(people):
    return grant_reference_data_admin(None, Channel.CLI, people["coordinator"])


@pytest.fixture
def superuser(people):
    user = people["leader"]
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def unit_form(unit, **changes) -> dict:
    fields = {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "division_code": unit.division_code,  # shown, not taken: it follows the tree
        "parent": unit.parent_id or "",
        "order": unit.order,
    }
    return {k: ("" if v is None else v) for k, v in (fields | changes).items()}


def listed_units(client) -> set[str]:
    response = client.get(reverse("admin:core_orgunit_changelist"))
    assert response.status_code == 200
    return {unit.name for unit in response.context["cl"].result_list}


def test_a_coordinator_lists_only_its_own_governments_units(client, org, coordinator):
    client.force_login(coordinator)
    assert listed_units(client) == MILE_UNITS
    other = client.get(reverse("admin:core_orgunit_change", args=[org["kaiyuan_justice"].pk]))
    assert other.status_code == 302  # "不存在" for a unit outside the scope


def test_a_superuser_lists_every_unit(client, org, superuser):
    client.force_login(superuser)
    assert listed_units(client) == set(OrgUnit.objects.values_list("name", flat=True))


def test_a_coordinators_parent_choices_are_its_own_governments_units(client, org, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("admin:core_orgunit_change", args=[org["police"].pk]))
    choices = response.context["adminform"].form.fields["parent"].queryset
    assert {u.name for u in choices} == MILE_UNITS

    search = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "core", "model_name": "orgunit", "field_name": "parent", "term": "司法局"},
    )
    assert [r["text"] for r in search.json()["results"]] == ["弥勒市司法局"]

    posted = client.post(
        reverse("admin:core_orgunit_change", args=[org["police"].pk]),
        unit_form(org["police"], parent=org["kaiyuan"].pk),
    )
    assert posted.status_code == 200 and "选择一个有效的选项" in posted.content.decode()
    assert OrgUnit.objects.get(pk=org["police"].pk).parent == org["mile"]


def test_a_move_in_the_admin_carries_the_subtree_and_its_records(client, org, superuser):
    station = create_unit(
        None,
        Channel.CLI,
        code="532504-gaj-xm",
        name="弥勒市公安局新哨派出所",
        kind="other",
        parent=org["police"],
    )
    Notice.objects.create(unit=station, text="派出所的记录", link="/")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:core_orgunit_change", args=[org["police"].pk]),
        unit_form(org["police"], parent=org["kaiyuan"].pk),
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    station.refresh_from_db()
    assert station.path.startswith(org["kaiyuan"].path)
    kaiyuan_unit = User.objects.create(username="ky", unit=org["kaiyuan"], role="coordinator")
    assert in_scope(Notice.objects.all(), kaiyuan_unit).filter(unit=station).exists()
    entry = AuditEntry.objects.filter(action="修改单位", channel="admin").get()
    assert entry.actor_id == superuser.pk and entry.after["parent"] == org["kaiyuan"].pk


def test_moving_a_unit_below_itself_is_refused_on_the_form(client, org, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:core_orgunit_change", args=[org["mile"].pk]),
        unit_form(org["mile"], parent=org["justice"].pk),
    )
    assert response.status_code == 200
    assert "不能把“弥勒市人民政府”移到它自己或它的下级单位“弥勒市司法局”之下" in (
        response.content.decode()
    )
    assert OrgUnit.objects.get(pk=org["mile"].pk).parent == org["prefecture"]


def test_a_unit_added_in_the_admin_goes_through_the_service(client, org, coordinator):
    client.force_login(coordinator)
    new = {"code": "532504-jyj", "name": "弥勒市教育体育局", "kind": "department", "order": 0}
    new |= {"division_code": "532504"}  # ignored: it follows the parent
    response = client.post(
        reverse("admin:core_orgunit_add"), new | {"short_name": "", "parent": org["mile"].pk}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = OrgUnit.objects.get(code="532504-jyj")
    assert unit.path == "530000/532500/532504/532504-jyj/" and unit.division_code == "532504"
    entry = AuditEntry.objects.get(action="新增单位", object_id=str(unit.pk))
    assert entry.channel == "admin" and entry.actor_id == coordinator.pk

    refused = client.post(
        reverse("admin:core_orgunit_add"),
        new | {"code": "532504-x", "short_name": "", "parent": ""},
    )
    assert "必须有上级单位" in refused.content.decode()


def test_users_in_the_admin_are_scoped_too(client, org, people, coordinator):
    coordinator.user_permissions.add(Permission.objects.get(codename="view_user"))
    client.force_login(User.objects.get(pk=coordinator.pk))
    response = client.get(reverse("admin:core_user_changelist"))
    listed = {user.username for user in response.context["cl"].result_list}
    assert listed == {"coord", "reviewer", "police", "land", "leader", "override"}
    assert "kaiyuan" not in listed
