"""Scope sweep: 证明事项清单 and 告知承诺办件.

Another unit of the same county, the other county (开远市), an anonymous visitor, the leader and
the office that keeps the list against every page, step, attachment, export, API creation,
import and the public list; what each refusal asserts is in fazhi.testing.scope_sweep."""

import pytest

from fazhi.powers.proofs import list_services
from fazhi.powers.proofs.imports import PledgeImporter
from fazhi.powers.proofs.models import Pledge, PledgeStatus, ProofItem, ProofStatus
from fazhi.testing import scope_sweep as scope

from . import factories as f

KAIYUAN_NAME = "开远市居住证明"  # a proof of 开远's list, under 告知承诺
KAIYUAN_KEPT = "开远市无犯罪记录证明"
APPLICANT = "弥勒市张氏小吃店"  # factories.pledge's applicant
ROW = {  # 公安局's service on its own proof, as the service platform exports it
    "受理单位代码": "532504-gaj",
    "证明事项": f.NAME,
    "承诺受理日期": "2021-03-05",
    "办理事项": "个体工商户设立登记",
    "申请人类型": "个体工商户",
    "申请人": "弥勒市李氏商贸店",
}


@pytest.fixture
def others(org):
    """弥阳街道 (same county, no part in the pledge) and 开远's coordinator."""
    return scope.other_users(org)


@pytest.fixture
def pledge(org, people):
    """A service 公安局 handled on a pledge, for 司法局's proof under 告知承诺."""
    made = f.pledge(org, people)
    scope.attach_file(made, people["police_staff"])
    return Pledge.objects.get(pk=made.pk)


@pytest.fixture
def kaiyuan_proof(org, people):
    """开远's proof under 告知承诺, listed by 开远市司法局 (its county's office)."""
    staff = people["kaiyuan_staff"]
    data = {
        "unit": org["kaiyuan_justice"],
        "name": KAIYUAN_NAME,
        "basis": "《居住证暂行条例》第九条",
        "issuer": "社区居民委员会",
        "listed_on": f.D(2020, 12, 10),
    }
    made = list_services.list_proof(staff, f.W, data)
    return list_services.adopt_pledge(staff, f.W, made, on=f.D(2021, 1, 1))


def outside(people, others):
    """自然资源局, 开远's staff and coordinator, nobody, 弥阳街道 — and 司法局's reviewer: the
    office keeps the list of proofs, not the pledges that name applicants."""
    return [
        *scope.outsiders(people, others["kaiyuan_coord"]),
        others["miyang"],
        people["reviewer"],
    ]


def test_a_pledge_is_invisible_outside_its_unit(client, org, people, pledge, others):
    for who in outside(people, others):
        scope.sweep_reads(client, pledge, who, unit=org["police"], marker=pledge.matter)
        scope.sweep_steps(client, pledge, who, visible=False, maker=people["police_staff"])


def test_the_leader_reads_pledges_but_takes_no_step(client, people, pledge):
    leader = people["leader"]
    scope.login(client, leader)
    assert client.get(f"/zhengming/{pledge.pk}/").status_code == 200
    assert client.get(f"/api/proofs/pledges/records/{pledge.pk}").status_code == 200
    scope.sweep_steps(client, pledge, leader, visible=True, maker=people["police_staff"])
    scope.sweep_viewer(client, pledge, leader)


def test_pledge_steps_are_the_receiving_units_and_the_coordinators(client, org, people, pledge):
    """公安局's staff verify their pledge; so may 司法局's coordinator, who acts for every unit of
    the city (ActsFor reads the coordinator's scope, the whole government: by design)."""
    second = f.pledge(org, people, pledge.proof, applicant_name="弥勒市王氏便利店")
    body = {"on": "2021-04-06", "way": "online", "note": "网络核验属实"}
    scope.login(client, people["police_staff"])
    answer = client.post(
        f"/api/proofs/pledges/records/{pledge.pk}/verify", body, "application/json"
    )
    assert answer.status_code == 200, answer.content
    scope.login(client, people["coordinator"])
    answer = client.post(
        f"/api/proofs/pledges/records/{second.pk}/verify", body, "application/json"
    )
    assert answer.status_code == 200, answer.content
    assert set(Pledge.objects.values_list("status", flat=True)) == {PledgeStatus.VERIFIED}


def test_bulk_verification_reaches_no_pledge_of_another_unit(client, org, people, pledge, others):
    """核查属实 is a bulk step of the list: ticking another unit's pledge (its id sent by hand)
    verifies nothing."""
    body = {"ids": [str(pledge.pk)], "verify-on": "2021-04-06", "verify-way": "online"}
    before, counted = scope.row(pledge), scope.counts()
    for who in [*outside(people, others), people["leader"]]:
        scope.login(client, who)
        answer = client.post("/zhengming/bulk/verify/", body)
        wanted = {302} if who is None or who == people["leader"] else {404}
        assert answer.status_code in wanted, (who, answer.status_code)
        assert scope.row(pledge) == before and scope.counts() == counted, who
    # the control: 公安局 verifies it with the same body
    scope.login(client, people["police_staff"])
    assert client.post("/zhengming/bulk/verify/", body).status_code == 302
    assert Pledge.objects.get(pk=pledge.pk).status == PledgeStatus.VERIFIED


def test_the_proof_is_read_by_the_county_and_changed_by_the_office_alone(
    client, org, people, pledge, others
):
    proof = pledge.proof
    readers = [
        people["land_staff"],
        others["miyang"],
        people["police_staff"],
        people["leader"],
    ]
    for who in readers:
        scope.login(client, who)
        page = client.get(f"/zhengming/qingdan/{proof.pk}/")
        assert page.status_code == 200, who
        assert client.get(f"/api/proofs/items/records/{proof.pk}").status_code == 200, who
        if who != people["leader"]:  # the proof's page names none of its pledges
            content = page.content.decode()
            assert f"/zhengming/{pledge.pk}/" not in content and APPLICANT not in content
        scope.sweep_steps(client, proof, who, visible=True, maker=people["reviewer"])
    for who in (people["land_staff"], people["leader"]):
        scope.sweep_viewer(client, proof, who)
    for who in (people["kaiyuan_staff"], others["kaiyuan_coord"], None):
        scope.sweep_reads(client, proof, who, unit=org["police"], marker=proof.name)
        scope.sweep_steps(client, proof, who, visible=False, maker=people["reviewer"])
    # the controls: 司法局 (清单管理单位) — its coordinator too — puts a kept proof under 告知承诺
    # and cancels this one, with the bodies the sweep sent
    kept = f.proof(org, people, name="身体健康证明", pledge_on=None)
    scope.login(client, people["coordinator"])
    answer = client.post(
        f"/api/proofs/items/records/{kept.pk}/adopt_pledge",
        {"on": "2021-02-01"},
        "application/json",
    )
    assert answer.status_code == 200, answer.content
    scope.login(client, people["reviewer"])
    answer = client.post(
        f"/api/proofs/items/records/{proof.pk}/cancel",
        {"on": "2021-06-30", "reason": "清理取消", "confirmed": True},
        "application/json",
    )
    assert answer.status_code == 200, answer.content
    statuses = dict(ProofItem.objects.values_list("pk", "status"))
    assert statuses == {kept.pk: ProofStatus.PLEDGE, proof.pk: ProofStatus.CANCELLED}


def test_entering_proofs_or_pledges_across_units_or_counties_is_refused(
    client, org, people, pledge, kaiyuan_proof, others
):
    proof = pledge.proof
    before = (Pledge.objects.count(), ProofItem.objects.count(), scope.row(pledge))
    counted = scope.counts()
    body = {
        "unit": "532504-gaj",
        "proof": str(proof.pk),
        "received_on": "2021-04-01",
        "matter": "越权登记的办件",
        "applicant_kind": "sole_trader",
        "applicant_name": "弥勒市赵氏理发店",
    }
    attempts = [
        (people["police_staff"], body | {"unit": "532504-zrzyj"}),  # another unit's service
        (people["police_staff"], body | {"unit": "532504001"}),
        (people["police_staff"], body | {"unit": "532502-sfj"}),  # another county's unit
        (people["police_staff"], body | {"proof": str(kaiyuan_proof.pk)}),  # 开远's proof
        (people["land_staff"], body),  # 公安局's service, by 自然资源局
        (others["miyang"], body),
        (people["reviewer"], body),  # the office keeps the list, not the units' services
        (people["leader"], body),
        (people["kaiyuan_staff"], body),  # 弥勒's proof and unit, from 开远
        (others["kaiyuan_coord"], body),
        (others["kaiyuan_coord"], body | {"proof": str(kaiyuan_proof.pk)}),  # its own, 弥勒's unit
    ]
    for who, data in attempts:
        scope.login(client, who)
        answer = client.post("/api/proofs/pledges/records", data, "application/json")
        assert answer.status_code in (403, 422), (who, data, answer.content)
    scope.login(client, None)
    answer = client.post("/api/proofs/pledges/records", body, "application/json")
    assert answer.status_code == 401
    listed = {
        "unit": "532504-gaj",
        "name": "越权列入的证明",
        "basis": "《中华人民共和国治安管理处罚法》第十条",
        "issuer": "村(居)民委员会",
        "listed_on": "2021-02-01",
    }
    attempts = [
        (people["police_staff"], listed),  # a unit lists its own proof
        (people["land_staff"], listed),
        (others["miyang"], listed),
        (people["leader"], listed),
        (people["kaiyuan_staff"], listed),  # 开远's office, into 弥勒's list
        (others["kaiyuan_coord"], listed),
        (people["reviewer"], listed | {"unit": "532502-sfj"}),  # another county's unit
        (people["reviewer"], listed | {"unit": "532504"}),  # the government itself
    ]
    for who, data in attempts:
        scope.login(client, who)
        answer = client.post("/api/proofs/items/records", data, "application/json")
        assert answer.status_code in (403, 422), (who, data, answer.content)
    scope.login(client, None)
    answer = client.post("/api/proofs/items/records", listed, "application/json")
    assert answer.status_code == 401
    assert (Pledge.objects.count(), ProofItem.objects.count(), scope.row(pledge)) == before
    assert scope.counts() == counted
    # the controls: 公安局 registers its service, 司法局 lists a proof, with the same bodies
    scope.login(client, people["police_staff"])
    answer = client.post("/api/proofs/pledges/records", body, "application/json")
    assert answer.status_code == 201, answer.content
    scope.login(client, people["reviewer"])
    answer = client.post("/api/proofs/items/records", listed, "application/json")
    assert answer.status_code == 201, answer.content


def test_imports_naming_another_unit_or_county_write_nothing(
    client, org, people, pledge, kaiyuan_proof, others
):
    before, imported, counted = Pledge.objects.count(), scope.imported_rows(), scope.counts()
    uploads = [
        (people["police_staff"], ROW | {"受理单位代码": "532504-zrzyj"}),  # another unit's
        (people["police_staff"], ROW | {"受理单位代码": "532504001"}),
        (people["police_staff"], ROW | {"受理单位代码": "532502-sfj"}),  # another county's unit
        (people["police_staff"], ROW | {"证明事项": KAIYUAN_NAME}),  # 开远's proof
        (people["land_staff"], ROW),  # 公安局's, by 自然资源局
        (others["miyang"], ROW),
        (people["reviewer"], ROW),
        (people["leader"], ROW),
        (people["kaiyuan_staff"], ROW),  # 弥勒's proof and unit, from 开远
        (others["kaiyuan_coord"], ROW),
        (others["kaiyuan_coord"], ROW | {"证明事项": KAIYUAN_NAME}),  # 开远's proof, 弥勒's unit
    ]
    for who, values in uploads:
        scope.upload_import(client, who, PledgeImporter, [values])
        assert Pledge.objects.count() == before, (who, values)
    assert scope.imported_rows() == imported
    assert scope.counts() == counted
    # the control: 公安局 imports its own row
    scope.upload_import(client, people["police_staff"], PledgeImporter, [ROW])
    assert Pledge.objects.count() == before + 1


def test_the_public_list_shows_the_portal_governments_proofs_alone(
    client, org, people, pledge, kaiyuan_proof, settings
):
    staff = people["kaiyuan_staff"]
    data = {"unit": org["kaiyuan_justice"], "basis": "《某条例》第三条", "issuer": "公安派出所"}
    data |= {"name": KAIYUAN_KEPT, "listed_on": f.D(2021, 2, 1)}
    list_services.list_proof(staff, f.W, data)
    scope.login(client, None)
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    answer = client.get("/zhengming/qingdan/gongshi/")
    assert answer.status_code == 200
    page = answer.content.decode()
    assert f.NAME in page
    assert KAIYUAN_NAME not in page and KAIYUAN_KEPT not in page and "开远" not in page
    assert APPLICANT not in page and pledge.matter not in page  # no pledge is published
    # 开远's portal shows 开远's list, not 弥勒's
    settings.FAZHI_GOVERNMENT_CODE = "532502"
    page = client.get("/zhengming/qingdan/gongshi/").content.decode()
    assert KAIYUAN_NAME in page and KAIYUAN_KEPT in page and f.NAME not in page
