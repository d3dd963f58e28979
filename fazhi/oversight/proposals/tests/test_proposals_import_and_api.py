"""The 建议提案 import (replayed through the services, all or nothing) and the API."""

import datetime as dt
import io

import pytest
from django.core.management.base import CommandError

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.oversight.proposals.imports import ProposalImporter
from fazhi.oversight.proposals.models import Proposal, Status
from fazhi.oversight.proposals.steps import OFFICE
from fazhi.testing.import_files import run_import_command, xlsx_for

D = dt.date
GOOD = {
    "类别": "人大代表建议",
    "年度": "2021",
    "编号": "1",
    "标题": "关于加快农村公路提质改造的建议",
    "提出人": "李明",
    "收到日期": "2021-01-19",
    "主办单位代码": "532504-gaj",
    "协办单位代码": "532504-zrzyj、532504001",
    "交办日期": "2021-03-02",
    "答复日期": "2021-04-20",
    "答复类别": "A类(已解决或采纳)",
    "满意度": "满意",
    "反馈日期": "2021-04-28",
}
# The imports run as the office's coordinator ("coord") unless a test says otherwise: he also acts
# for the 主办 units whose answers the ledger records (the answer is the 主办 unit's step).


def test_import_replays_through_services(org, people, tmp_path):
    path = tmp_path / "p.xlsx"
    waiting = {"编号": "2", "答复日期": "", "答复类别": "", "满意度": "", "反馈日期": ""}
    path.write_bytes(xlsx_for(ProposalImporter, [GOOD, GOOD | waiting]))
    run_import_command("proposals", path, "coord")
    closed = Proposal.objects.get(number="1")
    assert (closed.status, closed.unit, closed.due_on, closed.closed_on) == (
        Status.CLOSED,
        org["police"],
        D(2021, 6, 2),
        D(2021, 4, 28),
    )
    assert {u.code for u in closed.co_units.all()} == {"532504-zrzyj", "532504001"}
    assert Proposal.objects.get(number="2").status == Status.ASSIGNED
    assert AuditEntry.objects.filter(channel="import", action="交办").count() == 2


def test_import_with_one_bad_row_writes_nothing(org, people, tmp_path):
    path = tmp_path / "p.xlsx"
    bad = GOOD | {"编号": "3", "协办单位代码": "532504-nowhere"}
    path.write_bytes(xlsx_for(ProposalImporter, [GOOD, bad]))
    with pytest.raises(CommandError):
        run_import_command("proposals", path, "coord")
    assert Proposal.objects.count() == 0
    # answered before 交办
    path.write_bytes(xlsx_for(ProposalImporter, [GOOD | {"答复日期": "2021-02-01"}]))
    with pytest.raises(CommandError):
        run_import_command("proposals", path, "coord")
    assert (
        Proposal.objects.count() == 0 and not AuditEntry.objects.filter(channel="import").exists()
    )


@pytest.mark.parametrize(
    ("user", "row", "reason"),
    [
        # a 主办 unit of another county
        ("coord", {"主办单位代码": "532502-sfj", "协办单位代码": ""}, "不是弥勒市人民政府的部门"),
        # a 协办 unit of another county
        ("coord", {"协办单位代码": "532502-sfj"}, "不是弥勒市人民政府的部门"),
        # the office's reviewer does not answer for 公安局
        ("reviewer", {}, "只有本件主办单位的工作人员可以办理"),
        # a department's staff is not the 交办机构
        ("police", {"答复日期": "", "答复类别": "", "满意度": "", "反馈日期": ""}, "交办机构"),
    ],
)
def test_import_rows_outside_the_importers_authority_are_refused(
    org, people, tmp_path, user, row, reason
):
    path, errors = tmp_path / "p.xlsx", io.StringIO()
    path.write_bytes(xlsx_for(ProposalImporter, [GOOD | row]))
    with pytest.raises(CommandError):
        run_import_command("proposals", path, user, errors)
    assert reason in errors.getvalue() and not Proposal.objects.exists()


def test_the_same_number_in_another_county_is_another_proposal(org, people, tmp_path):
    path = tmp_path / "p.xlsx"
    path.write_bytes(xlsx_for(ProposalImporter, [GOOD]))
    run_import_command("proposals", path, "coord")
    duties.assign(None, Channel.CLI, org["kaiyuan_justice"], OFFICE)
    unassigned = {"主办单位代码": "", "协办单位代码": "", "交办日期": "", "答复日期": ""}
    path.write_bytes(
        xlsx_for(
            ProposalImporter, [GOOD | unassigned | {"答复类别": "", "满意度": "", "反馈日期": ""}]
        )
    )
    run_import_command("proposals", path, "kaiyuan")
    assert sorted(Proposal.objects.values_list("government__code", "number")) == [
        ("532502", "1"),
        ("532504", "1"),
    ]


def test_api_uses_the_same_services(org, people, client):
    client.force_login(people["reviewer"])
    response = client.post(
        "/api/proposals/records",
        content_type="application/json",
        data={
            "source": "cppcc",
            "year": 2021,
            "number": "8",
            "title": "关于完善城乡医疗服务网络的提案",
            "proposers": "施华",
            "received_on": "2021-01-18",
        },
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    refused = client.post(
        f"/api/proposals/records/{pk}/rate",
        content_type="application/json",
        data={"on": "2021-04-01", "satisfaction": "satisfied"},
    )
    assert refused.status_code == 422 and "已收到" in refused.json()["detail"]
    ok = client.post(
        f"/api/proposals/records/{pk}/assign",
        content_type="application/json",
        data={"on": "2021-07-01", "unit": "532504-zrzyj", "co_units": ["532504001"]},
    )
    assert ok.status_code == 200, ok.content
    body = ok.json()
    assert (body["status"], body["due_on"], body["unit"], body["office"]) == (
        "assigned",
        "2021-10-08",
        "532504-zrzyj",
        "532504-sfj",
    )
    assert list(Proposal.objects.get(pk=pk).co_units.values_list("code", flat=True)) == [
        "532504001"
    ]
    channels = AuditEntry.objects.filter(object_id=str(pk), object_type="proposals.Proposal")
    assert list(channels.values_list("channel", flat=True)) == ["api", "api"]
    listed = client.get("/api/proposals/records").json()
    assert [p["id"] for p in listed["items"]] == [pk] and listed["next"] is None
    client.force_login(people["kaiyuan_staff"])
    assert client.get(f"/api/proposals/records/{pk}").status_code == 404
    assert client.get("/api/proposals/records").json()["items"] == []
