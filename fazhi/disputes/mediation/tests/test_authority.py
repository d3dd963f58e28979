"""Who may register and handle 调解 cases (issue 6, writes): the staff who act for the unit of the
调解组织, for one case as for a ledger of thousands — the same table, the same checks."""

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core import audit
from fazhi.core.audit import Channel
from fazhi.core.imports import run_import
from fazhi.core.models import AuditEntry
from fazhi.core.steps import Steps
from fazhi.core.workflow import Refusal
from fazhi.disputes.mediation import services
from fazhi.disputes.mediation.models import BodyKind, MediationCase, Status

from .factories import body, intake, received
from .test_mediation_pages import GOOD, _sheet

D = dt.date


def test_a_case_is_received_only_for_a_body_of_a_unit_one_acts_for(org, people, client):
    room = body(org)  # 公安局's 交通事故调解室
    for who in ("land_staff", "kaiyuan_staff", "leader"):
        with pytest.raises(Refusal, match="只有调解组织所属单位的工作人员"):
            services.receive(people[who], Channel.WEB, body=room, intake=intake())
    client.force_login(people["land_staff"])
    api = client.post(
        "/api/mediation/records",
        {
            "body": room.code,
            "dispute_type": "traffic",
            "parties": "甲、乙",
            "origin": "application",
            "received_on": "2021-09-03",
        },
        content_type="application/json",
    )
    assert api.status_code == 422 and "调解组织" in api.json()["detail"]
    client.force_login(people["leader"])
    assert client.get(reverse("mediation:new")).status_code == 403
    assert not MediationCase.objects.exists()
    client.force_login(people["police_staff"])
    form = client.get(reverse("mediation:new")).context["form"]
    assert list(form.fields["body"].queryset) == [room]


def test_another_units_staff_take_no_step(org, people, client):
    case = received(body(org), people["police_staff"])
    mediator = case.body.mediators.get()
    with pytest.raises(Refusal, match="只有调解组织所属单位的工作人员"):
        services.start(people["land_staff"], Channel.WEB, case, on=D(2021, 9, 3), mediator=mediator)
    client.force_login(people["leader"])  # sees the case, takes no step
    response = client.post(
        f"/api/mediation/records/{case.pk}/start",
        {"on": "2021-09-03", "mediator": str(mediator.pk)},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert MediationCase.objects.get(pk=case.pk).status == Status.RECEIVED


def _rows(room, n=3):
    return [
        services.ConcludedCase(
            body=room,
            intake=intake(parties=f"甲{i}、乙{i}"),
            outcome=Status.FAILED,
            closed_on=D(2021, 9, 6),
            mediator=room.mediators.get(),
        )
        for i in range(n)
    ]


def test_a_ledger_is_recorded_with_the_checks_of_one_case(org, people):
    room = body(org)
    for who in ("leader", "kaiyuan_staff", "land_staff"):
        with pytest.raises(services.RowRefusal, match="只有调解组织所属单位的工作人员") as info:
            services.record_concluded_cases(people[who], Channel.IMPORT, _rows(room))
        assert info.value.index == 0
    assert not MediationCase.objects.exists()


def test_a_ledger_is_saved_by_the_kernels_create_many_with_one_audit_append(
    org, people, monkeypatch
):
    room = body(org)
    batches, appends = [], []
    create_many, record_many = Steps.create_many, audit.record_many

    def counting_create_many(self, actor, channel, objs, *, action):
        batches.append(len(objs))
        return create_many(self, actor, channel, objs, action=action)

    def counting_record_many(actor, channel, changes):
        appends.append(len(changes))
        return record_many(actor, channel, changes)

    monkeypatch.setattr(Steps, "create_many", counting_create_many)
    monkeypatch.setattr(audit, "record_many", counting_record_many)
    count = services.record_concluded_cases(people["police_staff"], Channel.IMPORT, _rows(room, 5))
    assert (count, batches, appends) == (5, [5], [5])
    rows = AuditEntry.objects.filter(action="登记已办结调解案件", actor=people["police_staff"])
    assert rows.count() == 5 and {r.after["on"] for r in rows} == {"2021-09-06"}


def test_the_import_refuses_rows_of_another_units_or_countys_body(org, people, tmp_path):
    body(org)  # 公安局's room, the importer's own
    body(org, "land", BodyKind.AGENCY, code="land-xztj", name="自然资源局行政调解")
    body(org, "kaiyuan_justice", BodyKind.TOWN, code="ky-tw", name="开远调解委员会")
    path = tmp_path / "ledger.xlsx"
    rows = [GOOD, GOOD | {"调解组织代码": "land-xztj"}, GOOD | {"调解组织代码": "ky-tw"}]
    path.write_bytes(_sheet(rows))
    result = run_import("mediation", path, path.name, people["police_staff"], Channel.IMPORT)
    assert not result.ok and not MediationCase.objects.exists()
    assert "只有调解组织所属单位的工作人员" in result.errors[0].reason
    assert result.errors[0].row == 3  # the first other unit's row (row 1 is the header)
