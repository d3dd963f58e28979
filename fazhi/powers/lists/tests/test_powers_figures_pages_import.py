"""权责清单's figures (the version in force at the period's end, by unit kind, the 许可 of the
version it replaced), the report paragraph of part 一, the ledger pages and their query counts,
the API, and the spreadsheet import — all or nothing, with each refused row and column named."""

import datetime as dt
import io

import pytest
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.models import AuditEntry
from fazhi.figures import registry
from fazhi.figures.registry import Period
from fazhi.powers.lists import services
from fazhi.powers.lists.imports import ItemImporter
from fazhi.powers.lists.models import Category, ListStatus, PowerItem
from fazhi.testing.import_files import run_import_command, xlsx_for

from .factories import D, W, draft, item, line, published


def value(fid, scope, year=2021):
    return registry.get(fid).compute(scope, Period.year(year)).value


def test_the_figures_read_the_version_in_force_at_the_periods_end(org, people):
    """2019年版: 3 许可 of 公安局 and 2 处罚 of 弥阳街道; 2021年版 (published 30 July 2021): 2 许可
    and 3 处罚, one more 处罚 removed while it was compiled."""
    published(org, people, year=2019, on=D(2019, 6, 28), licensing=3, others=2)
    staff = people["reviewer"]
    p = draft(org, staff)
    lines = [line(org["police"], f"XK-{n}") for n in range(2)]
    lines += [line(org["miyang"], f"CF-{n}", Category.PENALTY) for n in range(4)]
    made = services.add_items(staff, W, p, lines, on=D(2021, 3, 1))
    services.remove(staff, W, made[-1], on=D(2021, 3, 2), reason="已下放")
    from fazhi.powers.lists import list_services

    list_services.publish(staff, W, p, on=D(2021, 7, 30), where="门户网站")
    mile = org["mile"]
    assert (value("pow.items.total", mile), value("pow.items.licensing", mile)) == (5, 2)
    assert value("pow.items.licensing_before", mile) == 3  # "较2019年减少1项"
    assert (value("pow.units.towns", mile), value("pow.units.departments", mile)) == (1, 1)
    assert value("pow.items.total", mile, 2020) == 5  # 2019年版, in force all 2020
    assert value("pow.items.licensing_before", mile, 2020) == 0  # no version before it
    assert value("pow.items.total", org["prefecture"]) == 5
    assert value("pow.items.total", org["kaiyuan"]) == 0
    assert value("pow.items.total", org["police"]) == 2  # a unit's own items


def test_a_version_compiled_but_not_published_counts_nothing(org, people):
    p = draft(org, people["reviewer"])
    item(org, people["reviewer"], p)
    assert value("pow.items.total", org["mile"]) == 0


def test_the_report_states_them_in_part_one(org, people):
    from fazhi.reports.parts import default_parts

    one = next(p for p in default_parts() if p.number == 1)
    lines = one.body.split("\n")
    ours = next(i for i, text in enumerate(lines) if "pow.items.total" in text)
    assert (
        lines[ours].startswith("（三）动态管理权责清单") and "尚未纳入平台统计" not in lines[ours]
    )
    assert lines[ours + 1].startswith("（四）")  # between the frame's (二) and (四)
    assert any(text.startswith("（二）") for text in lines[:ours])


def test_the_item_ledger_reads_a_fixed_number_of_queries(org, people, client):
    published(org, people, licensing=30, others=30)  # more than a page: the page counts them
    client.force_login(people["coordinator"])
    client.get("/quanze/")  # the unit filter's choices are read once per process
    with CaptureQueriesContext(connection) as few:
        assert client.get("/quanze/").status_code == 200
    published(org, people, year=2022, on=D(2022, 7, 1), licensing=60, others=60)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/quanze/").content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "共 180 件" in page and "举办大型群众性活动安全许可" in page
    with CaptureQueriesContext(connection) as export:
        answer = client.get("/quanze/export.xlsx")
        rows = b"".join(answer.streaming_content) if answer.streaming else answer.content
    assert answer.status_code == 200 and rows.startswith(b"PK")  # an XLSX
    assert len(export.captured_queries) <= len(few.captured_queries)


def test_the_version_page_counts_its_items_by_type_and_unit(org, people, client):
    p = published(org, people, licensing=2, others=3)
    client.force_login(people["land_staff"])  # another unit: a published version is public
    page = client.get(p.get_absolute_url()).content.decode()
    assert "行政许可</td><td>2" in page and "行政处罚</td><td>3" in page
    assert "<td>弥勒市公安局</td><td>2</td><td>2</td>" in page  # its items, of them 许可
    assert "<td>弥阳街道办事处</td><td>3</td><td>0</td>" in page


def test_a_unit_enters_an_item_and_the_office_publishes_through_the_api(org, people, client):
    p = draft(org, people["reviewer"])
    client.force_login(people["police_staff"])
    answer = client.post(
        "/api/powers/items/records",
        {
            "power_list": str(p.pk),
            "unit": "532504-gaj",
            "code": "GAJ-XK-0001",
            "name": "举办大型群众性活动安全许可",
            "category": "licensing",
            "basis": "《大型群众性活动安全管理条例》第十一条",
        },
        "application/json",
    )
    assert answer.status_code in (200, 201), answer.content
    client.force_login(people["reviewer"])
    answer = client.post(
        f"/api/powers/lists/records/{p.pk}/publish",
        {"on": "2021-07-30", "where": "市人民政府门户网站", "confirmed": True},
        "application/json",
    )
    assert answer.status_code == 200, answer.content
    p.refresh_from_db()
    assert p.status == ListStatus.PUBLISHED and p.items.count() == 1


TITLE = "弥勒市权力清单和责任清单目录(2021年版)"
GOOD = {
    "权责清单名称": TITLE,
    "实施主体代码": "532504-gaj",
    "职权编码": "GAJ-XK-0001",
    "职权名称": "举办大型群众性活动安全许可",
    "职权类型": "行政许可",
    "设定依据": "《大型群众性活动安全管理条例》第十一条",
}


def test_import_lists_the_items_through_the_services(org, people, tmp_path):
    draft(org, people["reviewer"], title=TITLE)
    path = tmp_path / "items.xlsx"
    rows = [GOOD | {"职权编码": f"GAJ-XK-{n}"} for n in range(3)]
    rows.append(GOOD | {"职权编码": "MY-CF-1", "实施主体代码": "532504001", "职权类型": "行政处罚"})
    path.write_bytes(xlsx_for(ItemImporter, rows))
    run_import_command("power_items", path, "reviewer")
    assert PowerItem.objects.count() == 4
    assert PowerItem.objects.filter(category=Category.PENALTY, unit=org["miyang"]).count() == 1
    assert AuditEntry.objects.filter(channel="import", action="列入权责事项").count() == 4


def test_import_with_bad_rows_writes_nothing_and_names_each_row_and_column(org, people, tmp_path):
    draft(org, people["reviewer"], title=TITLE)
    path, errors = tmp_path / "items.xlsx", io.StringIO()
    rows = [
        GOOD,
        GOOD | {"职权编码": "A-2", "实施主体代码": "532502-sfj"},  # another county's unit
        GOOD,  # the same 职权编码 again
        GOOD | {"职权编码": "A-4", "职权类型": "行政指导"},  # not one of the ten types
        GOOD | {"职权编码": "A-5", "权责清单名称": "另一份清单"},  # no such draft
        GOOD | {"职权编码": "A-6", "设定依据": ""},  # 法无授权不可为
    ]
    path.write_bytes(xlsx_for(ItemImporter, rows))
    with pytest.raises(CommandError):
        run_import_command("power_items", path, "reviewer", errors)
    report = errors.getvalue()
    assert PowerItem.objects.count() == 0
    assert not AuditEntry.objects.filter(channel="import").exists()
    for row, column in (
        (3, "实施主体代码"),
        (4, "职权编码"),
        (5, "职权类型"),
        (6, "权责清单名称"),
        (7, "设定依据"),
    ):
        assert f"第{row}行" in report and column in report, (row, column, report)


def test_a_unit_imports_only_its_own_items(org, people, tmp_path):
    draft(org, people["reviewer"], title=TITLE)
    path, errors = tmp_path / "items.xlsx", io.StringIO()
    path.write_bytes(
        xlsx_for(ItemImporter, [GOOD, GOOD | {"职权编码": "ZR-1", "实施主体代码": "532504-zrzyj"}])
    )
    with pytest.raises(CommandError):
        run_import_command("power_items", path, "police", errors)
    assert "第3行" in errors.getvalue() and PowerItem.objects.count() == 0
    path.write_bytes(xlsx_for(ItemImporter, [GOOD]))
    run_import_command("power_items", path, "police")
    assert PowerItem.objects.get().unit == org["police"]


def test_import_into_a_published_version_is_refused(org, people, tmp_path):
    published(org, people, year=2021)
    path, errors = tmp_path / "items.xlsx", io.StringIO()
    path.write_bytes(xlsx_for(ItemImporter, [GOOD | {"职权编码": "NEW-1"}]))
    with pytest.raises(CommandError):
        run_import_command("power_items", path, "reviewer", errors)
    assert "编制中" in errors.getvalue() and PowerItem.objects.count() == 5


def test_the_dates_of_an_item_are_those_of_its_version(org, people):
    p = draft(org, people["reviewer"], drafted_on=dt.date(2021, 3, 1))
    made = item(org, people["reviewer"], p)
    assert made.listed_on == dt.date(2021, 3, 1)
