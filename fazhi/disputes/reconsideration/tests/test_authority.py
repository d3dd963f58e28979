"""Who may register, handle and approve 行政复议 cases (issue 6, writes): only the government's
行政复议机构 handles cases (行政复议法 2023 art. 4 ¶2); departments take part as 被申请人; an
extension is the approver's own act in their own session; a terminated case is not "corrected"
into a decision."""

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.models import ApprovalRequest, AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.disputes.reconsideration import services
from fazhi.disputes.reconsideration.models import ReconsiderationCase, Status
from fazhi.figures.registry import Period
from fazhi.figures.services import compute_all

from .factories import accepted, application, received

D = dt.date
RECEIPT = {
    "applicant_name": "李四",
    "applicant_type": "person",
    "act": "治安管理处罚决定",
    "category": "public_security",
    "receipt_channel": "in_person",
    "submitted_on": "2021-03-01",
}


def test_a_departments_staff_cannot_register_a_case(org, people, client):
    police = people["police_staff"]
    client.force_login(police)
    page = client.post(reverse("reconsideration:new"), RECEIPT | {"respondent": org["land"].pk})
    assert page.status_code == 403
    api = client.post(
        "/api/reconsideration/records",
        RECEIPT | {"respondent": "532504-zrzyj"},
        content_type="application/json",
    )
    assert api.status_code == 403 and "行政复议机构" in api.json()["detail"]
    with pytest.raises(Refusal, match="行政复议机构"):
        services.receive(
            police, Channel.WEB, organ=org["mile"], unit=org["police"], app=application(org)
        )
    assert not ReconsiderationCase.objects.exists()


def test_the_respondent_cannot_accept_or_decide_its_own_case(org, people, client):
    case = received(org, people["reviewer"])  # against 公安局
    client.force_login(people["police_staff"])
    step = client.post(
        reverse("reconsideration:step", args=[case.pk, "accept"]),
        {"accept-on": "2021-09-29", "accept-procedure": "ordinary"},
    )
    api = client.post(
        f"/api/reconsideration/records/{case.pk}/accept",
        {"on": "2021-09-29", "procedure": "ordinary"},
        content_type="application/json",
    )
    assert (step.status_code, api.status_code) == (403, 403)
    with pytest.raises(Refusal, match="行政复议机构"):
        services.accept(people["police_staff"], Channel.WEB, case, on=D(2021, 9, 29))
    assert ReconsiderationCase.objects.get(pk=case.pk).status == Status.RECEIVED


def test_a_case_cannot_name_a_respondent_of_another_county(org, people):
    with pytest.raises(Refusal, match="不在您所在政府的范围内"):
        received(org, people["reviewer"], respondent=org["kaiyuan_justice"])


def test_an_extension_asked_by_the_handler_is_approved_by_the_approver(org, people, client):
    # A 2023-law case: the approver is the 复议机构's 负责人 (art. 62 ¶1), 司法局's coordinator.
    case = accepted(org, people["reviewer"], submitted_on=D(2024, 3, 1))
    client.force_login(people["reviewer"])
    # The old form let the handler name an approver: the id is ignored, the step becomes a request.
    response = client.post(
        reverse("reconsideration:step", args=[case.pk, "extend"]),
        {
            "extend-on": "2024-04-01",
            "extend-days": "20",
            "extend-reason": "案情复杂",
            "extend-approver": people["coordinator"].pk,
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.extension_days == 0
    request = ApprovalRequest.objects.get()
    assert (request.status, request.requested_by) == ("pending", people["reviewer"])
    # The handler cannot approve their own request; another county's approver cannot see it.
    assert client.post(reverse("core:approval", args=[request.pk]), {"decision": "approve"})
    assert ApprovalRequest.objects.get().status == "pending"
    client.force_login(people["kaiyuan_staff"])
    assert client.get(reverse("core:approval", args=[request.pk])).status_code == 404
    # The approver decides in their own session.
    client.force_login(people["coordinator"])
    assert "延长审理期限" in client.get(reverse("core:approvals")).content.decode()
    client.post(reverse("core:approval", args=[request.pk]), {"decision": "approve"})
    case.refresh_from_db()
    assert case.extension_days == 20 and case.decision_due_on == D(2024, 5, 20)
    rows = AuditEntry.objects.filter(object_id=str(case.pk)).order_by("id")
    assert [(e.action, e.actor_id) for e in rows][-3:] == [
        ("申请审批：延长审理期限", people["reviewer"].pk),
        ("延长审理期限", people["coordinator"].pk),
        ("批准：延长审理期限", people["coordinator"].pk),
    ]


def test_a_terminated_case_is_not_corrected_into_a_decision(org, people, client):
    case = accepted(org, people["reviewer"], submitted_on=D(2021, 3, 1))
    services.decide(people["reviewer"], Channel.WEB, case, on=D(2021, 4, 1), outcome="terminated")
    client.force_login(people["overrider"])
    assert "更正结案信息" not in client.get(case.get_absolute_url()).content.decode()
    response = client.post(
        reverse("reconsideration:step", args=[case.pk, "correct"]),
        {"correct-on": "2021-04-02", "correct-outcome": "revoked", "correct-note": "改为撤销"},
    )
    assert response.status_code == 422 and "已终止" in response.content.decode()
    case.refresh_from_db()
    assert (case.status, case.outcome) == (Status.TERMINATED, "terminated")
    (rate,) = compute_all(org["mile"], Period.year(2021), ["rec.correction_rate"])
    assert rate.result.numerator == 0


def _ask_extension(client, case):
    return client.post(
        reverse("reconsideration:step", args=[case.pk, "extend"]),
        {"extend-on": "2024-04-01", "extend-days": "20", "extend-reason": "案情复杂"},
    )


def test_the_approvals_page_reads_the_records_once_however_many_wait(
    org, people, client, django_assert_max_num_queries
):
    """The approver's list loads the records of the waiting requests in one query per procedure,
    not one per request (the review found the page reading each record apart)."""
    client.force_login(people["reviewer"])
    _ask_extension(client, accepted(org, people["reviewer"], submitted_on=D(2024, 3, 1)))
    client.force_login(people["coordinator"])
    with django_assert_max_num_queries(50) as one:
        client.get(reverse("core:approvals"))
    one_waiting = len(one.captured_queries)  # read now: the next request resets Django's log
    client.force_login(people["reviewer"])
    for _ in range(4):
        _ask_extension(client, accepted(org, people["reviewer"], submitted_on=D(2024, 3, 1)))
    client.force_login(people["coordinator"])
    with django_assert_max_num_queries(one_waiting):
        page = client.get(reverse("core:approvals")).content.decode()
    for request in ApprovalRequest.objects.all():
        assert reverse("core:approval", args=[request.pk]) in page
    assert ApprovalRequest.objects.count() == 5
