"""Review: "NaN" as a 学时 in an attendance list or as a score in the exam form is refused as not
a number: Decimal("NaN") parses, and comparing it raised InvalidOperation — a server error on the
exam page and an import that failed instead of reporting its cell."""

import io

import pytest
from django.urls import reverse

from fazhi.core.imports import run_import
from fazhi.enforcement.officers.imports import AttendanceImporter, Hours
from fazhi.enforcement.officers.models import ExamBatch, Training
from fazhi.testing.import_files import xlsx_for


@pytest.fixture
def staff(client, people):
    client.raise_request_exception = False
    client.force_login(people["police_staff"])
    return client


def test_an_exam_score_of_nan_is_refused_not_a_server_error(org, staff):
    body = {
        "unit": org["police"].pk,
        "held_on": "2024-01-02",
        "venue": "弥勒市司法局",
        "kind": "new",
        "results": "张三,NaN",
    }
    response = staff.post(reverse("officers_exams:new"), body)
    assert response.status_code == 200
    assert "不是数字" in response.content.decode()
    assert not ExamBatch.objects.exists()


@pytest.mark.parametrize("raw", ["NaN", "sNaN", "-nan"])
def test_hours_of_nan_are_a_cell_error(raw):
    with pytest.raises(ValueError, match="学时"):
        Hours()(raw)


def test_an_attendance_list_with_hours_nan_reports_the_cell_and_writes_nothing(org, people):
    row = {
        "组织单位代码": "532504-gaj",
        "培训日期": "2024-01-02",
        "培训内容": "行政处罚法",
        "学时": "NaN",
        "所在单位代码": "532504-gaj",
        "姓名": "张三",
        "参训身份": "执法人员",
    }
    result = run_import(
        "enforcement_training_attendance",
        io.BytesIO(xlsx_for(AttendanceImporter, [row])),
        "签到.xlsx",
        people["police_staff"],
        "import",
    )
    assert [(e.column, e.reason) for e in result.errors] == [("学时", "应为学时数")]
    assert not Training.objects.exists()
