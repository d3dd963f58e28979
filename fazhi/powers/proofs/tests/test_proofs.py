"""证明事项 and 告知承诺办件 through their services, pages, import and figures: a proof is listed
only on a legal basis and by the office; a service is handled on a pledge only for a proof under
告知承诺 on that day, by the receiving unit; 核查 属实 or 不实 with the measure; the figures count
by the day of 承诺受理; every refusal in Chinese with nothing written."""

import datetime as dt
import io

import pytest
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.figures import registry
from fazhi.figures.registry import Period
from fazhi.powers.proofs import list_services, services
from fazhi.powers.proofs.imports import PledgeImporter
from fazhi.powers.proofs.models import FalseMeasure, Pledge, PledgeStatus, ProofItem, ProofStatus
from fazhi.testing.import_files import run_import_command, xlsx_for

from .factories import NAME, D, W, pledge, proof


def value(fid, scope, year=2021):
    return registry.get(fid).compute(scope, Period.year(year)).value


def test_only_the_office_lists_a_proof_and_only_on_a_legal_basis(org, people):
    data = {"unit": org["police"], "name": "证明", "issuer": "村委会", "listed_on": D(2021, 1, 4)}
    with pytest.raises(Refusal, match="清单管理单位"):
        list_services.list_proof(people["police_staff"], W, data | {"basis": "《某法》第一条"})
    with pytest.raises(Refusal, match="设定依据"):
        list_services.list_proof(people["reviewer"], W, data | {"basis": "  "})
    assert not ProofItem.objects.exists()


def test_a_service_is_handled_on_a_pledge_and_verified_by_its_unit(org, people):
    made = pledge(org, people)
    assert (made.status, made.government) == (PledgeStatus.ACCEPTED, org["mile"])
    assert AuditEntry.objects.filter(action="告知承诺受理", object_id=str(made.pk)).exists()
    made = services.verify(people["police_staff"], W, made, on=D(2021, 4, 6), way="online")
    assert (made.status, made.verified_on) == (PledgeStatus.VERIFIED, D(2021, 4, 6))


def test_no_pledge_for_a_proof_kept_or_before_the_pledge_began(org, people):
    kept = proof(org, people, name="身体健康证明", pledge_on=None)
    with pytest.raises(Refusal, match="未实行告知承诺"):
        pledge(org, people, kept)
    later = proof(org, people, pledge_on=D(2021, 6, 1))
    with pytest.raises(Refusal, match="未实行告知承诺"):
        pledge(org, people, later, on=D(2021, 5, 31))
    assert not Pledge.objects.exists()


def test_another_unit_may_not_register_or_verify_a_units_pledge(org, people):
    with pytest.raises(Refusal, match="受理本件的单位"):
        pledge(org, people, actor=people["land_staff"])
    made = pledge(org, people)
    with pytest.raises(Refusal, match="受理本件的单位"):
        services.verify(people["land_staff"], W, made, on=D(2021, 4, 6), way="online")
    made.refresh_from_db()
    assert made.status == PledgeStatus.ACCEPTED


def test_a_false_pledge_needs_its_finding_and_measure(org, people):
    made = pledge(org, people)
    staff = people["police_staff"]
    with pytest.raises(Refusal, match="不实情况"):
        services.find_false(
            staff, W, made, on=D(2021, 4, 6), way="on_site", measure="stop", note=""
        )
    made = services.find_false(
        staff, W, made, on=D(2021, 4, 6), way="on_site", measure="revoke", note="住所与实际不符"
    )
    assert (made.status, made.false_measure) == (PledgeStatus.FALSE, FalseMeasure.REVOKE)
    with pytest.raises(Refusal):  # 核查 once
        services.verify(staff, W, made, on=D(2021, 4, 7), way="online")


def test_a_cancelled_proof_takes_no_more_pledges(org, people):
    p = proof(org, people)
    list_services.cancel(people["reviewer"], W, p, on=D(2021, 6, 30), reason="清理取消")
    p.refresh_from_db()
    assert p.status == ProofStatus.CANCELLED
    with pytest.raises(Refusal, match="未实行告知承诺"):
        pledge(org, people, p, on=D(2021, 7, 1))


def test_the_figures_count_by_the_day_of_the_pledge(org, people):
    p = proof(org, people)
    for on in (D(2021, 3, 5), D(2021, 12, 31), D(2022, 1, 4)):
        made = pledge(org, people, p, on=on)
    first = Pledge.objects.order_by("received_on").first()
    services.find_false(
        people["police_staff"],
        W,
        first,
        on=D(2021, 4, 6),
        way="on_site",
        measure="stop",
        note="不实",
    )
    assert value("cert.commitment.cases", org["mile"]) == 2
    assert value("cert.commitment.false", org["mile"]) == 1
    assert value("cert.commitment.cases", org["mile"], 2022) == 1
    assert value("cert.commitment.cases", org["kaiyuan"]) == 0
    assert value("cert.commitment.cases", org["prefecture"]) == 2
    assert made.received_on.year == 2022


def test_the_report_states_them_in_part_one(org, people):
    from fazhi.reports.parts import default_parts

    one = next(p for p in default_parts() if p.number == 1).body.split("\n")
    ours = next(i for i, text in enumerate(one) if "cert.commitment.cases" in text)
    assert one[ours - 1].startswith("（四）") and "尚未纳入平台统计" not in one[ours - 1]


GOOD = {
    "受理单位代码": "532504-gaj",
    "证明事项": NAME,
    "承诺受理日期": "2021-03-05",
    "办理事项": "个体工商户设立登记",
    "申请人类型": "个体工商户",
    "申请人": "弥勒市张氏小吃店",
}


def test_import_registers_a_years_pledges_all_or_nothing(org, people, tmp_path):
    proof(org, people)
    path = tmp_path / "pledges.xlsx"
    path.write_bytes(xlsx_for(PledgeImporter, [GOOD, GOOD | {"申请人": "弥勒市李氏商贸店"}]))
    run_import_command("pledges", path, "police")
    assert Pledge.objects.count() == 2
    bad = [
        GOOD,
        GOOD | {"证明事项": "没有的证明"},
        GOOD | {"承诺受理日期": "2020-12-31"},  # before the pledge began
        GOOD | {"受理单位代码": "532504-zrzyj"},  # another unit than the importer's
    ]
    path.write_bytes(xlsx_for(PledgeImporter, bad))
    errors = io.StringIO()
    with pytest.raises(CommandError):
        run_import_command("pledges", path, "police", errors)
    report = errors.getvalue()
    assert "第3行" in report and "证明事项" in report
    assert Pledge.objects.count() == 2


def test_the_list_of_pledges_reads_a_fixed_number_of_queries(org, people, client):
    p = proof(org, people)
    lines = [
        services.PledgeLine(
            org["police"],
            p,
            D(2021, 3, 5) + dt.timedelta(days=n % 200),
            "个体工商户设立登记",
            "sole_trader",
            f"弥勒市{n}号小吃店",
        )
        for n in range(60)
    ]
    services.accept_many(people["police_staff"], W, lines)
    client.force_login(people["coordinator"])
    client.get("/zhengming/")
    with CaptureQueriesContext(connection) as few:
        client.get("/zhengming/")
    services.accept_many(people["police_staff"], W, lines * 2)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/zhengming/").content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "共 180 件" in page and "弥勒市0号店" not in page  # names masked in the list


def test_the_public_reads_the_list_by_status(org, people, client, settings):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    proof(org, people)
    proof(org, people, name="身体健康证明", pledge_on=None)
    gone = proof(org, people, name="亲属关系证明", pledge_on=None)
    list_services.cancel(people["reviewer"], W, gone, on=D(2021, 6, 30), reason="清理取消")
    page = client.get("/zhengming/qingdan/gongshi/").content.decode()
    pledged, kept, cancelled = (page.index(f'id="proofs-{n}"') for n in (1, 2, 3))
    assert pledged < page.index(NAME) < kept < page.index("身体健康证明") < cancelled
    assert page.index("亲属关系证明") > cancelled and "2021-06-30取消" in page
