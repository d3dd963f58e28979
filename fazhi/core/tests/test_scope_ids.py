"""A scope is written into a list's statement as its units' ids, read when the list is asked for
(permissions.scope_ids), so that PostgreSQL can tell a small unit from a county: with a subquery
it assumed a department's scope was most of the table, and a department that few records name
waited while the list walked every row of it (issue 7; bench/README.md)."""

import re

import pytest
from django.db import connection
from django.db.models import Q, QuerySet

from fazhi.core import permissions
from fazhi.core.models import Notice, OrgUnit
from fazhi.core.permissions import in_scope, scope_ids, unit_scope_q

pytestmark = pytest.mark.django_db


def scope_value(q):
    (condition,) = q.children
    return condition[1]


def test_a_departments_scope_is_its_units_ids_written_out(org, people, police_station):
    value = scope_value(unit_scope_q(people["police_staff"]))
    assert sorted(value) == sorted([org["police"].pk, police_station.pk])


def test_a_coordinators_scope_is_every_unit_of_its_government(org, people, police_station):
    value = scope_value(unit_scope_q(people["coordinator"]))
    expected = OrgUnit.objects.filter(path__startswith=org["mile"].path).values_list(
        "pk", flat=True
    )
    assert sorted(value) == sorted(expected)
    assert org["kaiyuan_justice"].pk not in value


def test_a_scope_wider_than_the_bound_stays_a_subquery(org, people, police_station, monkeypatch):
    monkeypatch.setattr(permissions, "SCOPE_IDS_LISTED", 2)
    assert isinstance(scope_ids(org["mile"]), QuerySet)
    assert sorted(scope_ids(org["police"])) == sorted([org["police"].pk, police_station.pk])


@pytest.mark.parametrize("bound", [1000, 2])
def test_either_way_the_same_records_are_visible(org, people, police_station, monkeypatch, bound):
    monkeypatch.setattr(permissions, "SCOPE_IDS_LISTED", bound)
    for unit in (org["land"], org["kaiyuan_justice"]):  # the fixture gave the other two theirs
        Notice.objects.create(unit=unit, text=f"{unit.name}的记录", link="/")

    def visible(persona):
        texts = in_scope(Notice.objects.all(), people[persona]).values_list("text", flat=True)
        return {text.removesuffix("的记录") for text in texts}

    assert visible("police_staff") == {org["police"].name, police_station.name}
    assert visible("coordinator") == {
        org["police"].name,
        police_station.name,
        org["land"].name,
    }
    assert visible("kaiyuan_staff") == {org["kaiyuan_justice"].name}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimate")
def test_the_planner_sees_that_a_unit_few_records_name_is_small(org, people):
    """2 000 reminders of the 自然资源局, none of the 公安局: the 公安局's records — its scope or
    another column naming it, as 行政复议's `unit in scope OR respondent = the unit` — are
    estimated at a handful of rows, to be read by the unit index. A subquery in that OR was
    given half the table, and the list walked all of it."""
    Notice.objects.bulk_create(
        Notice(unit=org["land"], text=f"提醒{i}", link="/") for i in range(2000)
    )
    police = people["police_staff"]
    records = Notice.objects.filter(unit_scope_q(police) | Q(link=f"/units/{police.unit_id}/"))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Notice._meta.db_table}")
        sql, params = records.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        first = cursor.fetchone()[0]
    estimated = int(re.search(r"rows=(\d+)", first).group(1))
    assert estimated < 50, first
