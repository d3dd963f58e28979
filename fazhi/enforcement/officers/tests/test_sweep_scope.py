"""Scope sweep: 执法队伍、执法人员、执法证、考试、培训 (公众核验).

Another unit of the same county, the other county (开远市), an anonymous visitor and the public
portal against every page, step, approval, attachment, 文书, export, import and public page; what
each refusal asserts is in fazhi.testing.scope_sweep."""

import pytest

from fazhi.core.audit import Channel
from fazhi.enforcement.officers.imports import AttendanceImporter, OfficerImporter
from fazhi.enforcement.officers.models import (
    Certificate,
    ExamBatch,
    Officer,
    Team,
    Training,
    TrainingAttendance,
)
from fazhi.testing import scope_sweep as scope

from . import factories as f

W = Channel.WEB
PHONE = "13987654321"


@pytest.fixture
def kaiyuan_coord(org):
    return scope.kaiyuan_coordinator(org)


@pytest.fixture
def police(org, people):
    """公安局's team, an officer of it (ID number and phone) and the officer's 执法证."""
    staff = people["police_staff"]
    team = f.team(staff)
    officer = f.officer(staff, name="赵执法", team=team)
    certificate = f.certificate(people["coordinator"], officer, field="public_security")
    scope.attach_file(officer, staff)
    return team, Officer.objects.get(pk=officer.pk), certificate


def test_police_records_are_invisible_outside_the_unit(client, org, people, police, kaiyuan_coord):
    _, _, certificate = police
    for who in scope.outsiders(people, kaiyuan_coord):
        for record in police:
            scope.sweep_reads(client, record, who, unit=org["police"], boards=False)
            scope.sweep_steps(client, record, who, visible=False, maker=people["coordinator"])
        scope.sweep_boards(client, who, police)
        scope.login(client, who)
        card = client.get(f"/zhifa/zhengjian/{certificate.pk}/card/")
        assert card.status_code == (302 if who is None else 404), who
    for record in police:
        scope.sweep_steps(
            client, record, people["leader"], visible=True, maker=people["coordinator"]
        )
        scope.sweep_viewer(client, record, people["leader"])


def test_only_the_officers_own_unit_keeps_the_officer(client, org, people, police):
    """调离 and 退休, and the ID number and phone unmasked, are the officer's own unit's: not the
    coordinator's, who sees every unit's officers."""
    _, officer, _ = police
    scope.sweep_steps(
        client, officer, people["coordinator"], visible=True, maker=people["police_staff"]
    )
    for who in (people["coordinator"], people["leader"]):
        scope.login(client, who)
        page = client.get(f"/zhifa/renyuan/{officer.pk}/").content.decode()
        api = client.get(f"/api/enforcement/officers/records/{officer.pk}").content.decode()
        for shown in (page, api):
            assert officer.id_number not in shown and PHONE not in shown, who
        counted = scope.counts()
        assert client.post(f"/zhifa/renyuan/{officer.pk}/reveal/").status_code == 403, who
        assert scope.counts() == counted


def test_certificates_are_the_coordinators(client, org, people, police):
    _, officer, certificate = police
    # 公安局 sees its officers' cards; 发证, 换证, 暂扣 … are the coordinator's
    scope.sweep_steps(
        client, certificate, people["police_staff"], visible=True, maker=people["coordinator"]
    )
    before = (Certificate.objects.count(), scope.counts())
    scope.login(client, people["police_staff"])
    answer = client.post(
        "/api/enforcement/certificates/records",
        {
            "officer": str(officer.pk),
            "number": "532504999999",
            "field": "market",
            "issuer": "弥勒市人民政府",
            "issued_on": "2025-01-02",
            "valid_until": "2030-01-01",
        },
        "application/json",
    )
    assert answer.status_code in (403, 422), answer.content
    assert (Certificate.objects.count(), scope.counts()) == before


def test_the_public_check_shows_no_personal_data(client, org, people, police):
    _, officer, certificate = police
    client.logout()
    page = client.get(f"/zhifa/zhengjian/yanzheng/{certificate.token}/").content.decode()
    assert certificate.number in page  # the control
    for secret in (officer.id_number, PHONE, officer.name):
        assert secret not in page, secret


def test_exams_and_trainings_are_the_organisers(client, org, people, kaiyuan_coord):
    exam = f.exam(people["coordinator"])  # 司法局 organised it
    training = f.training(people["coordinator"])
    for who in [*scope.outsiders(people, kaiyuan_coord), people["police_staff"]]:
        for record in (exam, training):
            scope.sweep_reads(client, record, who, boards=False)
            scope.sweep_steps(client, record, who, visible=False, maker=people["coordinator"])
        scope.sweep_boards(client, who, (exam, training))
    for record in (exam, training):
        scope.sweep_steps(
            client, record, people["leader"], visible=True, maker=people["coordinator"]
        )


def test_registering_for_another_unit_or_county_is_refused(
    client, org, people, police, kaiyuan_coord
):
    _, officer, _ = police
    before = tuple(m.objects.count() for m in (Team, Officer, Certificate, ExamBatch, Training))
    counted = scope.counts()
    bodies = {
        "/api/enforcement/teams/records": {
            "unit": "532504-gaj",
            "name": "借名大队",
            "established_on": "2025-01-02",
            "fields_covered": ["market"],
            "staff_count": 3,
        },
        "/api/enforcement/officers/records": {
            "unit": "532504-gaj",
            "name": "借名",
            "id_number": "532526198001010036",
            "registered_on": "2025-01-02",
        },
        "/api/enforcement/certificates/records": {
            "officer": str(officer.pk),
            "number": "532504888888",
            "field": "market",
            "issuer": "x",
            "issued_on": "2025-01-02",
            "valid_until": "2030-01-01",
        },
        "/api/enforcement/exams/records": {
            "unit": "532504-gaj",
            "held_on": "2025-06-01",
            "venue": "x",
            "kind": "new",
            "results": "张三,80",
        },
        "/api/enforcement/trainings/records": {
            "unit": "532504-gaj",
            "held_on": "2025-06-01",
            "topic": "x",
            "hours": "4",
            "headcount": 10,
        },
    }
    for who in (people["land_staff"], people["kaiyuan_staff"], kaiyuan_coord):
        scope.login(client, who)
        for url, body in bodies.items():
            answer = client.post(url, body, "application/json")
            assert answer.status_code in (403, 422), (who, url, answer.content)
    after = tuple(m.objects.count() for m in (Team, Officer, Certificate, ExamBatch, Training))
    assert after == before and scope.counts() == counted


def test_imports_naming_another_unit_or_county_write_nothing(client, org, people, kaiyuan_coord):
    officer_row = {
        "执法部门代码": "532504-gaj",
        "姓名": "导入执法员",
        "身份证号": "532526198001010036",
        "登记日期": "2021-03-01",
        "证号": "53250421000077",
        "执法领域": "市场监管",
        "发证机关": "弥勒市人民政府",
        "发证日期": "2021-03-01",
        "有效期至": "2029-02-28",
    }
    attendance_row = {
        "组织单位代码": "532504-gaj",
        "培训日期": "2025-07-02",
        "培训内容": "导入的培训",
        "学时": "8",
        "所在单位代码": "532504-gaj",
        "姓名": "张三",
        "参训身份": "执法人员",
    }
    before = (
        Officer.objects.count(),
        Certificate.objects.count(),
        Training.objects.count(),
        TrainingAttendance.objects.count(),
    )
    imported = scope.imported_rows()
    scope.upload_import(client, kaiyuan_coord, OfficerImporter, [officer_row])
    scope.upload_import(
        client, people["police_staff"], OfficerImporter, [officer_row]
    )  # no coordinator
    scope.upload_import(client, people["land_staff"], AttendanceImporter, [attendance_row])
    scope.upload_import(client, kaiyuan_coord, AttendanceImporter, [attendance_row])
    scope.upload_import(
        client,
        kaiyuan_coord,
        AttendanceImporter,
        [attendance_row | {"组织单位代码": "532502-sfj"}],  # its own training, 弥勒's attendee
    )
    after = (
        Officer.objects.count(),
        Certificate.objects.count(),
        Training.objects.count(),
        TrainingAttendance.objects.count(),
    )
    assert after == before and scope.imported_rows() == imported
    scope.upload_import(
        client, people["coordinator"], OfficerImporter, [officer_row]
    )  # the control
    assert Certificate.objects.count() == before[1] + 1
