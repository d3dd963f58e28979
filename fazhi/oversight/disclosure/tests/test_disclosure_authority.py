"""Who may register and change 依申请公开 requests, and what others see of them (issue 6):

- a request is created only for an agency the actor acts for — by a page, the API, an import or
  the service itself — and the public's portal reaches only its own government's agencies;
- extending the reply period is the consent of the head of the 政府信息公开工作机构 (条例 art. 33
  ¶2), given in the approver's own session: never a name chosen in the handler's form;
- the link to a 复议 case goes through the services, by a number among the cases the actor may see
  through 复议's own queries, and nothing else of that procedure is reached;
- an ID or mobile number typed into a request's description is masked in pages, exports, the API
  and never shown to the public.
"""

import ast
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.audit import Channel
from fazhi.core.models import ApprovalRequest, AuditEntry, Role
from fazhi.core.services import create_user
from fazhi.core.workflow import Refusal
from fazhi.oversight import disclosure
from fazhi.oversight.disclosure import services
from fazhi.oversight.disclosure.imports import DisclosureImporter
from fazhi.oversight.disclosure.models import DisclosureRequest
from fazhi.testing.import_files import run_import_command, xlsx_for

from .factories import ID_NUMBER, application, received

D = dt.date
MOBILE = "13987654321"
DESCRIPTION = f"本人(身份证号{ID_NUMBER}，电话{MOBILE})申请公开髯翁路拆迁补偿方案"


@pytest.fixture(autouse=True)
def fresh_cache(db):
    cache.clear()  # the portal's rate limits live in the cache (a database table)
    yield
    cache.clear()


# --- scope: a request only for an agency the actor acts for -----------------------------------


def _import(tmp_path, username, codes, errors=None):
    """A file of one request for each 受理机关 of `codes`, imported as `username`."""
    row = {
        "申请人类型": "自然人",
        "申请人": "赵六",
        "联系电话": "13812345678",
        "所需信息描述": "2021年行政复议案件统计",
        "申请方式": "当面提交",
        "提交日期": "2021-03-01",
    }
    path = tmp_path / "requests.xlsx"
    rows = [row | {"受理机关单位代码": code} for code in codes]
    path.write_bytes(xlsx_for(DisclosureImporter, rows))
    run_import_command("disclosure", path, username, errors)


def test_a_departments_import_cannot_write_requests_into_another_unit(org, people, tmp_path):
    for other in ("532504-zrzyj", "532502-sfj"):  # another unit of the city; another county
        errors = io.StringIO()
        with pytest.raises(CommandError):
            _import(tmp_path, "police", ["532504-gaj", other], errors)
        assert "第3行" in errors.getvalue() and "只能登记本单位" in errors.getvalue()
    assert not DisclosureRequest.objects.exists()  # all or nothing: its own row is not kept
    _import(tmp_path, "police", ["532504-gaj"])
    assert DisclosureRequest.objects.get().agency == org["police"]


def test_no_write_path_registers_a_request_for_another_unit(org, people, client):
    police = people["police_staff"]
    with pytest.raises(Refusal, match="只能登记本单位"):
        services.receive(police, Channel.WEB, agency=org["land"], app=application())
    client.force_login(police)
    page = client.get(reverse("disclosure:new")).content.decode()
    assert "弥勒市公安局" in page and "弥勒市自然资源局" not in page  # only what it may register
    api = client.post(
        "/api/disclosure/records",
        {
            "agency": "532504-zrzyj",
            "applicant_type": "person",
            "applicant_name": "钱七",
            "applicant_phone": "13812345678",
            "description": "统计数据",
            "format_wanted": "paper",
            "channel": "in_person",
            "submitted_on": "2021-09-28",
        },
        content_type="application/json",
    )
    assert api.status_code == 422
    assert not DisclosureRequest.objects.exists()


def test_the_portal_reaches_only_its_own_governments_agencies(org, people):
    data = vars(application(delivery_collection="collect")) | {"agency": org["kaiyuan_justice"]}
    for name in ("channel", "submitted_on", "received_on"):
        data.pop(name)
    with pytest.raises(Refusal, match="不在您所在政府的范围内"):
        services.apply_on_portal(org["mile"], Channel.WEB, data)
    made = services.apply_on_portal(org["mile"], Channel.WEB, data | {"agency": org["police"]})
    entry = AuditEntry.objects.get(object_type=made._meta.label, object_id=str(made.pk))
    assert (entry.actor, entry.actor_label) == (None, "申请人(门户网站)")


# --- the extension: the head's own consent ------------------------------------------------------


def test_an_extension_asked_by_the_handler_is_approved_by_the_head(org, people, client):
    request = received(org, people["police_staff"])
    client.force_login(people["police_staff"])
    # The old form let the handler name the consenting head: the id is ignored, the step becomes
    # a request for the head's approval.
    response = client.post(
        reverse("disclosure:step", args=[request.pk, "extend"]),
        {
            "extend-on": "2021-10-20",
            "extend-workdays": "20",
            "extend-reason": "检索量大",
            "extend-approver": people["coordinator"].pk,
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.extended_on is None and request.reply_due_on == D(2021, 11, 1)
    asked = ApprovalRequest.objects.get()
    assert (asked.status, asked.requested_by) == ("pending", people["police_staff"])
    with pytest.raises(Refusal, match="负责人同意"):
        services.extend(
            people["police_staff"],
            Channel.WEB,
            request,
            on=D(2021, 10, 20),
            workdays=20,
            reason="x",
        )
    # The handler cannot approve its own request; nor can a head of another agency, nor another
    # county's staff.
    client.post(reverse("core:approval", args=[asked.pk]), {"decision": "approve"})
    land_head = create_user(
        None,
        Channel.CLI,
        username="landhead",
        password="pass-Fazhi-2021",
        unit=org["land"],
        role=Role.STAFF,
        full_name="孙主任",
        can_approve_extension=True,
    )
    client.force_login(land_head)
    assert "延长答复期限" not in client.get(reverse("core:approvals")).content.decode()
    client.post(reverse("core:approval", args=[asked.pk]), {"decision": "approve"})
    assert ApprovalRequest.objects.get().status == "pending"
    client.force_login(people["kaiyuan_staff"])
    assert client.get(reverse("core:approval", args=[asked.pk])).status_code == 404
    # The head decides in their own session.
    client.force_login(people["coordinator"])
    assert "延长答复期限" in client.get(reverse("core:approvals")).content.decode()
    client.post(reverse("core:approval", args=[asked.pk]), {"decision": "approve"})
    request.refresh_from_db()
    assert request.extension_approver == people["coordinator"]
    assert request.reply_due_on == D(2021, 11, 29)  # 11-01 + 20 工作日
    rows = AuditEntry.objects.filter(
        object_type=request._meta.label, object_id=str(request.pk)
    ).order_by("id")
    assert [(e.action, e.actor_id) for e in rows][-3:] == [
        ("申请审批：延长答复期限", people["police_staff"].pk),
        ("延长答复期限", people["coordinator"].pk),
        ("批准：延长答复期限", people["coordinator"].pk),
    ]


def test_the_api_records_the_handlers_extension_as_a_request(org, people, client):
    request = received(org, people["police_staff"])
    client.force_login(people["police_staff"])
    response = client.post(
        f"/api/disclosure/records/{request.pk}/extend",
        {"on": "2021-10-20", "workdays": 20, "reason": "检索量大", "approver": "coord"},
        content_type="application/json",
    )
    assert response.status_code == 202
    assert DisclosureRequest.objects.get().extended_on is None
    assert ApprovalRequest.objects.get().requested_by == people["police_staff"]


# --- the link to a 复议 case ---------------------------------------------------------------------


def _imports_of_reconsideration() -> set[tuple[str, str]]:
    """(module of the 依申请公开 app, module of 复议 it imports), outside tests and migrations."""
    found = set()
    root = Path(disclosure.__file__).parent
    for path in root.rglob("*.py"):
        if {"tests", "migrations"} & set(path.relative_to(root).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                if name.startswith("fazhi.disputes.reconsideration"):
                    found.add((path.stem, name))
    return found


def test_only_the_services_reach_reconsideration_and_only_through_its_queries():
    assert _imports_of_reconsideration() == {("services", "fazhi.disputes.reconsideration.queries")}


def test_a_challenge_links_a_reconsideration_case_the_actor_may_see(org, people, client):
    from fazhi.disputes.reconsideration.tests.factories import received as case_received

    staff = people["police_staff"]
    request = services.reply(
        staff, Channel.WEB, received(org, staff), on=D(2021, 10, 8), situation="36_2"
    )
    against_police = case_received(org, people["reviewer"], submitted_on=D(2021, 11, 2))
    against_land = case_received(
        org, people["reviewer"], submitted_on=D(2021, 11, 2), respondent=org["land"]
    )
    client.force_login(staff)
    url = f"/api/disclosure/records/{request.pk}/challenge"
    body = {"kind": "reconsideration", "filed_on": "2021-11-02"}
    hidden = client.post(
        url, body | {"reconsideration_number": against_land.number}, "application/json"
    )
    assert hidden.status_code == 422 and "未找到您可查看的行政复议案件" in hidden.json()["detail"]
    linked = client.post(
        url, body | {"reconsideration_number": against_police.number}, "application/json"
    )
    assert linked.status_code == 200, linked.content
    assert request.challenges.get().reconsideration == against_police
    page = client.get(request.get_absolute_url()).content.decode()
    assert against_police.number in page


# --- free text masked ---------------------------------------------------------------------------


def test_an_id_and_a_mobile_in_the_description_are_masked(org, people, client):
    request = received(org, people["police_staff"], description=DESCRIPTION)
    masked = ("5325**********001X", "139****4321")
    client.force_login(people["police_staff"])
    export = client.get(reverse("disclosure:export"))
    rows = list(load_workbook(io.BytesIO(export.getvalue())).active.values)
    cell = dict(zip(rows[0], rows[1], strict=True))["所需政府信息的名称、文号或描述"]
    assert ID_NUMBER not in cell and MOBILE not in cell and all(m in cell for m in masked)
    page = client.get(request.get_absolute_url()).content.decode()
    assert ID_NUMBER not in page and MOBILE not in page and all(m in page for m in masked)
    api = client.get(f"/api/disclosure/records/{request.pk}").content.decode()
    assert ID_NUMBER not in api and MOBILE not in api
    revealed = client.post(reverse("disclosure:reveal", args=[request.pk])).content.decode()
    assert ID_NUMBER in revealed and MOBILE in revealed  # for the handler, audited
    client.logout()
    track = client.post(
        reverse("disclosure:track"), {"number": request.number, "code": request.check_code}
    ).content.decode()
    assert "办理中" in track and "5325" not in track and "髯翁路" not in track
