"""Who registers, 交办, merges, extends and rates 建议提案 (issue 6, writes).

The government's 建议提案交办机构 (a unit duty; 弥勒市司法局 in these tests) registers, 交办 —
also many at once from the list —, merges and records the 代表's or 委员's rating; the 主办 unit
answers and may only ask for an extension, which the 交办机关's approver decides in their own
session. On the code before the transition table each of these tests failed: a 主办 unit merged
another unit's proposal into its own, extended its own proposal by naming an approver, and
recorded the rating of its own answer; any staff registered proposals; there was no bulk 交办.
"""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.core.models import ApprovalRequest, AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.oversight.proposals import services
from fazhi.oversight.proposals.forms import mergeable
from fazhi.oversight.proposals.models import Proposal, Status
from fazhi.oversight.proposals.steps import OFFICE

from .factories import answered, assigned, received

D = dt.date
RECEIPT = {
    "source": "npc",
    "year": "2021",
    "number": "21",
    "title": "关于改善中小学办学条件的建议",
    "proposers": "普华",
    "received_on": "2021-01-19",
}


def snapshot(p):
    p = Proposal.objects.get(pk=p.pk)
    return (p.status, p.unit_id, p.merged_into_id, p.extended, p.satisfaction, p.due_on)


def test_only_the_registering_office_registers_and_assigns(org, people, client):
    police = people["police_staff"]
    client.force_login(police)
    assert client.post(reverse("proposals:new"), RECEIPT).status_code == 403
    api = client.post("/api/proposals/records", RECEIPT, content_type="application/json")
    assert api.status_code == 403 and "交办机构" in api.json()["detail"]
    with pytest.raises(Refusal, match="交办机构"):
        received(org, police, office=org["police"])
    assert not Proposal.objects.exists()
    # A unit that no longer holds the duty no longer assigns what it registered.
    p = received(org, people["reviewer"])
    duties.revoke(None, Channel.CLI, org["justice"], OFFICE)
    with pytest.raises(Refusal, match="交办机构"):
        services.assign(people["reviewer"], Channel.WEB, p, on=D(2021, 3, 2), unit=org["land"])
    assert snapshot(p)[:2] == (Status.RECEIVED, None)


def test_a_lead_unit_cannot_merge_another_units_proposal_into_its_own(org, people, client):
    office = people["reviewer"]
    lead = assigned(org, office, unit=org["police"])
    lands = assigned(org, office, unit=org["land"], title="自然资源局主办的建议")
    before = snapshot(lands)
    client.force_login(people["police_staff"])
    page = client.get(lead.get_absolute_url()).content.decode()
    assert reverse("proposals:step", args=[lead.pk, "merge"]) not in page
    assert "自然资源局主办的建议" not in page  # the old form listed it
    step = client.post(
        reverse("proposals:step", args=[lead.pk, "merge"]),
        {"merge-on": "2021-03-05", "merge-members": [lands.pk]},
    )
    api = client.post(
        f"/api/proposals/records/{lead.pk}/merge",
        {"on": "2021-03-05", "members": [str(lands.pk)]},
        content_type="application/json",
    )
    assert (step.status_code, api.status_code) == (403, 403)
    with pytest.raises(Refusal, match="交办机构"):
        services.merge(people["police_staff"], Channel.WEB, lead, on=D(2021, 3, 5), members=[lands])
    assert snapshot(lands) == before


def test_the_office_merges_only_proposals_it_may_see(org, people):
    office = people["reviewer"]
    lead = assigned(org, office, unit=org["police"])
    mine = received(org, office, title="本单位登记的建议")
    # Another office of the same city (say, for 政协提案) registers its own; and 开远's office.
    duties.assign(None, Channel.CLI, org["land"], OFFICE)
    theirs = received(org, people["land_staff"], office=org["land"], title="他单位登记的提案")
    duties.assign(None, Channel.CLI, org["kaiyuan_justice"], OFFICE)
    kaiyuan = received(
        org, people["kaiyuan_staff"], government=org["kaiyuan"], office=org["kaiyuan_justice"]
    )
    assert list(mergeable(lead, office)) == [mine]
    before = snapshot(theirs), snapshot(kaiyuan)
    for other in (theirs, kaiyuan):
        with pytest.raises(Refusal, match="无权查看"):
            services.merge(office, Channel.WEB, lead, on=D(2021, 3, 5), members=[mine, other])
    assert (snapshot(theirs), snapshot(kaiyuan)) == before
    assert snapshot(mine)[:3] == (Status.RECEIVED, None, None)  # all or nothing
    services.merge(office, Channel.WEB, lead, on=D(2021, 3, 5), members=[mine])
    assert snapshot(mine)[:3] == (Status.ASSIGNED, org["police"].pk, lead.pk)


def test_an_extension_asked_by_the_lead_unit_is_approved_by_the_office(org, people, client):
    p = assigned(org, people["reviewer"], on=D(2021, 4, 9))
    client.force_login(people["police_staff"])
    # The old form let the unit name an approver: the id is ignored, the step becomes a request.
    response = client.post(
        reverse("proposals:step", args=[p.pk, "extend"]),
        {
            "extend-on": "2021-05-06",
            "extend-reason": "涉及面广",
            "extend-approver": people["coordinator"].pk,
        },
    )
    assert response.status_code == 302
    assert snapshot(p)[3] is False
    request = ApprovalRequest.objects.get()
    assert (request.status, request.requested_by) == ("pending", people["police_staff"])
    # Neither the unit itself nor the office's staff without the authority approves it.
    for who in ("police_staff", "reviewer"):
        client.force_login(people[who])
        client.post(reverse("core:approval", args=[request.pk]), {"decision": "approve"})
        assert ApprovalRequest.objects.get().status == "pending"
    client.force_login(people["coordinator"])  # the 交办机关's approver, in their own session
    assert "延期答复" in client.get(reverse("core:approvals")).content.decode()
    client.post(reverse("core:approval", args=[request.pk]), {"decision": "approve"})
    p.refresh_from_db()
    assert (p.extended, p.due_on, p.extension_approver) == (True, D(2021, 10, 9), "李统筹")
    rows = AuditEntry.objects.filter(object_type=p._meta.label, object_id=str(p.pk))
    assert [(e.action, e.actor_id) for e in rows.order_by("id")][-3:] == [
        ("申请审批：延期答复", people["police_staff"].pk),
        ("延期答复", people["coordinator"].pk),
        ("批准：延期答复", people["coordinator"].pk),
    ]


def test_the_rating_is_recorded_by_the_office_never_by_the_answering_unit(org, people, client):
    p = answered(org, people)  # 主办 公安局 answered
    client.force_login(people["police_staff"])
    assert (
        reverse("proposals:step", args=[p.pk, "rate"])
        not in client.get(p.get_absolute_url()).content.decode()
    )
    step = client.post(
        reverse("proposals:step", args=[p.pk, "rate"]),
        {"rate-on": "2021-04-08", "rate-satisfaction": "satisfied"},
    )
    api = client.post(
        f"/api/proposals/records/{p.pk}/rate",
        {"on": "2021-04-08", "satisfaction": "satisfied"},
        content_type="application/json",
    )
    assert (step.status_code, api.status_code) == (403, 403)
    with pytest.raises(Refusal, match="交办机构"):
        services.rate(
            people["police_staff"], Channel.WEB, p, on=D(2021, 4, 8), satisfaction="satisfied"
        )
    assert snapshot(p)[0] == Status.ANSWERED and snapshot(p)[4] == ""
    client.force_login(people["reviewer"])
    client.post(
        reverse("proposals:step", args=[p.pk, "rate"]),
        {"rate-on": "2021-04-08", "rate-satisfaction": "satisfied"},
    )
    assert snapshot(p)[0] == Status.CLOSED and snapshot(p)[4] == "satisfied"


def _bulk_assign(client, ids, unit):
    return client.post(
        reverse("proposals:bulk", args=["assign"]),
        {
            "ids": ids,
            "assign-on": "2021-03-02",
            "assign-unit": unit.pk,
            "assign-co_units": [],
        },
        follow=True,
    )


def test_bulk_assignment_from_the_list_is_all_or_nothing(org, people, client):
    office = people["reviewer"]
    waiting = [received(org, office, number=str(n)) for n in (31, 32, 33)]
    done = assigned(org, office, number="34", unit=org["police"])
    client.force_login(office)
    page = client.get(reverse("proposals:list")).content.decode()
    bulk = reverse("proposals:bulk", args=["assign"])
    assert bulk in page and 'name="assign-unit"' in page and 'name="ids"' in page
    # One ticked proposal was assigned already: nothing is assigned, and the refusal is named.
    response = _bulk_assign(client, [p.pk for p in [*waiting, done]], org["land"])
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "均未办理" in text and "第34号" in text and "已交办" in text
    assert [snapshot(p)[:2] for p in waiting] == [(Status.RECEIVED, None)] * 3
    assert snapshot(done)[1] == org["police"].pk
    # All three, each through the service: its due date and its own audit row.
    response = _bulk_assign(client, [p.pk for p in waiting], org["land"])
    assert "已交办 3 件" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    for p in waiting:
        p.refresh_from_db()
        assert (p.status, p.unit, p.due_on) == (Status.ASSIGNED, org["land"], D(2021, 6, 2))
    rows = AuditEntry.objects.filter(action="交办", channel="web")
    assert rows.filter(object_id__in=[str(p.pk) for p in waiting]).count() == 3


def test_bulk_assignment_is_neither_offered_nor_accepted_outside_the_office(org, people, client):
    waiting = [received(org, people["reviewer"]) for _ in range(2)]
    lead = assigned(org, people["reviewer"], unit=org["police"])
    bulk = reverse("proposals:bulk", args=["assign"])
    client.force_login(people["police_staff"])
    page = client.get(reverse("proposals:list")).content.decode()
    assert lead.title in page and bulk not in page
    # What a unit cannot see answers 404, as a whole.
    assert _bulk_assign(client, [p.pk for p in waiting], org["police"]).status_code == 404
    # The city's leader sees them all, but is not the 交办机构: not offered, and each refused.
    client.force_login(people["leader"])
    page = client.get(reverse("proposals:list")).content.decode()
    assert waiting[0].title in page and bulk not in page
    response = _bulk_assign(client, [p.pk for p in waiting], org["police"])
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert text.count("交办机构") == 2
    assert [snapshot(p)[0] for p in waiting] == [Status.RECEIVED] * 2
