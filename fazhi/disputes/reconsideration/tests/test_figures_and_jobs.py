"""The 行政复议 figures, the roll-up to the prefecture, `fazhi tick`, the import, the API."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry, Notice
from fazhi.disputes.reconsideration import jobs, services
from fazhi.disputes.reconsideration.imports import ReconsiderationImporter
from fazhi.disputes.reconsideration.models import ApplicantType, ReconsiderationCase, Status
from fazhi.figures.registry import Period
from fazhi.figures.services import compute_all, problems
from fazhi.testing.import_files import run_import_command, xlsx_for

from .factories import accepted, received

D = dt.date


def figures(scope, year, *ids):
    return {c.figure.id: c.result for c in compute_all(scope, Period.year(year), list(ids) or None)}


def test_figures_count_records_by_their_dates(org, people):
    staff = people["reviewer"]
    services.decide(
        staff,
        Channel.WEB,
        accepted(org, staff, submitted_on=D(2020, 12, 1)),
        on=D(2021, 1, 15),
        outcome="revoked",
    )
    services.decide(
        staff,
        Channel.WEB,
        accepted(
            org, staff, submitted_on=D(2021, 3, 1), applicant_type=ApplicantType.PRIVATE_ENTERPRISE
        ),
        on=D(2021, 5, 20),
        outcome="upheld",
    )  # due 04-30: late
    accepted(org, staff, submitted_on=D(2021, 6, 1))
    services.reject(
        staff,
        Channel.WEB,
        received(org, staff, submitted_on=D(2021, 7, 1)),
        on=D(2021, 7, 2),
        reason="超过申请期限",
    )
    got = figures(org["mile"], 2021)
    assert got["rec.reviewed"].value == 3
    assert got["rec.accepted"].value == 2
    assert got["rec.rejected"].value == 1
    assert got["rec.closed"].value == 2  # one accepted in 2020, one in 2021
    assert got["rec.private_enterprise.received"].value == 1
    assert got["rec.private_enterprise.closed"].value == 1
    assert (got["rec.correction_rate"].numerator, got["rec.correction_rate"].denominator) == (1, 2)
    assert str(got["rec.on_time_rate"].value) == "50.00"
    assert {c.figure.id for c in compute_all(org["mile"], Period.year(2021))} >= set(got)
    assert problems(compute_all(org["mile"], Period.year(2021))) == []


def test_prefecture_figures_add_up_its_counties(org, people):
    received(org, people["reviewer"], submitted_on=D(2021, 3, 1))
    services.receive(
        people["kaiyuan_staff"],
        Channel.WEB,
        organ=org["kaiyuan"],
        unit=org["kaiyuan_justice"],
        app=services.Application(
            applicant_name="王五",
            applicant_type="person",
            respondent=org["kaiyuan_justice"],
            act="x",
            category="other",
            receipt_channel="in_person",
            submitted_on=D(2021, 3, 2),
        ),
    )
    for case in ReconsiderationCase.objects.all():
        services.accept(
            people["reviewer"] if case.organ == org["mile"] else people["kaiyuan_staff"],
            Channel.WEB,
            case,
            on=case.received_on,
        )
    assert figures(org["mile"], 2021, "rec.accepted")["rec.accepted"].value == 1
    assert figures(org["prefecture"], 2021, "rec.accepted")["rec.accepted"].value == 2


def test_figures_command_json(org, people):
    accepted(org, people["reviewer"], submitted_on=D(2021, 3, 1))
    out = io.StringIO()
    call_command("figures", "2021", "--unit", "532504", "--json", stdout=out)
    payload = json.loads(out.getvalue())
    by_id = {f["id"]: f for f in payload["figures"]}
    assert by_id["rec.accepted"] == by_id["rec.accepted"] | {
        "value": 1,
        "unit": "件",
        "source": "records",
    }
    assert payload["problems"] == []


def test_tick_deems_acceptance_and_reminds_once(org, people):
    staff = people["reviewer"]
    new_law = received(org, staff, submitted_on=D(2024, 9, 27))
    late = accepted(org, staff, submitted_on=D(2021, 3, 1))
    call_command("tick", stdout=io.StringIO())
    new_law.refresh_from_db()
    assert new_law.status == Status.ACCEPTED and new_law.deemed_accepted
    assert AuditEntry.objects.filter(
        object_id=str(new_law.pk), action="视为受理", channel="job"
    ).exists()
    # both are overdue now: the old case since 2021, the deemed one 60 days after 2024-10-10
    notice = Notice.objects.get(link=late.get_absolute_url())
    # written by the database (INSERT … SELECT): the same text and unit as the record gives
    late.refresh_from_db()
    assert (
        notice.text == f"{late.number}「{late.next_due_label}」已于{late.next_due_on:%Y-%m-%d}到期"
    )
    assert (notice.unit_id, notice.due_on, notice.link) == (
        late.unit_id,
        late.next_due_on,
        f"/fuyi/{late.pk}/",
    )
    call_command("tick", stdout=io.StringIO())
    assert Notice.objects.count() == 2  # a second tick claims nothing again


def test_claim_is_conditional(org, people):
    """A row claimed by another run between selection and update is not claimed again."""
    late = accepted(org, people["reviewer"], submitted_on=D(2021, 3, 1))
    ReconsiderationCase.objects.filter(pk=late.pk).update(overdue_notified_on=dt.date.today())
    assert jobs.remind_overdue(run=_run()) == 0


def _run():
    from django.utils import timezone

    from fazhi.core.models import JobRun

    return JobRun.objects.create(name="test", started_at=timezone.now())


GOOD = {
    "案号": "弥政复〔2019〕7号",
    "申请人": "赵六",
    "申请人类型": "自然人",
    "被申请人单位代码": "532504-gaj",
    "被申请复议的行政行为": "治安管理处罚决定",
    "案件类别": "治安处罚",
    "申请方式": "当面递交",
    "递交/寄出日期": "2019-05-06",
    "受理日期": "2019-05-08",
    "结案日期": "2019-06-20",
    "结案结果": "维持",
}


def test_import_replays_history_through_services(org, people, tmp_path):
    path = tmp_path / "cases.xlsx"
    path.write_bytes(
        xlsx_for(
            ReconsiderationImporter,
            [GOOD, GOOD | {"案号": "弥政复〔2019〕8号", "结案日期": "", "结案结果": ""}],
        )
    )
    run_import_command("reconsideration", path, "reviewer")
    closed = ReconsiderationCase.objects.get(number="弥政复〔2019〕7号")
    assert (closed.status, closed.accepted_on, closed.outcome) == (
        Status.DECIDED,
        D(2019, 5, 6),
        "upheld",
    )
    assert ReconsiderationCase.objects.get(number="弥政复〔2019〕8号").status == Status.ACCEPTED
    assert AuditEntry.objects.filter(channel="import", action="结案").count() == 1


def test_import_with_one_bad_row_writes_nothing(org, people, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "cases.xlsx"
    bad = GOOD | {"案号": "弥政复〔2019〕9号", "递交/寄出日期": "2019-02-30"}
    path.write_bytes(xlsx_for(ReconsiderationImporter, [GOOD, bad]))
    err = io.StringIO()
    with pytest.raises(CommandError):
        run_import_command("reconsideration", path, "reviewer", err)
    assert ReconsiderationCase.objects.count() == 0
    # closing before acceptance
    path.write_bytes(xlsx_for(ReconsiderationImporter, [GOOD | {"结案日期": "2019-05-01"}]))
    with pytest.raises(CommandError):
        run_import_command("reconsideration", path, "reviewer")
    assert ReconsiderationCase.objects.count() == 0


def test_api_uses_the_same_services_and_masks(org, people, client):
    client.force_login(people["reviewer"])
    response = client.post(
        "/api/reconsideration/records",
        content_type="application/json",
        data={
            "applicant_name": "钱七",
            "applicant_type": "person",
            "respondent": "532504-gaj",
            "act": "处罚",
            "category": "public_security",
            "receipt_channel": "in_person",
            "submitted_on": "2021-03-01",
            "applicant_phone": "13812345678",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["applicant_phone"] == "138****5678" and body["next_due_on"] == "2021-03-08"
    refused = client.post(
        f"/api/reconsideration/records/{body['id']}/decide",
        content_type="application/json",
        data={"on": "2021-03-05", "outcome": "upheld", "confirmed": True},
    )
    assert refused.status_code == 422 and "待审查" in refused.json()["detail"]
    ok = client.post(
        f"/api/reconsideration/records/{body['id']}/accept",
        content_type="application/json",
        data={"on": "2021-03-02", "procedure": "ordinary"},
    )
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"
    assert list(
        AuditEntry.objects.filter(
            object_id=str(body["id"]), object_type="reconsideration.ReconsiderationCase"
        ).values_list("channel", flat=True)
    ) == ["api", "api"]
    client.force_login(people["kaiyuan_staff"])
    hidden = client.get(f"/api/reconsideration/records/{body['id']}")
    assert hidden.status_code == 404
    assert hidden.json()["detail"] == "案件不存在或无权查看"
    assert client.get("/api/reconsideration/records").json() == {"items": [], "next": None}
    assert client.get("/api/docs").status_code == 200


def test_admin_action_goes_through_the_service(org, people, client):
    case = received(org, people["reviewer"], submitted_on=D(2024, 9, 27))
    young = received(org, people["reviewer"], submitted_on=dt.date.today() - dt.timedelta(days=1))
    boss = people["coordinator"]
    boss.is_staff = boss.is_superuser = True
    boss.save()
    client.force_login(boss)
    client.post(
        "/admin/reconsideration/reconsiderationcase/",
        {"action": "deem_accepted_action", "_selected_action": [case.pk, young.pk]},
    )
    case.refresh_from_db()
    young.refresh_from_db()
    assert case.status == Status.ACCEPTED and case.deemed_accepted
    assert young.status == Status.RECEIVED  # its review period has not ended: refused, unchanged
    entry = AuditEntry.objects.get(object_id=str(case.pk), action="视为受理")
    assert (entry.channel, entry.actor_id) == ("admin", boss.pk)


def test_tick_reports_what_it_could_not_do(org, people, time_machine):
    # Review ended 2026-11-23; 60 日 from then reaches 2027, whose holidays nobody has entered.
    time_machine.move_to(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False)
    case = received(org, people["reviewer"], submitted_on=D(2026, 11, 16))
    err = io.StringIO()
    call_command("tick", stdout=io.StringIO(), stderr=err)
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert (
        "1 件未能视为受理" in err.getvalue()
        and "2027年的国务院节假日安排尚未录入" in err.getvalue()
    )
