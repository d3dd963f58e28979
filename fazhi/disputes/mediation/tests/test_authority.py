"""Who may register and handle 调解 cases (issue 6, writes): the staff who act for the unit of the
调解组织, for one case as for a ledger of thousands — the same table, the same checks."""

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core import audit
from fazhi.core.audit import Channel
from fazhi.core.authority import ActsFor, Check
from fazhi.core.imports import run_import
from fazhi.core.models import AuditEntry
from fazhi.core.steps import Steps, remembered_reads
from fazhi.core.workflow import Refusal
from fazhi.disputes.mediation import services
from fazhi.disputes.mediation.imports import MediationImporter
from fazhi.disputes.mediation.models import BodyKind, MediationCase, Status
from fazhi.disputes.mediation.steps import STEPS
from fazhi.testing.import_files import xlsx_for

from .factories import body, intake, received
from .test_mediation_pages import GOOD

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
    path.write_bytes(xlsx_for(MediationImporter, rows))
    result = run_import("mediation", path, path.name, people["police_staff"], Channel.IMPORT)
    assert not result.ok and not MediationCase.objects.exists()
    assert "只有调解组织所属单位的工作人员" in result.errors[0].reason
    assert result.errors[0].row == 3  # the first other unit's row (row 1 is the header)


def _cases(*rooms, each=5):
    return [MediationCase(body=room, unit=room.unit) for room in rooms for _ in range(each)]


def _counting_creator(monkeypatch) -> list:
    """Every question put to the creator rule (ActsFor) from now on."""
    asked, allows = [], ActsFor.allows

    def counting(self, user, obj):
        asked.append(obj.unit_id)
        return allows(self, user, obj)

    monkeypatch.setattr(ActsFor, "allows", counting)
    return asked


def test_a_batch_asks_the_creator_rule_once_for_an_actor_and_a_unit(org, people, monkeypatch):
    own, other = body(org), body(org, "land", BodyKind.AGENCY, code="land-xztj", name="自然资源局")
    asked = _counting_creator(monkeypatch)
    with remembered_reads():
        for case in _cases(own, other):
            if case.body == own:
                STEPS.check_creation(people["police_staff"], case)
            else:  # the refusal is remembered too, and never lets another unit's record through
                with pytest.raises(Refusal, match="只有调解组织所属单位的工作人员"):
                    STEPS.check_creation(people["police_staff"], case)
        assert asked == [own.unit_id, other.unit_id]
        STEPS.check_creation(people["police_staff"], _cases(own, each=1)[0])
        with pytest.raises(Refusal):  # another actor: asked again, and refused
            STEPS.check_creation(people["land_staff"], _cases(own, each=1)[0])
        assert len(asked) == 3
    for case in _cases(own, each=2):  # outside a batch every record is asked
        STEPS.check_creation(people["police_staff"], case)
    assert len(asked) == 5


def test_a_rule_that_may_read_more_of_the_record_is_asked_for_every_record(
    org, people, monkeypatch
):
    room = body(org)
    first, second, third = _cases(room, each=3)
    seen = []

    def all_but_the_second(user, case):
        seen.append(case)
        return case is not second

    creator = STEPS.creator
    monkeypatch.setattr(STEPS, "creator", creator & Check(all_but_the_second))
    assert not STEPS.creator.reads_units_only
    with remembered_reads():  # same actor, same unit: a remembered answer would let it through
        STEPS.check_creation(people["police_staff"], first)
        with pytest.raises(Refusal):
            STEPS.check_creation(people["police_staff"], second)
        STEPS.check_creation(people["police_staff"], third)
    assert seen == [first, second, third]
    monkeypatch.setattr(STEPS, "creator", creator & Check(lambda u, o: True))
    asked = _counting_creator(monkeypatch)
    with remembered_reads():
        for case in _cases(room, each=3):
            STEPS.check_creation(people["police_staff"], case)
    assert len(asked) == 3


def test_an_import_reports_every_row_of_another_units_body_between_its_own(org, people, tmp_path):
    body(org)
    body(org, "land", BodyKind.AGENCY, code="land-xztj", name="自然资源局行政调解")
    other = GOOD | {"调解组织代码": "land-xztj"}
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(xlsx_for(MediationImporter, [GOOD, other, GOOD, other, GOOD]))
    result = run_import("mediation", path, path.name, people["police_staff"], Channel.IMPORT)
    assert [e.row for e in result.errors] == [3, 5]
    assert all("只有调解组织所属单位的工作人员" in e.reason for e in result.errors)
    assert not MediationCase.objects.exists()
