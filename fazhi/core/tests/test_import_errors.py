"""Every row error of a file in one pass, each with row, column, value and reason (issue 6).

The framework that was here stopped at the first refusal of a service during the write (five
uploads to find the errors of one file), never tried the services in a dry run, lost the value
of errors raised while writing, and quoted keys by their stored value instead of what was typed.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core import audit
from fazhi.core.audit import Channel
from fazhi.core.imports import (
    Column,
    Importer,
    RowWriteError,
    choice,
    date,
    register,
    run_import,
    text,
    unit_by_code,
    unregister,
)
from fazhi.core.models import AuditEntry, ImportBatch, OrgUnit, UnitKind
from fazhi.core.permissions import unit_in_scope
from fazhi.core.services import create_unit
from fazhi.core.workflow import Refusal

HEADER = "编号,单位代码,日期,类别,说明\n"


def record_visit(actor, unit, number):
    """Stands for a procedure's service with the kernel's scope check: a row naming a unit the
    actor may not act for is refused, with the field it is about."""
    if not unit_in_scope(actor, unit):
        raise Refusal({"unit": [f"“{unit}”不在您的管辖范围内"]})
    if number.startswith("X"):
        raise Refusal("编号以 X 开头的走访已撤销，不能登记")
    return number


class VisitsImporter(Importer):
    kind, label = "test-visit-log", "测试走访记录"
    columns = [
        Column("编号", "number", text(20)),
        Column("单位代码", "unit", unit_by_code),
        Column("日期", "day", date),
        Column("类别", "unit_kind", choice(UnitKind), required=False, default=""),
        Column("说明", "note", text(10), required=False, default=""),
    ]
    key_columns = ("number",)

    def write(self, rows, actor):
        return self.write_each(rows, lambda row: record_visit(actor, row["unit"], row["number"]))


@pytest.fixture(autouse=True)
def visits():
    register(VisitsImporter)
    yield
    unregister(VisitsImporter.kind)


def import_visits(content: str, actor, **options):
    source = io.BytesIO(content.encode())
    return run_import(VisitsImporter.kind, source, "走访.csv", actor, Channel.IMPORT, **options)


def errors_of(result) -> list[tuple]:
    return [(e.row, e.column, e.value, e.reason) for e in result.errors]


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
def test_every_row_a_service_refuses_is_reported_in_one_pass(people, dry_run):
    content = HEADER + (
        "1,532504-gaj,2021-03-01,,\n"
        "2,532502-sfj,2021-03-02,,\n"  # another county: the service refuses
        "3,532504-gaj,2021-03-03,,\n"
        "X4,532504-gaj,2021-03-04,,\n"  # refused without naming a field
        "5,532502,2021-03-05,,\n"
    )

    result = import_visits(content, people["police_staff"], dry_run=dry_run)

    assert errors_of(result) == [
        (3, "单位代码", "532502-sfj", "“开远市司法局”不在您的管辖范围内"),
        (5, "", "", "编号以 X 开头的走访已撤销，不能登记"),
        (6, "单位代码", "532502", "“开远市人民政府”不在您的管辖范围内"),
    ]
    assert result.written == 0


def test_parse_errors_key_clashes_and_refusals_of_different_rows_come_together(people):
    content = HEADER + (
        "1,532504-gaj,2021-02-30,,\n"  # no such date
        "1,532502-sfj,2021-03-02,,\n"  # the same 编号, and another county
        "3,532504-gaj,2021-03-03,不知道,说明超过了十个字的长度\n"
        "4,532502-sfj,2021-03-04,,\n"
    )

    result = import_visits(content, people["police_staff"])

    assert errors_of(result) == [
        (2, "日期", "2021-02-30", "日期无效：2021-02-30"),
        (3, "编号", "1", "与第2行重复"),
        (4, "类别", "不知道", "不是有效的选项，可选：" + "、".join(UnitKind.labels)),
        (4, "说明", "说明超过了十个字的长度", "不能超过 10 个字(现有 11 个)"),
        (5, "单位代码", "532502-sfj", "“开远市司法局”不在您的管辖范围内"),
    ]


class KindsImporter(Importer):
    """Keyed on a choice column: a clash quotes what the user typed, not the stored value."""

    kind, label = "test-kind-names", "测试类别名称"
    columns = [Column("类别", "unit_kind", choice(UnitKind)), Column("名称", "name", text(20))]
    key_columns = ("unit_kind", "name")

    def existing_keys(self, keys):
        return {key for key in keys if key == ("department", "司法局")}

    def write(self, rows, actor):
        return len(rows)


def test_key_clashes_quote_the_cells_as_typed(db):
    register(KindsImporter)
    try:
        content = "类别,名称\n政府工作部门,司法局\n乡镇(街道),甲镇\ntown,甲镇\n"
        result = run_import(
            KindsImporter.kind, io.BytesIO(content.encode()), "k.csv", None, Channel.IMPORT
        )
    finally:
        unregister(KindsImporter.kind)

    assert errors_of(result) == [
        (2, "类别、名称", "政府工作部门、司法局", "类别、名称“政府工作部门、司法局”已存在"),
        (4, "类别、名称", "town、甲镇", "与第3行重复"),
    ]


class LedgerImporter(Importer):
    """Refuses from its own write, as the 调解 importer does for an unknown 调解员."""

    kind, label = "test-ledger", "测试台账"
    columns = [Column("编号", "number", text(20)), Column("调解员", "mediator", text(20))]

    def write(self, rows, actor):
        for index, row in enumerate(rows):
            if row["mediator"] == "无此人":
                raise RowWriteError(index, "“无此人”不是在册调解员", "调解员")
        return len(rows)


def test_an_error_raised_by_write_quotes_its_cell(db):
    register(LedgerImporter)
    try:
        content = "编号,调解员\n1,张三\n2,无此人\n3,李四\n4,无此人\n"
        result = run_import("test-ledger", io.BytesIO(content.encode()), "l.csv", None, "import")
    finally:
        unregister("test-ledger")

    assert errors_of(result) == [
        (3, "调解员", "无此人", "“无此人”不是在册调解员"),
        (5, "调解员", "无此人", "“无此人”不是在册调解员"),
    ]


def test_a_validation_error_naming_a_field_the_file_lacks_is_reported_without_a_column(
    people, monkeypatch
):
    def refuse(actor, unit, number):
        raise ValidationError({"respondent_id": ["被申请人无效"], "__all__": ["另一个问题"]})

    monkeypatch.setattr(f"{__name__}.record_visit", refuse)
    result = import_visits(HEADER + "1,532504-gaj,2021-03-01,,\n", people["police_staff"])

    assert errors_of(result) == [
        (2, "", "", "被申请人无效"),
        (2, "", "", "另一个问题"),
    ]


@pytest.mark.urls("fazhi.urls")
def test_refused_rows_come_back_as_a_page_of_errors_not_a_server_error(client, people):
    client.force_login(people["police_staff"])
    content = HEADER + "1,532502-sfj,2021-03-01,,\n2,532502-gaj,2021-03-01,,\n"
    upload = SimpleUploadedFile("走访.csv", content.encode())

    response = client.post(
        "/imports/upload/", {"kind": VisitsImporter.kind, "file": upload}, follow=True
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "发现 2 条错误，未写入任何数据" in page
    assert "“开远市司法局”不在您的管辖范围内" in page


# --- a write that fails after earlier transactions committed ------------------------------------


class UnitsOneByOne(Importer):
    """Units without parents in the file: independent rows, written a few per transaction."""

    kind, label = "test-units-one-by-one", "测试单位(逐个)"
    columns = [Column("单位代码", "code", text(32)), Column("单位名称", "name", text(100))]
    rows_per_transaction = 2

    def write(self, rows, actor):
        parent = OrgUnit.objects.get(code="532504")

        def add(row):
            create_unit(
                actor,
                self.channel,
                code=row["code"],
                name=row["name"],
                kind=UnitKind.OTHER,
                parent=parent,
            )

        return self.write_each(rows, add)


def test_a_write_refused_after_earlier_transactions_committed_is_undone_whole(people):
    register(UnitsOneByOne)
    codes = [f"532504-n{i}" for i in range(1, 8)]
    content = "单位代码,单位名称\n" + "".join(f"{code},新单位{code[-2:]}\n" for code in codes)
    actor = people["coordinator"]

    def someone_else_takes_a_code(stage, done, total):
        """Between the passes' checks and the fifth row's write, another user adds a unit
        with the code of row 6."""
        if stage == "write" and done == 2:
            county = OrgUnit.objects.get(code="532504")
            create_unit(
                actor, Channel.WEB, code=codes[4], name="别人新增", kind="other", parent=county
            )

    try:
        result = run_import(
            UnitsOneByOne.kind,
            io.BytesIO(content.encode()),
            "units.csv",
            actor,
            Channel.IMPORT,
            progress=someone_else_takes_a_code,
        )
    finally:
        unregister(UnitsOneByOne.kind)

    assert result.written == 0
    assert errors_of(result) == [
        (6, "", "", f"写入时被拒绝：单位代码 {codes[4]} 已存在"),
        (0, "", "", "本次已写入的 4 条记录已全部撤销，未导入任何数据。"),
    ]
    remaining = set(OrgUnit.objects.filter(code__in=codes).values_list("code", flat=True))
    assert remaining == {codes[4]}  # the other user's unit stays
    undone = AuditEntry.objects.filter(action="撤销导入", channel=Channel.IMPORT)
    assert sorted(e.object_repr for e in undone) == [f"新单位n{i}" for i in range(1, 5)]
    assert {e.actor for e in undone} == {actor}
    assert not ImportBatch.objects.exists()
    assert audit.verify(anchors=[]) == []  # the chain stays whole through the undo
