"""XLSX templates carry the valid codes on a sheet to pick from (issue 6, imports): the units the
downloading user may see (code + name), users (username + name), and the choices."""

import io

import openpyxl
import pytest

from fazhi.core.imports import (
    Column,
    Importer,
    boolean,
    choice,
    lookup,
    register,
    text,
    unit_by_code,
    unregister,
)
from fazhi.core.models import UnitKind, User


class VisitsImporter(Importer):
    kind, label = "test-visits", "测试走访"
    columns = [
        Column("事项", "subject", text(50)),
        Column("单位代码", "unit", unit_by_code),
        Column("经办人用户名", "handler", lookup(User, "username", "用户"), required=False),
        Column("单位类别", "unit_kind", choice(UnitKind), required=False),
        Column("公开", "public", boolean, required=False),
    ]

    def write(self, rows, actor):
        return len(rows)


@pytest.fixture(autouse=True)
def visits():
    register(VisitsImporter)
    yield
    unregister(VisitsImporter.kind)


def download(client, user):
    client.force_login(user)
    response = client.get(f"/imports/{VisitsImporter.kind}/template.xlsx")
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def listed(sheet, header: str) -> dict[str, str]:
    """The value → name pairs under `header` on the 选项 sheet."""
    [cell] = [c for c in sheet[1] if c.value == header]
    names = sheet.cell(row=1, column=cell.column + 1).value == "名称"
    pairs = {}
    for row in range(2, sheet.max_row + 1):
        value = sheet.cell(row=row, column=cell.column).value
        if value is not None:
            pairs[value] = sheet.cell(row=row, column=cell.column + 1).value if names else ""
    return pairs


@pytest.mark.urls("fazhi.urls")
def test_the_template_lists_the_units_and_users_the_user_may_see(client, people, org):
    workbook = download(client, people["police_staff"])
    options = workbook["选项"]

    assert options.sheet_state == "visible"
    units = listed(options, "单位代码")
    assert units["532504-gaj"] == "弥勒市公安局"
    assert units["532504"] == "弥勒市人民政府"
    assert "532502-sfj" not in units and "532502" not in units  # 开远: another government
    users = listed(options, "经办人用户名")
    assert users["police"] == "赵法制" and users["coord"] == "李统筹"
    assert "kaiyuan" not in users


@pytest.mark.urls("fazhi.urls")
def test_choices_are_listed_by_the_same_mechanism(client, people, org):
    options = download(client, people["coordinator"])["选项"]

    assert list(listed(options, "单位类别")) == list(UnitKind.labels)
    assert list(listed(options, "公开")) == ["是", "否"]


@pytest.mark.urls("fazhi.urls")
def test_drop_down_lists_read_their_codes_from_the_options_sheet(client, people, org):
    workbook = download(client, people["coordinator"])
    data, options = workbook["测试走访"], workbook["选项"]
    units = listed(options, "单位代码")

    validations = {str(v.sqref).split(":")[0]: v for v in data.data_validations.dataValidation}
    unit_list = validations["B2"].formula1
    assert unit_list.startswith("'选项'!$A$2:$A$")
    assert unit_list.endswith(f"${len(units) + 1}")
    described = {row[0].value: row for row in workbook["说明"].iter_rows(min_row=5)}
    assert f"您可查看的 {len(units)} 个" in described["单位代码"][4].value


@pytest.mark.urls("fazhi.urls")
def test_a_code_picked_from_the_template_imports(client, people, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    workbook = download(client, people["police_staff"])
    workbook["测试走访"].append(["走访企业", "532504-gaj", "police", "政府工作部门", "是"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    upload = SimpleUploadedFile("走访.xlsx", buffer.getvalue())
    page = client.post(
        "/imports/upload/", {"kind": VisitsImporter.kind, "file": upload}, follow=True
    )

    assert "导入成功：共 1 行，已写入 1 行" in page.content.decode()
