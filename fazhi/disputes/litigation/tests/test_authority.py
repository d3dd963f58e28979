"""Who may register and handle 行政应诉 cases (issue 6, writes): a department's 法制员 keeps its own
unit's lawsuits, the government's coordinator every lawsuit of the government (the 司法局 handles
those against the government itself); no page, API call or import row puts a lawsuit into another
unit's ledger or names a unit of another county."""

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.imports import run_import
from fazhi.core.workflow import Refusal
from fazhi.disputes.litigation import services
from fazhi.disputes.litigation.imports import LitigationImporter
from fazhi.disputes.litigation.models import Instance, Lawsuit, Status
from fazhi.testing.import_files import xlsx_for

from .factories import decided, lawsuit
from .test_litigation_imports import GOOD

D = dt.date
FORM = {
    "number": "(2021)云2504行初8号",
    "court": "弥勒市人民法院",
    "instance": "first",
    "cause": "土地行政处罚",
    "plaintiff_type": "person",
    "plaintiff_name": "李四",
    "copy_received_on": "2021-09-16",
}


def test_a_departments_staff_cannot_register_a_lawsuit_of_another_unit(org, people, client):
    police = people["police_staff"]
    with pytest.raises(Refusal, match="只能登记本单位为被告"):
        lawsuit(org, police, defendant=org["land"])
    client.force_login(police)
    page = client.post(reverse("litigation:new"), FORM | {"defendant": org["land"].pk})
    assert page.status_code == 200 and "选择一个有效的选项" in page.content.decode()
    api = client.post(
        "/api/litigation/records",
        FORM | {"defendant": "532504-zrzyj"},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert not Lawsuit.objects.exists()
    # The registration form offers the units the user may register for, and no other.
    form = client.get(reverse("litigation:new")).context["form"]
    assert list(form.fields["defendant"].queryset) == [org["police"]]


def test_suits_against_the_government_are_registered_by_its_coordinator(org, people):
    for who in ("police_staff", "reviewer"):  # neither acts for the government itself
        with pytest.raises(Refusal, match="由统筹协调人员登记"):
            services.register(
                people[who], Channel.WEB, _data(defendant=org["mile"], number=f"{who}1")
            )
    case = services.register(people["coordinator"], Channel.WEB, _data(defendant=org["mile"]))
    assert (case.defendant, case.unit) == (org["mile"], org["justice"])
    # The coordinator registers a department's lawsuit into that department's ledger.
    case = services.register(
        people["coordinator"], Channel.WEB, _data(defendant=org["land"], number="x2")
    )
    assert case.unit == org["land"]


def test_a_lawsuit_never_names_a_unit_of_another_county(org, people):
    with pytest.raises(Refusal):
        lawsuit(org, people["coordinator"], defendant=org["kaiyuan_justice"])
    with pytest.raises(Refusal, match="承办单位不在您的职责范围内"):
        lawsuit(org, people["police_staff"], unit=org["kaiyuan_justice"])
    assert not Lawsuit.objects.exists()


def test_a_departments_import_cannot_write_into_another_county_or_unit(org, people, tmp_path):
    path = tmp_path / "lawsuits.xlsx"
    rows = [
        GOOD,
        GOOD | {"案号": "(2020)云2502行初1号", "被告单位代码": "532502-sfj"},  # 开远
        GOOD | {"案号": "(2020)云2504行初2号", "被告单位代码": "532504-zrzyj"},
    ]
    path.write_bytes(xlsx_for(LitigationImporter, rows))
    result = run_import("litigation", path, path.name, people["police_staff"], Channel.IMPORT)
    assert not result.ok and not Lawsuit.objects.exists()
    reasons = {error.row: error.reason for error in result.errors}
    assert 3 in reasons and "只能登记本单位为被告" in reasons[3]


def test_the_coordinators_import_may_name_any_unit_of_the_government(org, people, tmp_path):
    path = tmp_path / "lawsuits.xlsx"
    path.write_bytes(xlsx_for(LitigationImporter, [GOOD | {"被告单位代码": "532504-zrzyj"}]))
    result = run_import("litigation", path, path.name, people["coordinator"], Channel.IMPORT)
    assert result.ok
    assert Lawsuit.objects.get().unit == org["land"]


def test_a_second_instance_is_registered_by_the_first_instances_number(org, people, client):
    staff = people["police_staff"]
    first = decided(org, staff, result="revoked")
    services.appeal(staff, Channel.WEB, first, on=D(2021, 11, 15), by="defendant")
    second = {
        "number": "(2021)云25行终3号",
        "court": "红河哈尼族彝族自治州中级人民法院",
        "instance": "second",
        "cause": first.cause,
        "plaintiff_type": first.plaintiff_type,
        "plaintiff_name": first.plaintiff_name,
        "copy_received_on": "2021-12-01",
    }
    # Another unit's staff cannot find the number among their own unit's lawsuits.
    client.force_login(people["land_staff"])
    other = client.post(
        "/api/litigation/records",
        second | {"defendant": "532504-zrzyj", "previous_number": first.number},
        content_type="application/json",
    )
    assert other.status_code == 422 and "未在本平台登记" in other.json()["detail"]
    client.force_login(staff)
    response = client.post(
        "/api/litigation/records",
        second | {"defendant": "532504-gaj", "previous_number": first.number},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    case = Lawsuit.objects.get(pk=response.json()["id"])
    assert (case.instance, case.previous_id) == (Instance.SECOND, first.pk)
    page = client.get(first.get_absolute_url()).content.decode()
    assert case.get_absolute_url() in page  # the first instance links to its 二审


def test_only_the_handling_units_staff_take_steps(org, people, client):
    case = lawsuit(org, people["police_staff"])
    client.force_login(people["leader"])  # sees the lawsuit, takes no step
    assert client.get(case.get_absolute_url()).status_code == 200
    response = client.post(
        f"/api/litigation/records/{case.pk}/answer",
        {"on": "2021-09-20"},
        content_type="application/json",
    )
    assert response.status_code == 403 and "承办单位" in response.json()["detail"]
    with pytest.raises(Refusal, match="承办单位"):
        services.answer(people["land_staff"], Channel.WEB, case, on=D(2021, 9, 20))
    assert Lawsuit.objects.get(pk=case.pk).status == Status.RECEIVED


def _data(**overrides) -> dict:
    data = {
        "number": "(2021)云25行初1号",
        "court": "红河哈尼族彝族自治州中级人民法院",
        "instance": Instance.FIRST,
        "cause": "房屋征收决定",
        "plaintiff_type": "person",
        "plaintiff_name": "王五",
        "plaintiff_id_number": "",
        "copy_received_on": D(2021, 9, 16),
        "previous_number": "",
    }
    return data | overrides
