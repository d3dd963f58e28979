import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from fazhi.core.models import AuditEntry
from fazhi.oversight.disclosure.imports import DisclosureImporter
from fazhi.oversight.disclosure.models import DisclosureRequest, Status

GOOD = {
    "受理机关单位代码": "532504-sfj",
    "申请人类型": "自然人",
    "申请人": "赵六",
    "联系电话": "13812345678",
    "所需信息描述": "2021年行政复议案件统计",
    "申请方式": "当面提交",
    "提交日期": "2021-03-01",
    "答复日期": "2021-03-15",
    "答复情形": "予以提供，或告知获取的方式、途径和时间(第三十六条第二项)",
}


def _sheet(tmp_path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append([c.header for c in DisclosureImporter.columns])
    for row in rows:
        sheet.append([row.get(c.header, "") for c in DisclosureImporter.columns])
    path = tmp_path / "requests.xlsx"
    book.save(path)
    return path


def _import(path):
    call_command(
        "import",
        "disclosure",
        str(path),
        "--user",
        "coord",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


def test_history_replays_through_the_services(org, people, tmp_path):
    open_one = {k: v for k, v in GOOD.items() if k not in ("答复日期", "答复情形")} | {
        "申请人": "钱七"
    }
    _import(_sheet(tmp_path, [GOOD, open_one]))
    replied = DisclosureRequest.objects.get(applicant_name="赵六")
    assert replied.status == Status.REPLIED and str(replied.replied_on) == "2021-03-15"
    assert DisclosureRequest.objects.get(applicant_name="钱七").status == Status.PROCESSING
    assert AuditEntry.objects.filter(channel="import", action="答复").count() == 1


def test_a_bad_row_writes_nothing(org, people, tmp_path):
    bad = GOOD | {"申请人": "孙八", "提交日期": "2021-02-30"}
    with pytest.raises(CommandError):
        _import(_sheet(tmp_path, [GOOD, bad]))
    half = GOOD | {"答复情形": ""}  # a reply date without its situation
    with pytest.raises(CommandError):
        _import(_sheet(tmp_path, [half]))
    assert DisclosureRequest.objects.count() == 0
