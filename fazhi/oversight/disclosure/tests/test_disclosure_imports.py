import pytest
from django.core.management.base import CommandError

from fazhi.core.models import AuditEntry
from fazhi.oversight.disclosure.imports import DisclosureImporter
from fazhi.oversight.disclosure.models import DisclosureRequest, Status
from fazhi.testing.import_files import run_import_command, xlsx_for

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


def test_history_replays_through_the_services(org, people, tmp_path):
    open_one = {k: v for k, v in GOOD.items() if k not in ("答复日期", "答复情形")} | {
        "申请人": "钱七"
    }
    path = tmp_path / "requests.xlsx"
    path.write_bytes(xlsx_for(DisclosureImporter, [GOOD, open_one]))
    run_import_command("disclosure", path, "coord")
    replied = DisclosureRequest.objects.get(applicant_name="赵六")
    assert replied.status == Status.REPLIED and str(replied.replied_on) == "2021-03-15"
    assert DisclosureRequest.objects.get(applicant_name="钱七").status == Status.PROCESSING
    assert AuditEntry.objects.filter(channel="import", action="答复").count() == 1


def test_a_bad_row_writes_nothing(org, people, tmp_path):
    path = tmp_path / "requests.xlsx"
    bad = GOOD | {"申请人": "孙八", "提交日期": "2021-02-30"}
    path.write_bytes(xlsx_for(DisclosureImporter, [GOOD, bad]))
    with pytest.raises(CommandError):
        run_import_command("disclosure", path, "coord")
    half = GOOD | {"答复情形": ""}  # a reply date without its situation
    path.write_bytes(xlsx_for(DisclosureImporter, [half]))
    with pytest.raises(CommandError):
        run_import_command("disclosure", path, "coord")
    assert DisclosureRequest.objects.count() == 0
