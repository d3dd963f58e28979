"""The 行政应诉 import replays rows through the services; one bad row writes nothing."""

import pytest
from django.core.management.base import CommandError

from fazhi.core.models import AuditEntry
from fazhi.disputes.litigation.imports import LitigationImporter
from fazhi.disputes.litigation.models import Lawsuit, Status
from fazhi.testing.import_files import run_import_command, xlsx_for

GOOD = {
    "案号": "(2020)云2504行初1号",
    "审理法院": "弥勒市人民法院",
    "案由": "治安管理处罚",
    "原告类型": "自然人",
    "原告": "张三",
    "被告单位代码": "532504-gaj",
    "收到起诉状副本日期": "2020-05-06",
    "答辩日期": "2020-05-15",
    "开庭日期": "2020-06-10",
    "负责人出庭": "是",
    "出庭负责人": "何振东",
    "负责人职务": "副局长",
    "负责人类别": "副职负责人",
    "裁判日期": "2020-07-01",
    "裁判结果": "判决驳回诉讼请求",
    "结案日期": "2020-07-20",
}


def test_import_replays_history_through_services(org, people, tmp_path):
    path = tmp_path / "lawsuits.xlsx"
    path.write_bytes(xlsx_for(LitigationImporter, [GOOD]))
    run_import_command("litigation", path, "police")
    case = Lawsuit.objects.get(number="(2020)云2504行初1号")
    assert (case.status, case.unit, case.hearings.get().head_appeared) == (
        Status.CLOSED,
        people["police_staff"].unit,
        True,
    )
    assert (
        AuditEntry.objects.filter(channel="import", object_type="litigation.Lawsuit").count() == 5
    )


def test_import_with_one_bad_row_writes_nothing(org, people, tmp_path):
    path = tmp_path / "lawsuits.xlsx"
    # The second row breaks a service rule: a lawyer alone at the hearing (行诉解释 art. 128 ¶2).
    bad = GOOD | {
        "案号": "(2020)云2504行初2号",
        "负责人出庭": "否",
        "出庭负责人": "",
        "负责人职务": "",
        "负责人类别": "",
        "未出庭事由": "意外事件",
    }
    path.write_bytes(xlsx_for(LitigationImporter, [GOOD, bad]))
    with pytest.raises(CommandError):
        run_import_command("litigation", path, "police")
    assert Lawsuit.objects.count() == 0
    path.write_bytes(xlsx_for(LitigationImporter, [GOOD | {"收到起诉状副本日期": "2020-02-30"}]))
    with pytest.raises(CommandError):
        run_import_command("litigation", path, "police")
    assert Lawsuit.objects.count() == 0
    assert not AuditEntry.objects.filter(object_type="litigation.Lawsuit").exists()
