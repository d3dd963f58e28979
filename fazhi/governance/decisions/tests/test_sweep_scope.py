"""Scope sweep: 重大行政决策 (决策事项目录, 决策, 常务会议).

Another unit of the same county, the other county (开远市), an anonymous visitor and the public
portal against every page, step, approval, attachment, 文书, export, import and public page; what
each refusal asserts is in fazhi.testing.scope_sweep."""

import datetime as dt

import pytest
from django.utils import timezone

from fazhi.core.audit import Channel
from fazhi.governance.decisions import services
from fazhi.governance.decisions.imports import DecisionImporter, MeetingImporter
from fazhi.governance.decisions.models import Catalogue, Decision, Meeting, PublicOpinion
from fazhi.testing import scope_sweep as scope

from . import factories as f

W = Channel.WEB
D = dt.date
# The 统筹机构's steps and the 承办单位's (JC arts. 10–36), as the law splits them.
OFFICE_STEPS = ("start", "decide", "publish", "evaluate", "remove")
HANDLER_STEPS = (
    "open_comment",
    "comment",
    "close_comment",
    "handle_opinion",
    "publish_handling",
    "hearing",
    "experts",
    "risk",
    "request_review",
)


@pytest.fixture
def kaiyuan_coord(org):
    return scope.kaiyuan_coordinator(org, can_approve_extension=True)


@pytest.fixture
def decision(org, people):
    """A 弥勒 decision (公安局 承办, 司法局 统筹) whose comment closed, an opinion handled and
    published, sent for 合法性审查 with a 合法 opinion, with an attachment."""
    d = f.reviewed(org, people)
    scope.attach_file(d, people["police_staff"])
    return Decision.objects.get(pk=d.pk)


def test_decision_is_invisible_outside_its_units(client, org, people, decision, kaiyuan_coord):
    for user in scope.outsiders(people, kaiyuan_coord):
        scope.sweep_reads(client, decision, user, unit=org["police"], marker=decision.title)
        scope.login(client, user)
        archive = client.get(f"/juece/{decision.pk}/dangan/")
        assert archive.status_code == (302 if user is None else 404), user


def test_outsiders_take_no_step_of_a_decision(client, org, people, decision, kaiyuan_coord):
    for user in scope.outsiders(people, kaiyuan_coord):
        scope.sweep_steps(client, decision, user, visible=False, maker=people["reviewer"])
    # the leader sees the decision (an overseer) but takes none of its steps
    scope.sweep_steps(client, decision, people["leader"], visible=True, maker=people["reviewer"])
    scope.sweep_viewer(client, decision, people["leader"])


def test_handler_and_office_keep_to_their_own_steps(client, org, people, decision):
    """公安局 (承办单位) takes none of the 统筹机构's steps; 司法局 (统筹机构) none of the
    承办单位's."""
    scope.sweep_steps(
        client,
        decision,
        people["police_staff"],
        visible=True,
        maker=people["reviewer"],
        skip=HANDLER_STEPS,
    )
    scope.sweep_steps(
        client,
        decision,
        people["reviewer"],
        visible=True,
        maker=people["police_staff"],
        skip=OFFICE_STEPS,
    )


def test_catalogue_and_meeting_steps_are_the_offices_alone(client, org, people, kaiyuan_coord):
    catalogue = f.catalogue(org, people, published=False)
    meeting = f.meeting(org, people)
    # every unit of the government sees the catalogue and the meetings; none but the
    # 统筹机构 acts on them
    for user in (people["land_staff"], people["police_staff"], people["leader"]):
        for record in (catalogue, meeting):
            scope.sweep_steps(client, record, user, visible=True, maker=people["reviewer"])
    for user in (people["kaiyuan_staff"], kaiyuan_coord, None):
        for record in (catalogue, meeting):
            scope.sweep_reads(client, record, user, boards=False)
            scope.sweep_steps(client, record, user, visible=False, maker=people["reviewer"])
        scope.sweep_boards(client, user, (catalogue, meeting))


def test_registering_a_meeting_or_catalogue_is_refused_to_other_units(client, org, people):
    f.assign_offices(org)
    before = (Meeting.objects.count(), Catalogue.objects.count(), scope.counts())
    scope.login(client, people["land_staff"])
    meeting = {"kind": "executive", "number": "第7次", "held_on": "2024-05-06"}
    assert client.post("/api/meetings/records", meeting, "application/json").status_code == 403
    assert client.post("/changwuhui/new/", meeting).status_code == 403
    catalogue = {"year": 2025, "title": "目录", "drafted_on": "2025-01-05"}
    assert (
        client.post("/api/decision_catalogues/records", catalogue, "application/json").status_code
        == 403
    )
    assert (Meeting.objects.count(), Catalogue.objects.count(), scope.counts()) == before


def test_decide_at_another_countys_meeting_is_refused(client, org, people, kaiyuan_coord):
    d = f.reviewed(org, people)
    theirs = services.register_meeting(
        kaiyuan_coord,
        W,
        {"kind": "executive", "number": "开远第1次", "held_on": D(2024, 4, 26), "chair": "x"},
    )
    scope.login(client, people["reviewer"])
    before, counted = scope.row(d), scope.counts()
    answer = client.post(
        f"/api/decisions/records/{d.pk}/decide",
        {"meeting": str(theirs.pk), "outcome": "adopted"},
        "application/json",
    )
    page = client.post(
        f"/juece/{d.pk}/decide/", {"decide-meeting": theirs.pk, "decide-outcome": "adopted"}
    )
    assert answer.status_code == 422 and page.status_code == 422
    assert scope.row(d) == before and scope.counts() == counted


def test_start_naming_another_countys_unit_is_refused(client, org, people):
    d = f.listed(org, people)
    scope.login(client, people["reviewer"])
    before, counted = scope.row(d), scope.counts()
    answer = client.post(
        f"/api/decisions/records/{d.pk}/start",
        {"on": "2024-02-01", "unit": "532502-sfj"},
        "application/json",
    )
    assert answer.status_code == 422, answer.content
    assert scope.row(d) == before and scope.counts() == counted


def second_decision(org, people, title, *, through="commenting"):
    """Another item of the same 2024 catalogue (the factories make one catalogue a year)."""
    cat = Catalogue.objects.get(government=org["mile"], year=2024)
    d = services.add_item(
        people["reviewer"],
        W,
        cat,
        on=D(2024, 1, 16),
        title=title,
        category="policy",
        unit=org["police"],
        reason="增列",
    )
    if through == "listed":
        return d
    d = services.start(people["reviewer"], W, d, on=D(2024, 2, 1), unit=org["police"])
    return services.open_comment(people["police_staff"], W, d, on=f.MARCH_1, draft="草案", days=30)


def test_handle_opinion_of_another_decision_is_refused(client, org, people):
    mine = f.prepared(org, people, title="事项甲")  # its one opinion handled
    other = second_decision(org, people, "事项乙")
    foreign = f.opinion(people, other, on=D(2024, 3, 6))
    scope.login(client, people["police_staff"])
    before, counted = scope.row(mine), scope.counts()
    answer = client.post(
        f"/api/decisions/records/{mine.pk}/handle_opinion",
        {"on": "2024-04-06", "opinion": str(foreign.pk), "outcome": "adopted"},
        "application/json",
    )
    assert answer.status_code == 422
    assert scope.row(mine) == before and scope.counts() == counted
    assert PublicOpinion.objects.get(pk=foreign.pk).outcome == ""


# --- the portal ---------------------------------------------------------------------------------


def test_portal_shows_nothing_unpublished_and_no_contact(client, org, people, settings):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    prepared = f.prepared(org, people, title="已征求意见的事项")
    listed = second_decision(org, people, "未启动的事项", through="listed")
    Catalogue.objects.filter(pk=listed.catalogue_id).update(status="drafting", published_on=None)
    client.logout()
    assert client.get(f"/juece/gongkai/{listed.pk}/").status_code == 404
    index = client.get("/juece/gongkai/").content.decode()
    assert "未启动的事项" not in index  # its catalogue is not published
    page = client.get(f"/juece/gongkai/{prepared.pk}/").content.decode()
    assert "13812345678" not in page and "张三" not in page


def test_portal_takes_no_opinion_for_another_county_or_a_closed_period(
    client, org, people, kaiyuan_coord, settings
):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    f.assign_offices(org)
    # 开远市's own draft, open to comment today
    cat = services.create_catalogue(
        kaiyuan_coord, W, {"year": 2026, "title": "", "drafted_on": D(2026, 1, 10)}
    )
    theirs = services.add_item(
        kaiyuan_coord,
        W,
        cat,
        on=D(2026, 1, 15),
        title="开远事项",
        category="policy",
        unit=org["kaiyuan_justice"],
    )
    theirs = services.start(kaiyuan_coord, W, theirs, on=D(2026, 2, 1), unit=org["kaiyuan_justice"])
    today = timezone.localdate()
    theirs = services.open_comment(
        kaiyuan_coord, W, theirs, on=today - dt.timedelta(days=3), draft="x"
    )
    closed = f.prepared(org, people)  # 弥勒's, its period over
    client.logout()
    counted, opinions = scope.counts(), PublicOpinion.objects.count()
    for d in (theirs, closed):
        answer = client.post(f"/juece/gongkai/{d.pk}/", {"name": "王五", "text": "意见"})
        assert answer.status_code in (200, 404), answer.status_code
    assert client.get(f"/juece/gongkai/{theirs.pk}/").status_code == 404
    assert scope.counts() == counted and PublicOpinion.objects.count() == opinions


# --- imports ------------------------------------------------------------------------------------

DECISION_ROW = {
    "年度": "2024",
    "决策事项": "导入的事项",
    "事项类别": "重大公共政策和措施",
    "决策承办单位代码": "532504-gaj",
    "列入日期": "2024-02-01",
}


def test_imports_naming_another_unit_or_county_write_nothing(client, org, people, kaiyuan_coord):
    f.catalogue(org, people, published=False)  # 弥勒's 2024 catalogue, 司法局's
    services.create_catalogue(
        kaiyuan_coord, W, {"year": 2024, "title": "", "drafted_on": D(2024, 1, 10)}
    )
    decisions, meetings, imported = (
        Decision.objects.count(),
        Meeting.objects.count(),
        scope.imported_rows(),
    )
    # 开远's coordinator, naming 弥勒公安局 as 承办单位 in 开远's own catalogue
    scope.upload_import(client, kaiyuan_coord, DecisionImporter, [DECISION_ROW])
    # 公安局's staff, into 弥勒's catalogue, which only the 统筹机构 keeps
    scope.upload_import(client, people["police_staff"], DecisionImporter, [DECISION_ROW])
    scope.upload_import(
        client,
        people["land_staff"],
        MeetingImporter,
        [{"会议类型": "常务会议", "届次": "导入第1次", "召开日期": "2024-03-05"}],
    )
    assert (Decision.objects.count(), Meeting.objects.count()) == (decisions, meetings)
    assert scope.imported_rows() == imported
    # the control: the same row by 司法局 (the 统筹机构) is imported
    scope.upload_import(client, people["reviewer"], DecisionImporter, [DECISION_ROW])
    assert Decision.objects.count() == decisions + 1


def test_api_comment_answers_with_the_decision(client, org, people):
    """Found by the sweep (not a scope hole): the API's `comment` step returns the service's
    result, a PublicOpinion, which the decision's schema cannot serialize: a 500 after the
    opinion and its audit row were committed."""
    d = f.commenting(org, people)
    scope.login(client, people["police_staff"])
    answer = client.post(
        f"/api/decisions/records/{d.pk}/comment",
        {"on": "2024-03-05", "way": "letter", "name": "李四", "text": "建议"},
        "application/json",
    )
    assert answer.status_code == 200, answer.status_code
    assert answer.json()["id"] == d.pk


def test_api_request_review_answers_with_the_decision(client, org, people):
    """As above for `request_review`, whose service returns the 合法性审查 (a Review)."""
    d = f.prepared(org, people)
    scope.login(client, people["police_staff"])
    answer = client.post(
        f"/api/decisions/records/{d.pk}/request_review", {"on": "2024-04-08"}, "application/json"
    )
    assert answer.status_code == 200, answer.status_code
    assert answer.json()["id"] == d.pk


def test_api_add_item_answers_with_the_catalogue(client, org, people):
    """As above for the catalogue's `add_item`, whose service returns the new Decision."""
    cat = f.catalogue(org, people, published=False)
    scope.login(client, people["reviewer"])
    answer = client.post(
        f"/api/decision_catalogues/records/{cat.pk}/add_item",
        {"on": "2024-01-15", "title": "新增事项", "category": "policy", "unit": "532504-gaj"},
        "application/json",
    )
    assert answer.status_code == 200, answer.status_code
    assert answer.json()["id"] == cat.pk
