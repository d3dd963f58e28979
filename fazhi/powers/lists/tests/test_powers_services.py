"""权责清单 through its service functions: compiling a version, entering items (one, or many in one
insert), amending and removing them while the version is compiled, publishing it (which retires
the version in force), and every refusal in Chinese with nothing changed."""

import datetime as dt

import pytest

from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal, RowRefusal
from fazhi.powers.lists import list_services, services
from fazhi.powers.lists.models import Category, ItemStatus, ListStatus, PowerItem

from .factories import D, W, draft, item, line, published


def test_a_unit_enters_its_own_items_and_the_office_publishes(org, people):
    p = draft(org, people["reviewer"])
    made = item(org, people["police_staff"], p)
    assert (made.unit, made.government, made.office) == (org["police"], org["mile"], org["justice"])
    assert AuditEntry.objects.filter(action="列入权责事项", object_id=str(made.pk)).exists()
    p = list_services.publish(people["reviewer"], W, p, on=D(2021, 7, 30), where="市政府门户网站")
    assert (p.status, p.published_on) == (ListStatus.PUBLISHED, D(2021, 7, 30))


def test_a_unit_may_not_enter_another_units_items(org, people):
    p = draft(org, people["reviewer"])
    with pytest.raises(Refusal, match="实施主体或清单编制单位"):
        item(org, people["police_staff"], p, unit=org["land"])
    assert not PowerItem.objects.exists()


def test_only_the_office_compiles_and_publishes(org, people):
    with pytest.raises(Refusal, match="编制单位"):
        draft(org, people["police_staff"])
    p = draft(org, people["reviewer"])
    item(org, people["police_staff"], p)
    with pytest.raises(Refusal, match="编制单位"):
        list_services.publish(people["police_staff"], W, p, on=D(2021, 7, 30), where="门户网站")
    p.refresh_from_db()
    assert p.status == ListStatus.DRAFT


def test_an_item_needs_its_legal_basis_and_a_code_once_per_version(org, people):
    p = draft(org, people["reviewer"])
    with pytest.raises(Refusal, match="设定依据"):
        item(org, people["reviewer"], p, basis="  ")
    item(org, people["reviewer"], p, code="A-1")
    with pytest.raises(Refusal, match="已有事项使用"):
        item(org, people["reviewer"], p, code="A-1", unit=org["land"])
    assert PowerItem.objects.count() == 1


def test_many_items_are_all_or_nothing_and_name_the_refused_one(org, people):
    p = draft(org, people["reviewer"])
    lines = [line(org["police"], "A-1"), line(org["police"], "A-2"), line(org["police"], "A-1")]
    with pytest.raises(RowRefusal) as refused:
        services.add_items(people["reviewer"], W, p, lines)
    assert refused.value.index == 2 and not PowerItem.objects.exists()


def test_a_unit_of_another_county_is_no_implementing_body(org, people):
    p = draft(org, people["reviewer"])
    with pytest.raises(Refusal):
        item(org, people["reviewer"], p, unit=org["kaiyuan_justice"])
    with pytest.raises(Refusal, match="部门或乡镇"):
        item(org, people["reviewer"], p, unit=org["mile"])  # a government is no 实施主体
    assert not PowerItem.objects.exists()


def test_amend_and_remove_only_while_the_version_is_compiled(org, people):
    p = draft(org, people["reviewer"])
    made = item(org, people["police_staff"], p)
    other = item(org, people["police_staff"], p, code="GAJ-CF-0001", category=Category.PENALTY)
    values = {
        "code": "GAJ-XK-0009",
        "name": "公章刻制业特种行业许可",
        "category": Category.LICENSING,
        "basis": "《国务院对确需保留的行政审批项目设定行政许可的决定》第37项",
        "duties": "",
        "accountability": "",
    }
    made = services.amend(
        people["police_staff"], W, made, on=D(2021, 3, 5), unit=org["police"], **values
    )
    assert made.name == "公章刻制业特种行业许可"
    other = services.remove(people["police_staff"], W, other, on=D(2021, 3, 5), reason="已取消")
    assert other.status == ItemStatus.REMOVED
    list_services.publish(people["reviewer"], W, p, on=D(2021, 7, 30), where="门户网站")
    made.refresh_from_db()
    with pytest.raises(Refusal, match="已公布"):
        services.remove(people["reviewer"], W, made, on=D(2021, 8, 2), reason="已取消")
    made.refresh_from_db()
    assert made.status == ItemStatus.LISTED


def test_publishing_a_version_retires_the_one_in_force(org, people):
    old = published(org, people, year=2019, on=D(2019, 6, 28))
    new = published(org, people, year=2021, on=D(2021, 7, 30))
    old.refresh_from_db()
    assert (old.status, old.superseded_on) == (ListStatus.SUPERSEDED, D(2021, 7, 30))
    assert new.status == ListStatus.PUBLISHED
    assert AuditEntry.objects.filter(action="被新版本替代", object_id=str(old.pk)).count() == 1


def test_a_version_without_items_or_dated_before_the_one_in_force_is_not_published(org, people):
    empty = draft(org, people["reviewer"])
    with pytest.raises(Refusal, match="还没有事项"):
        list_services.publish(people["reviewer"], W, empty, on=D(2021, 7, 30), where="门户网站")
    published(org, people, year=2021, on=D(2021, 7, 30))
    late = draft(org, people["reviewer"], year=2021, drafted_on=D(2021, 3, 1), title="补充版")
    item(org, people["reviewer"], late)
    with pytest.raises(Refusal, match="早于现行清单"):
        list_services.publish(people["reviewer"], W, late, on=D(2021, 7, 1), where="门户网站")
    late.refresh_from_db()
    assert late.status == ListStatus.DRAFT


def test_a_published_version_takes_no_new_items(org, people):
    p = published(org, people)
    with pytest.raises(Refusal, match="已公布"):
        item(org, people["reviewer"], p, code="NEW-1")


def test_dates_out_of_order_are_refused(org, people):
    with pytest.raises(Refusal):
        draft(org, people["reviewer"], year=2030, drafted_on=dt.date(2021, 3, 1))
    p = draft(org, people["reviewer"])
    item(org, people["reviewer"], p)
    with pytest.raises(Refusal):
        list_services.publish(people["reviewer"], W, p, on=D(2021, 2, 1), where="门户网站")
