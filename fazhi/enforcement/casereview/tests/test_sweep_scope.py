"""Scope sweep: 行政执法案卷评查 (评查活动, 评查案卷, 公开抽取).

Another unit of the same county, the other county (开远市), an anonymous visitor and the public
portal against every page, step, approval, attachment, 文书, export, import and public page; what
each refusal asserts is in fazhi.testing.scope_sweep."""

import datetime as dt
import json

import pytest

from fazhi.core.audit import Channel
from fazhi.enforcement.casereview.imports import ResultImporter
from fazhi.enforcement.casereview.models import Campaign, ReviewFile
from fazhi.enforcement.cases import services as cases
from fazhi.enforcement.cases.tests.factories import officers, opened
from fazhi.testing import scope_sweep as scope

from . import factories as f

W = Channel.WEB
D = dt.date


@pytest.fixture
def others(org):
    """弥阳街道 (same county, not in the campaign) and 开远's coordinator."""
    return scope.other_users(org)


@pytest.fixture
def campaign(org, people):
    """司法局's 2025 campaign over 公安局 and 自然资源局, one file drawn of each; the reviewers
    are 司法局's reviewer and 自然资源局's staff."""
    f.closed_case(org, people["police_staff"])
    land_crew = officers(org["land"], "public_security", ("地一", "地二"))
    f.closed_case(org, people["coordinator"], unit=org["land"], n=2, crew=land_crew)
    c = f.drawn(
        org,
        people,
        departments=[org["police"], org["land"]],
        reviewers=[people["reviewer"], people["land_staff"]],
    )
    return Campaign.objects.get(pk=c.pk)


def files(campaign, org):
    return (
        ReviewFile.objects.get(campaign=campaign, unit=org["police"]),
        ReviewFile.objects.get(campaign=campaign, unit=org["land"]),
    )


def test_campaign_and_files_are_invisible_outside(client, org, people, campaign, others):
    police_file, land_file = files(campaign, org)
    scope.attach_file(police_file, people["reviewer"])
    for who in scope.outsiders(people, others["kaiyuan_coord"], others["miyang"]):
        scope.sweep_reads(client, campaign, who, boards=False)
        scope.sweep_steps(client, campaign, who, visible=False, maker=people["coordinator"])
        for file in (police_file, land_file):
            scope.sweep_reads(client, file, who, unit=file.unit, boards=False)
            scope.sweep_steps(client, file, who, visible=False, maker=people["reviewer"])
        scope.sweep_boards(client, who, [campaign, police_file, land_file])
        scope.login(client, who)
        export = client.get(f"/zhifa/pingcha/{campaign.pk}/jieguo.xlsx")
        assert export.status_code == (302 if who is None else 404)


def test_a_department_sees_its_own_file_and_takes_only_its_own_step(client, org, people, campaign):
    police_file, land_file = files(campaign, org)
    police = people["police_staff"]
    # 公安局 is in the campaign: it sees the campaign, takes none of its steps
    scope.sweep_steps(client, campaign, police, visible=True, maker=people["coordinator"])
    # its own file: 整改 only; 自然资源局's file: not seen at all
    scope.sweep_steps(
        client, police_file, police, visible=True, maker=people["reviewer"], skip=("rectify",)
    )
    scope.sweep_reads(client, land_file, police, unit=org["land"])
    scope.sweep_steps(client, land_file, police, visible=False, maker=people["reviewer"])
    scope.login(client, police)
    export = client.get(f"/zhifa/pingcha/{campaign.pk}/jieguo.xlsx")
    rows_ = scope.xlsx_rows(export)
    assert [r[0] for r in rows_[1:]] == [org["police"].name]


def test_a_reviewer_scores_only_other_units_files(client, org, people, campaign):
    police_file, land_file = files(campaign, org)
    land = people["land_staff"]  # a named reviewer, and a department reviewed
    scope.sweep_steps(
        client, land_file, land, visible=True, maker=people["reviewer"], skip=("rectify",)
    )
    scope.sweep_steps(
        client, police_file, land, visible=True, maker=people["reviewer"], skip=("score",)
    )
    # 司法局's reviewer scores and (its unit organises) sends the result; it does not 整改
    scope.sweep_steps(
        client,
        police_file,
        people["reviewer"],
        visible=True,
        maker=people["reviewer"],
        skip=("score", "send"),
    )
    scope.sweep_steps(client, police_file, people["leader"], visible=True, maker=people["reviewer"])
    scope.sweep_viewer(client, police_file, people["leader"])


def test_another_countys_organiser_cannot_plan_over_this_county(client, org, people, others):
    f.assign(org)
    before, counted = Campaign.objects.count(), scope.counts()
    scope.login(client, others["kaiyuan_coord"])
    body = {
        "year": 2025,
        "title": "越界评查",
        "departments": ["532504-gaj"],
        "per_department": 1,
        "reviewers": ["kaiyuan"],
        "rubric": "案卷完整 100",
        "planned_on": "2025-08-01",
    }
    answer = client.post("/api/casereview/records", body, "application/json")
    assert answer.status_code in (403, 422), answer.content
    # nor name 弥勒's reviewers for 开远's own departments
    answer = client.post(
        "/api/casereview/records",
        body | {"departments": ["532502-sfj"], "reviewers": ["reviewer"]},
        "application/json",
    )
    assert answer.status_code in (403, 422), answer.content
    # 公安局's staff is no organiser
    scope.login(client, people["police_staff"])
    answer = client.post(
        "/api/casereview/records", body | {"reviewers": ["reviewer"]}, "application/json"
    )
    assert answer.status_code in (403, 422), answer.content
    assert Campaign.objects.count() == before and scope.counts() == counted


def test_imports_by_a_department_or_naming_another_county_write_nothing(
    client, org, people, others
):
    f.assign(org)
    case = f.closed_case(org, people["police_staff"])
    row_ = {
        "评查年度": "2025",
        "活动名称": "2025年导入评查",
        "执法部门代码": "532504-gaj",
        "案号": case.number,
        "得分(百分制)": "86",
        "评分日期": "2025-11-20",
    }
    before, imported = ReviewFile.objects.count(), scope.imported_rows()
    scope.upload_import(client, people["police_staff"], ResultImporter, [row_])  # no organiser
    scope.upload_import(client, others["kaiyuan_coord"], ResultImporter, [row_])  # another county
    assert ReviewFile.objects.count() == before and scope.imported_rows() == imported
    scope.upload_import(client, people["coordinator"], ResultImporter, [row_])  # the control
    assert ReviewFile.objects.count() == before + 1


def test_the_public_draw_does_not_name_a_person(client, org, people):
    """The draw publishes its pool (every closed case of the departments) on /chouqu/: a case
    filed without a 案号 is labelled by its 案由, which commonly carries the party's name
    (“张三丰无证经营案”); the enforcement portal masks it, the draw must too."""
    staff = people["police_staff"]
    case = opened(org, staff, number="", title="张三丰无证经营案")
    case = cases.investigate(staff, W, case, on=D(2025, 6, 4))
    case = cases.conclude(staff, W, case, on=D(2025, 6, 10))
    case = cases.decide(staff, W, case, outcome="inspected", on=D(2025, 6, 12), conclusion="无")
    case = cases.serve(staff, W, case, served_on=D(2025, 6, 13))
    cases.close(staff, W, case, on=D(2025, 7, 1))
    c = f.drawn(org, people)
    client.logout()
    page = client.get(f"/chouqu/{c.draw_id}/").content.decode()
    exported = client.get(f"/chouqu/{c.draw_id}/draw.json").content.decode("utf-8")
    assert "无证经营案" in page or "无证经营案" in json.loads(exported)["pool"][0]["label"]
    assert "张三丰" not in page
    assert "张三丰" not in json.dumps(json.loads(exported), ensure_ascii=False)
