"""信箱 figures, the demo's seed values, `fazhi tick` reminders, the import and the API."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry, Notice
from fazhi.figures.registry import Period
from fazhi.figures.services import compute_all, problems
from fazhi.oversight.letters import services
from fazhi.oversight.letters.imports import LetterImporter
from fazhi.oversight.letters.models import Letter, LetterStatus
from fazhi.testing.import_files import run_import_command, xlsx_for

from .factories import assigned, closed, received

D = dt.date


def figures(scope, year, *ids):
    return {c.figure.id: c.result for c in compute_all(scope, Period.year(year), list(ids) or None)}


def test_received_and_closed_rate_count_records_by_their_dates(org, people):
    staff = people["coordinator"]
    closed(org, staff, reference="A1", received_on=D(2021, 3, 1))
    closed(org, staff, reference="A2", received_on=D(2021, 12, 20), close_on=D(2022, 1, 5))
    assigned(org, staff, reference="A3", received_on=D(2020, 12, 30))
    got = figures(org["mile"], 2021, "sup.letters.received", "sup.letters.closed_rate")
    assert got["sup.letters.received"].value == 2
    rate = got["sup.letters.closed_rate"]
    assert (rate.numerator, rate.denominator, str(rate.value)) == (1, 2, "50.00")
    mine = ["sup.letters.received", "sup.letters.closed_rate"]
    assert problems(compute_all(org["mile"], Period.year(2021), mine)) == []


def test_prefecture_adds_up_counties(org, people):
    received(org, people["coordinator"], reference="M1")
    services.receive(
        people["kaiyuan_staff"],
        Channel.WEB,
        organ=org["kaiyuan"],
        registrar=org["kaiyuan_justice"],
        letter=services.Incoming("K1", D(2021, 3, 2), "王五", "建议", "suggestion"),
    )
    ids = ("sup.letters.received",)
    assert figures(org["mile"], 2021, *ids)["sup.letters.received"].value == 1
    assert figures(org["prefecture"], 2021, *ids)["sup.letters.received"].value == 2


def test_tick_reminds_overdue_once_and_again_after_reassignment(org, people):
    staff = people["coordinator"]
    letter = assigned(org, staff, received_on=D(2021, 3, 1))
    call_command("tick", stdout=io.StringIO())
    assert Notice.objects.filter(link=letter.get_absolute_url()).count() == 1
    assert Notice.objects.get(link=letter.get_absolute_url()).unit_id == org["police"].pk
    call_command("tick", stdout=io.StringIO())
    assert Notice.objects.filter(link=letter.get_absolute_url()).count() == 1
    services.reassign(
        staff, Channel.WEB, letter, unit=org["land"], on=D(2021, 4, 1), reason="非本单位职责"
    )
    call_command("tick", stdout=io.StringIO())
    assert Notice.objects.filter(link=letter.get_absolute_url()).count() == 2


GOOD = {
    "信件编号": "HH2019-1",
    "收到日期": "2019-05-06",
    "来信人": "赵六",
    "联系电话": "13812345678",
    "信件标题": "路灯维修",
    "信件类别": "建议",
    "承办单位代码": "532504-gaj",
    "交办日期": "2019-05-07",
    "答复日期": "2019-05-10",
    "答复摘要": "已修复",
    "办结日期": "2019-05-13",
}


def test_import_replays_through_services(org, people, tmp_path):
    path = tmp_path / "letters.xlsx"
    path.write_bytes(
        xlsx_for(
            LetterImporter,
            [GOOD, GOOD | {"信件编号": "HH2019-2", "答复日期": "", "答复摘要": "", "办结日期": ""}],
        )
    )
    run_import_command("letters", path, "coord")
    assert Letter.objects.get(reference="HH2019-1").status == LetterStatus.CLOSED
    assert Letter.objects.get(reference="HH2019-2").status == LetterStatus.ASSIGNED
    assert AuditEntry.objects.filter(channel="import", action="办结").count() == 1


def test_import_with_one_bad_row_writes_nothing(org, people, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "letters.xlsx"
    path.write_bytes(
        xlsx_for(LetterImporter, [GOOD, GOOD | {"信件编号": "HH2019-3", "收到日期": "2019-02-30"}])
    )
    with pytest.raises(CommandError):
        run_import_command("letters", path, "coord")
    # reply before assignment
    path.write_bytes(xlsx_for(LetterImporter, [GOOD | {"答复日期": "2019-05-01"}]))
    with pytest.raises(CommandError):
        run_import_command("letters", path, "coord")
    assert Letter.objects.count() == 0
    assert not AuditEntry.objects.filter(object_type="letters.Letter").exists()


def test_api_uses_services_and_masks(org, people, client):
    client.force_login(people["coordinator"])
    response = client.post(
        "/api/letters/records",
        content_type="application/json",
        data={
            "reference": "API-1",
            "received_on": "2021-03-01",
            "writer_name": "钱七七",
            "writer_phone": "13812345678",
            "subject": "咨询",
            "category": "consultation",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["writer_phone"] == "138****5678" and body["writer_name"] == "钱**"
    refused = client.post(
        f"/api/letters/records/{body['id']}/close",
        content_type="application/json",
        data={"on": "2021-03-05", "confirmed": True},
    )
    assert refused.status_code == 422 and "已收到" in refused.json()["detail"]
    ok = client.post(
        f"/api/letters/records/{body['id']}/assign",
        content_type="application/json",
        data={"on": "2021-03-02", "unit": "532504-gaj"},
    )
    assert ok.status_code == 200, ok.content
    assert (ok.json()["reply_due_on"], ok.json()["unit"]) == ("2021-03-16", "532504-gaj")
    listed = client.get("/api/letters/records", {"status": "open"}).json()
    assert [item["reference"] for item in listed["items"]] == ["API-1"]
    assert listed["next"] is None
    client.force_login(people["kaiyuan_staff"])
    assert client.get(f"/api/letters/records/{body['id']}").status_code == 404
