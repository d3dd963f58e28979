"""Scope sweep: 行政执法案件 (三项制度, 延长办案期限的审批, 执法公示).

Another unit of the same county, the other county (开远市), an anonymous visitor and the public
portal against every page, step, approval, attachment, 文书, export, import and public page; what
each refusal asserts is in fazhi.testing.scope_sweep."""

import datetime as dt

import pytest
from django.utils import timezone

from fazhi.core import procedures
from fazhi.core.audit import Channel
from fazhi.core.models import ApprovalRequest, Role
from fazhi.enforcement.cases import services
from fazhi.enforcement.cases.imports import CaseImporter
from fazhi.enforcement.cases.models import Case, Criterion, Outcome, ProcessRecord
from fazhi.testing import scope_sweep as scope

from .factories import criterion, officers, opened

W = Channel.WEB
D = dt.date
ID_NUMBER, PHONE, PARTY = "53252619800101001X", "13987654321", "张三丰"


@pytest.fixture
def kaiyuan_coord(org):
    return scope.kaiyuan_coordinator(org, can_approve_extension=True)


def decided(org, actor, **extra):
    """A 行政处罚 case of 公安局 against 张三丰, decided (his ID number in the conclusion)."""
    case = opened(org, actor, **extra)
    case = services.investigate(actor, W, case, on=D(2025, 6, 4))
    case = services.conclude(actor, W, case, on=D(2025, 6, 10))
    case = services.notify(actor, W, case, on=D(2025, 6, 11))
    return services.decide(
        actor,
        W,
        case,
        outcome=Outcome.PENALTY,
        on=D(2025, 6, 20),
        conclusion=f"对{PARTY}(身份证号{ID_NUMBER}，电话{PHONE})罚款500元",
    )


@pytest.fixture
def case(org, people):
    made = opened(org, people["police_staff"], title=f"{PARTY}无证经营案")
    scope.attach_file(made, people["police_staff"])
    return Case.objects.get(pk=made.pk)


def test_case_is_invisible_outside_its_unit(client, org, people, case, kaiyuan_coord):
    for who in scope.outsiders(people, kaiyuan_coord):
        scope.sweep_reads(client, case, who, unit=org["police"], marker=case.title)
        scope.sweep_steps(client, case, who, visible=False, maker=people["police_staff"])


def test_leader_and_filing_office_take_only_their_own_steps(client, org, people, case):
    scope.sweep_steps(client, case, people["leader"], visible=True, maker=people["police_staff"])
    scope.sweep_viewer(client, case, people["leader"])
    # once filed, 司法局 sees the case and takes its 备案审查 alone
    Case.objects.filter(pk=case.pk).update(
        major=True, filing_office=org["justice"], filing_on=D(2025, 6, 25)
    )
    scope.sweep_steps(
        client,
        case,
        people["reviewer"],
        visible=True,
        maker=people["police_staff"],
        skip=("filing_review",),
    )
    # and the department does not take the 司法局's 备案审查
    scope.sweep_steps(
        client,
        case,
        people["police_staff"],
        visible=True,
        maker=people["reviewer"],
        skip=tuple(s.key for s in scope.proc(case).steps if s.key != "filing_review"),
    )


def test_another_countys_filing_office_cannot_review_the_filing(
    client, org, people, case, kaiyuan_coord
):
    Case.objects.filter(pk=case.pk).update(
        status="decided", major=True, filing_office=org["justice"], filing_on=D(2025, 6, 25)
    )
    for who in (people["kaiyuan_staff"], kaiyuan_coord):
        scope.login(client, who)
        before, counted = scope.row(case), scope.counts()
        answer = client.post(
            f"/api/enforcement/records/{case.pk}/filing_review",
            {"opinion": "no_objection", "on": "2025-06-30"},
            "application/json",
        )
        assert answer.status_code == 404 and scope.row(case) == before and scope.counts() == counted


def test_the_party_is_masked_for_everyone_but_the_handlers_reveal(client, org, people, case):
    """The leader sees the case, masked, and may not reveal the party's ID number and phone."""
    scope.login(client, people["leader"])
    page = client.get(f"/zhifa/{case.pk}/").content.decode()
    api = client.get(f"/api/enforcement/records/{case.pk}").content.decode()
    export = client.get("/zhifa/export.xlsx")
    cells = str(scope.xlsx_rows(export))
    for shown in (page, api, cells):
        assert ID_NUMBER not in shown and PHONE not in shown
    counted = scope.counts()
    assert client.post(f"/zhifa/{case.pk}/reveal/").status_code == 403
    assert scope.counts() == counted


def test_a_viewer_who_may_not_reveal_sees_no_id_or_phone_in_the_decision(client, org, people):
    """The leader sees the case with the party's 身份证号 and phone masked and may not reveal
    them (an audited act of those who handle the case); the same numbers written into the
    决定内容 must not show on the page either (facts and history), as the API, the export and
    the portal already mask them."""
    made = decided(org, people["police_staff"])
    scope.login(client, people["leader"])
    page = client.get(f"/zhifa/{made.pk}/").content.decode()
    assert "罚款500元" in page  # the control
    assert ID_NUMBER not in page and PHONE not in page


# --- approvals: 延长办案期限 -----------------------------------------------------------------


@pytest.fixture
def asked(org, people):
    """A 市场监管 case of 公安局 whose 法制员 asked for the extension (经负责人批准)."""
    crew = officers(org["police"], "market", ("市一", "市二"))
    market = opened(org, people["police_staff"], field="market", crew=crew)
    from fazhi.core import approvals

    p = procedures.get("enforcement")
    approvals.ask(
        p,
        p.steps["extend"],
        people["police_staff"],
        W,
        market,
        {"on": "2025-08-20", "reason": "需鉴定"},
        "延长办案期限",
    )
    return market, ApprovalRequest.objects.get(object_id=market.pk, step="extend")


def test_extension_is_decided_only_by_the_agencys_own_head(
    client, org, people, asked, kaiyuan_coord
):
    market, request = asked
    land_head = scope.make_user(org, "land-head", "land", Role.REVIEWER, can_approve_extension=True)
    before, counted = scope.row(market), scope.counts()
    # 开远's coordinator (holding the flag), 自然资源局's head, the requester, the 司法局's
    # coordinator (holding the flag, seeing the case as an overseer): none decides it
    for who, page in (
        (kaiyuan_coord, 404),
        (land_head, 404),
        (people["police_staff"], 200),
        (people["coordinator"], 200),
    ):
        scope.login(client, who)
        assert client.get(f"/approvals/{request.pk}/").status_code == page, who
        for decision in ("approve", "refuse"):
            answer = client.post(
                f"/approvals/{request.pk}/", {"decision": decision, "note": "不同意"}
            )
            assert answer.status_code in (403, 404), (who, decision, answer.status_code)
        assert request.pk not in [r.pk for r in client.get("/approvals/").context["waiting"]], who
    # nor may anyone but the requester withdraw it
    scope.login(client, people["coordinator"])
    client.post(f"/approvals/{request.pk}/", {"decision": "withdraw"})
    request.refresh_from_db()
    assert request.status == "pending"
    assert scope.row(market) == before and scope.counts() == counted
    # the control: 公安局's own head approves it
    head = scope.make_user(org, "police-head", "police", Role.REVIEWER, can_approve_extension=True)
    scope.login(client, head)
    assert client.post(f"/approvals/{request.pk}/", {"decision": "approve"}).status_code == 302
    request.refresh_from_db()
    assert request.status == "approved" and request.decided_by == head


def test_extension_taken_directly_by_a_flag_holder_of_another_unit_is_refused(
    client, org, people, kaiyuan_coord
):
    crew = officers(org["police"], "market", ("市一", "市二"))
    market = opened(org, people["police_staff"], field="market", crew=crew)
    # the 司法局's coordinator holds the flag and acts for 公安局 as an overseer: asking is all
    scope.login(client, people["coordinator"])
    before = scope.row(market)
    answer = client.post(
        f"/api/enforcement/records/{market.pk}/extend",
        {"on": "2025-08-20", "reason": "需鉴定"},
        "application/json",
    )
    assert answer.status_code in (202, 403), answer.content
    assert scope.row(market) == before


# --- forms naming another unit's things --------------------------------------------------------


def test_steps_naming_another_units_officers_criteria_or_files_are_refused(client, org, people):
    staff = people["police_staff"]
    case = opened(org, staff)
    other = opened(
        org,
        people["coordinator"],
        unit=org["land"],
        title="自然资源局的案件",
        crew=officers(org["land"], "public_security", ("地一", "地二")),
    )
    land_officer = other.assignments.first().officer
    land_item = criterion(people["land_staff"], org["land"])
    land_file = scope.attach_file(other, people["land_staff"])
    scope.login(client, staff)
    before, counted = scope.row(case), scope.counts()
    for key, body in (
        ("assign", {"officers": [str(land_officer.pk)], "on": "2025-06-05"}),
        ("mark_major", {"criterion": str(land_item.pk), "on": "2025-06-05"}),
        (
            "record",
            {
                "step": "seizure",
                "medium": "video",
                "recorder": "张执法",
                "recorded_at": "2025-06-05 10:00",
                "attachment": str(land_file.pk),
            },
        ),
    ):
        answer = client.post(f"/api/enforcement/records/{case.pk}/{key}", body, "application/json")
        assert answer.status_code == 422, (key, answer.content)
    assert scope.row(case) == before and scope.counts() == counted
    assert not ProcessRecord.objects.exists()


def test_registering_in_the_name_of_another_unit_is_refused(client, org, people, kaiyuan_coord):
    land_crew = officers(org["land"], "public_security", ("地一", "地二"))
    body = {
        "unit": "532504-zrzyj",
        "kind": "penalty",
        "field": "public_security",
        "title": "越权立案",
        "party_kind": "organisation",
        "party_name": "某公司",
        "opened_on": "2025-06-03",
        "officers": [str(o.pk) for o in land_crew],
    }
    before = (Case.objects.count(), Criterion.objects.count(), scope.counts())
    for who in (people["police_staff"], people["kaiyuan_staff"], kaiyuan_coord):
        scope.login(client, who)
        answer = client.post("/api/enforcement/records", body, "application/json")
        assert answer.status_code in (403, 422), (who, answer.content)
        # the 目录清单 of another unit
        page = client.post(
            "/zhifa/mulu/",
            {
                "unit": org["land"].pk,
                "category": "public_interest",
                "description": "x",
                "listed_on": "2025-01-02",
                "publish": "on",
            },
        )
        assert page.status_code in (200, 403), page.status_code
    assert (Case.objects.count(), Criterion.objects.count(), scope.counts()) == before


def test_checksums_check_only_the_users_own_records(client, org, people, case, kaiyuan_coord):
    video = scope.attach_file(case, people["police_staff"], name="现场.pdf")
    services.add_process_record(
        people["police_staff"],
        W,
        case,
        step="seizure",
        medium="text",
        recorder="张执法",
        recorded_at=timezone.now(),
        attachment=video,
    )
    for who in (people["land_staff"], people["kaiyuan_staff"], kaiyuan_coord):
        scope.login(client, who)
        answer = client.post("/zhifa/jiaoyan/", {"after": "0"})
        assert answer.status_code == 200 and answer.context["result"].checked == 0, who


def test_imports_naming_another_unit_or_county_write_nothing(client, org, people, kaiyuan_coord):
    officers(org["land"], "public_security", ("地一", "地二"))
    officers(org["police"], "public_security", ("警一", "警二"))
    row_ = {
        "执法部门代码": "532504-zrzyj",
        "执法类别": "行政检查",
        "执法领域": "公安",
        "案由(事项)": "导入的检查",
        "当事人类型": "法人或者其他组织",
        "当事人": "某公司",
        "立案日期": "2025-06-03",
        "执法人员": "地一、地二",
    }
    before, imported = Case.objects.count(), scope.imported_rows()
    scope.upload_import(client, people["police_staff"], CaseImporter, [row_])
    scope.upload_import(client, kaiyuan_coord, CaseImporter, [row_])
    scope.upload_import(
        client,
        people["kaiyuan_staff"],
        CaseImporter,
        [row_ | {"执法部门代码": "532504-gaj", "执法人员": "警一、警二"}],
    )
    assert Case.objects.count() == before and scope.imported_rows() == imported
    # the control: 自然资源局's own staff import it
    scope.upload_import(client, people["land_staff"], CaseImporter, [row_])
    assert Case.objects.count() == before + 1


# --- the portal ---------------------------------------------------------------------------------


def test_portal_shows_no_personal_data_no_unpublished_and_no_other_county(
    client, org, people, kaiyuan_coord, settings
):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    staff = people["police_staff"]
    published = decided(org, staff, title=f"{PARTY}无证经营案")
    published = services.serve(staff, W, published, served_on=D(2025, 6, 23))
    published = services.publish(staff, W, published, on=D(2025, 6, 24))
    decided(
        org, staff, title="李四海未公示案", party_name="李四海", number="弥公罚2"
    )  # not published
    theirs = decided(
        org,
        people["kaiyuan_staff"],
        unit=org["kaiyuan_justice"],
        title="开远的案件",
        party_name="王五",
        number="开罚1",
        crew=officers(org["kaiyuan_justice"], "public_security", ("开一", "开二")),
    )
    theirs = services.serve(people["kaiyuan_staff"], W, theirs, served_on=D(2025, 6, 23))
    services.publish(people["kaiyuan_staff"], W, theirs, on=D(2025, 6, 24))
    client.logout()
    page = client.get("/zhifa/gongshi/").content.decode()
    assert "无证经营案" in page  # the control: it is published
    for secret in (ID_NUMBER, PHONE, PARTY, "李四海", "开远的案件", "王五"):
        assert secret not in page, secret


def test_portal_search_does_not_find_a_person_by_the_name_it_masks(client, org, people, settings):
    """The row shows 张**无证经营案; a search for the full name must not pick it out (it would
    tell anyone that 张三丰 was penalised: the masked name is matched against the unmasked
    案由)."""
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    staff = people["police_staff"]
    published = decided(org, staff, title=f"{PARTY}无证经营案")
    published = services.serve(staff, W, published, served_on=D(2025, 6, 23))
    services.publish(staff, W, published, on=D(2025, 6, 24))
    client.logout()
    assert "无证经营案" in client.get("/zhifa/gongshi/").content.decode()  # the control
    searched = client.get("/zhifa/gongshi/", {"q": PARTY}).content.decode()
    assert "无证经营案" not in searched
