"""The 调解 pages, import and API: permissions across units, the web write path, query budgets."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.disputes.mediation import services
from fazhi.disputes.mediation.imports import MediationImporter
from fazhi.disputes.mediation.models import BodyKind, MediationCase, Status
from fazhi.testing.import_files import run_import_command, xlsx_for

from .factories import GOOD_ROW as GOOD
from .factories import body, received, succeeded

D = dt.date


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def test_other_units_and_counties_get_404(org, people, login):
    case = received(body(org))  # the traffic police's room, unit 公安局
    for who in ("kaiyuan_staff", "land_staff"):
        client = login(people[who])
        assert client.get(case.get_absolute_url()).status_code == 404
        assert case.number not in client.get(reverse("mediation:list")).content.decode()
        response = client.post(
            reverse("mediation:step", args=[case.pk, "refuse"]), {"refuse-on": "2021-09-03"}
        )
        assert response.status_code == 404
    assert MediationCase.objects.get(pk=case.pk).status == Status.RECEIVED
    # The government's coordinator sees it; the leader reads it only.
    assert login(people["coordinator"]).get(case.get_absolute_url()).status_code == 200
    page = login(people["leader"]).get(case.get_absolute_url()).content.decode()
    assert "本案件对您只读" in page and "138****5678" in page and "13812345678" not in page
    response = login(people["leader"]).post(
        reverse("mediation:step", args=[case.pk, "refuse"]), {"refuse-on": "2021-09-03"}
    )
    assert response.status_code == 403


def test_web_path_receive_mediate_agree_confirm_leaves_web_audit_rows(org, people, login):
    room = body(org)
    client = login(people["police_staff"])
    response = client.post(
        reverse("mediation:new"),
        {
            "body": room.code,
            "dispute_type": "traffic",
            "parties": "王五、赵六",
            "party_phone": "13912345678",
            "origin": "transferred",
            "received_on": "2021-09-03",
        },
    )
    case = MediationCase.objects.get()
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    page = client.get(case.get_absolute_url()).content.decode()
    assert "139****5678" in page and "13912345678" not in page and "2021-10-08" in page
    mediator = room.mediators.get()
    steps = [
        ("start", {"start-on": "2021-09-06", "start-mediator": mediator.pk}),
        (
            "succeed",
            {
                "succeed-on": "2021-09-09",
                "succeed-form": "written",
                "succeed-summary": "赔偿",
                "succeed-confirmed": "on",
            },
        ),
        ("confirmation", {"confirmation-on": "2021-10-09", "confirmation-court": "弥勒市人民法院"}),
        (
            "confirmation_result",
            {"confirmation_result-on": "2021-10-15", "confirmation_result-result": "valid"},
        ),
    ]
    for action, data in steps:
        response = client.post(reverse("mediation:step", args=[case.pk, action]), data)
        assert response.status_code == 302, (action, response.content.decode()[-2000:])
    case.refresh_from_db()
    assert (case.status, case.confirmation_result) == (Status.SUCCEEDED, "valid")
    rows = list(
        AuditEntry.objects.filter(object_type=case._meta.label, object_id=str(case.pk)).values_list(
            "action", "channel"
        )
    )
    assert [c for _, c in rows] == ["web"] * 5
    # Revealing the phone number is itself an audit row.
    page = client.post(reverse("mediation:reveal", args=[case.pk])).content.decode()
    assert "13912345678" in page
    assert AuditEntry.objects.filter(action="查看完整个人信息", object_id=str(case.pk)).exists()


def test_a_refused_step_shows_the_reason_and_changes_nothing(org, people, login):
    case = succeeded(body(org), received_on=D(2021, 9, 1), on=D(2021, 9, 5))
    client = login(people["police_staff"])
    response = client.post(
        reverse("mediation:step", args=[case.pk, "confirmation"]),
        {"confirmation-on": "2021-10-09", "confirmation-court": "弥勒市人民法院"},
    )
    assert response.status_code == 422 and "三十日内(2021-10-08前)" in response.content.decode()
    assert MediationCase.objects.get(pk=case.pk).confirmation_applied_on is None


def _make_cases(org, people, n):
    room = MediationCase.objects.first().body if MediationCase.objects.exists() else body(org)
    services.record_concluded_cases(
        people["coordinator"],
        Channel.CLI,
        [
            services.ConcludedCase(
                body=room,
                intake=services.Intake("traffic", f"甲{i}、乙{i}", "application", D(2021, 3, 1)),
                outcome=Status.FAILED,
                closed_on=D(2021, 3, 2),
                mediator=room.mediators.first(),
            )
            for i in range(n)
        ],
    )
    other = body(org, "land", BodyKind.AGENCY, code=f"land-{n}", name=f"自然资源局{n}")
    received(other, received_on=D(2021, 3, 2))


def test_list_page_runs_a_constant_number_of_queries(
    org, people, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(people["coordinator"])
    _make_cases(org, people, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("mediation:list")).status_code == 200
    _make_cases(org, people, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("mediation:list")).content.decode()
    assert page.count("甲") >= 33 and "自然资源局30" in page


def test_export_runs_a_constant_number_of_queries_and_masks_phones(
    org, people, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from openpyxl import load_workbook

    client = login(people["coordinator"])
    _make_cases(org, people, 2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("mediation:export"))
    _make_cases(org, people, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("mediation:export"))
    rows = list(load_workbook(io.BytesIO(response.getvalue())).active.values)
    phones = [dict(zip(rows[0], row, strict=True))["联系电话"] for row in rows[1:]]
    assert len(rows) == 1 + 22 + 2  # the header, the ledgers' cases, one open case per call
    assert "138****5678" in phones and set(phones) <= {"138****5678", None, ""}


def test_import_goes_through_the_services(org, people, tmp_path):
    body(org)
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(
        xlsx_for(
            MediationImporter,
            [GOOD, GOOD | {"调解结果": "调解不成功", "协议形式": "", "申请司法确认日期": ""}],
        )
    )
    run_import_command("mediation", path, "police")
    assert sorted(MediationCase.objects.values_list("status", flat=True)) == ["failed", "succeeded"]
    assert AuditEntry.objects.filter(channel="import", action="登记已办结调解案件").count() == 2


def test_import_with_a_bad_row_writes_nothing(org, people, tmp_path):
    from django.core.management.base import CommandError

    body(org)
    path = tmp_path / "ledger.xlsx"
    for bad in (
        GOOD | {"申请司法确认日期": "2021-04-20"},  # past the 30 days of art. 33
        GOOD | {"调解员": "无此人"},
        GOOD | {"受理日期": "2021-02-30"},
    ):
        path.write_bytes(xlsx_for(MediationImporter, [GOOD, bad]))
        with pytest.raises(CommandError):
            run_import_command("mediation", path, "police")
        assert MediationCase.objects.count() == 0


def test_api_uses_the_same_services_and_masks(org, people, client):
    room = body(org)
    client.force_login(people["police_staff"])
    response = client.post(
        "/api/mediation/records",
        content_type="application/json",
        data={
            "body": room.code,
            "dispute_type": "traffic",
            "parties": "钱七、孙八",
            "origin": "application",
            "received_on": "2021-09-03",
            "party_phone": "13812345678",
        },
    )
    assert response.status_code == 201, response.content
    body_ = response.json()
    assert body_["party_phone"] == "138****5678" and body_["mediation_due_on"] == "2021-10-08"
    refused = client.post(
        f"/api/mediation/records/{body_['id']}/fail",
        content_type="application/json",
        data={"on": "2021-09-05", "confirmed": True},
    )
    assert refused.status_code == 422 and "调解中" in refused.json()["detail"]
    ok = client.post(
        f"/api/mediation/records/{body_['id']}/start",
        content_type="application/json",
        data={"on": "2021-09-04", "mediator": str(room.mediators.get().pk)},
    )
    assert ok.status_code == 200 and ok.json()["status"] == "mediating"
    assert list(
        AuditEntry.objects.filter(
            object_id=str(body_["id"]), object_type="mediation.MediationCase"
        ).values_list("channel", flat=True)
    ) == ["api", "api"]
    client.force_login(people["kaiyuan_staff"])
    assert client.get(f"/api/mediation/records/{body_['id']}").status_code == 404


def test_workbench_shows_the_mediation_due_date(org, people, login):
    case = received(body(org))
    page = login(people["police_staff"]).get(reverse("core:workbench")).content.decode()
    assert case.number in page and "调解期限" in page
    assert (
        case.number
        not in login(people["kaiyuan_staff"]).get(reverse("core:workbench")).content.decode()
    )
