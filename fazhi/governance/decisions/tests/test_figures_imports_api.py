"""重大行政决策 figures on a small dataset and from the demo city, the importers (history from XLSX
with per-row errors), the API and the list pages' query counts."""

import datetime as dt
import io

import pytest
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core.models import AuditEntry, UnitKind
from fazhi.figures.registry import Period
from fazhi.figures.services import compute_all
from fazhi.governance.decisions import services
from fazhi.governance.decisions.imports import DecisionImporter, MeetingImporter
from fazhi.governance.decisions.models import Decision, Meeting, Status
from fazhi.testing.import_files import run_import_command, xlsx_for

from . import factories as f

D, W = dt.date, "web"
IDS = ["dec.executive_meetings", "dec.hearings", "dec.catalogue_coverage", "dec.legality_reviews"]


def _decision_reviews(year) -> int:
    """This app's share of dec.legality_reviews (the 合法性审核 app's figure): reviews of kind
    重大行政决策 whose opinion was given in the year."""
    from fazhi.governance.legality.services import Review, ReviewKind

    return Review.objects.filter(kind=ReviewKind.DECISION, opinion_on__year=year).count()


def figures(scope, year):
    return {c.figure.id: c.result for c in compute_all(scope, Period.year(year), IDS)}


def _hearing(people, d, unit, on=None):
    return services.hearing(
        people["police_staff"] if unit.kind == UnitKind.DEPARTMENT else people["coordinator"],
        W,
        d,
        on=on or D(2024, 3, 20),
        hearing_unit=unit,
        place="会议室",
        announced_on=D(2024, 3, 8),
        materials_on=D(2024, 3, 12),
        participants="代表",
        record="记录",
    )


def test_figures_count_meetings_department_hearings_and_catalogue_coverage(org, people):
    decided = f.decided(org, people)  # 2024: a 常务会议 on 04-26, decided there
    for n in range(2, 4):
        f.meeting(org, people, number=f"第{n}次", held_on=D(2024, 5, n + 5))
    f.meeting(org, people, number="全体1", kind="plenary", held_on=D(2024, 6, 3))  # not counted
    f.meeting(org, people, number="上年", held_on=D(2023, 12, 20))  # another year
    cat = decided.catalogue
    other = services.add_item(
        people["reviewer"],
        W,
        cat,
        on=D(2024, 2, 1),
        title="第二项",
        category="plan",
        unit=org["police"],
        reason="增列",
    )
    other = services.start(people["reviewer"], W, other, on=D(2024, 2, 2), unit=org["police"])
    other = services.open_comment(people["police_staff"], W, other, on=D(2024, 3, 1), draft="草案")
    _hearing(people, other, org["police"])  # a department's hearing
    third = services.add_item(
        people["reviewer"],
        W,
        cat,
        on=D(2024, 2, 1),
        title="第三项",
        category="plan",
        unit=org["miyang"],
        reason="增列",
    )
    third = services.start(people["reviewer"], W, third, on=D(2024, 2, 2), unit=org["miyang"])
    third = services.open_comment(people["coordinator"], W, third, on=D(2024, 3, 1), draft="草案")
    _hearing(people, third, org["miyang"])  # a town's hearing is not a 部门's
    removed = services.add_item(
        people["reviewer"],
        W,
        cat,
        on=D(2024, 2, 1),
        title="调出项",
        category="plan",
        unit=org["police"],
        reason="增列",
    )
    services.remove(people["reviewer"], W, removed, on=D(2024, 3, 1), reason="不属于重大行政决策")
    got = figures(org["mile"], 2024)
    assert got["dec.executive_meetings"].value == 3
    assert got["dec.hearings"].value == 1
    coverage = got["dec.catalogue_coverage"]
    assert (coverage.numerator, coverage.denominator) == (1, 3)  # the removed item is not counted
    assert _decision_reviews(2024) == got["dec.legality_reviews"].value == 1  # counted there
    assert figures(org["kaiyuan"], 2024)["dec.executive_meetings"].value == 0
    assert figures(org["mile"], 2023)["dec.executive_meetings"].value == 1


SEED = {"dec.executive_meetings": 15, "dec.hearings": 3}


def test_demo_alone_reproduces_the_seed_figures(db):
    from fazhi.demo import build
    from fazhi.governance.decisions import demo

    units = build.build_org()
    context = {"units": units, "users": {u.username: u for u in build.build_users(units)}}
    steps = []
    demo.build(context, steps.append)
    got = figures(units["government"], 2021)
    assert {k: got[k].value for k in SEED} == SEED
    coverage = got["dec.catalogue_coverage"]
    assert (coverage.numerator, coverage.denominator) == (6, 8)
    # six reviews of kind 重大行政决策 with opinions given in 2021: dec.legality_reviews' share
    assert _decision_reviews(2021) == got["dec.legality_reviews"].value == 6
    assert sum(steps) == demo.STEPS
    assert Meeting.objects.exclude(study_topic="").count() == 10
    assert Decision.objects.filter(status=Status.PUBLISHED).count() == 6
    assert Decision.objects.filter(status=Status.REMOVED).count() == 1


# --- imports ---


MEETING = {
    "会议类型": "常务会议",
    "届次": "2021年第1次",
    "召开日期": "2021-03-05",
    "会前学法主题": "民法典",
    "会前学法主讲人": "司法局局长",
    "会议纪要编号": "纪要1号",
    "纪要印发日期": "2021-03-09",
}
DECISION = {
    "年度": "2024",
    "决策事项": "城区停车收费管理办法",
    "事项类别": "重大公共政策和措施",
    "决策承办单位代码": "532504-gaj",
    "列入日期": "2024-02-01",
    "列入理由": "历史记录",
    "启动日期": "2024-02-05",
    "需专家论证": "是",
    "需风险评估": "否",
    "公开征求意见起始日期": "2024-03-01",
    "征求意见期限(日)": "30",
    "决策草案及其说明": "草案",
    "征求意见结束日期": "2024-04-02",
    "听证日期": "2024-03-20",
    "听证组织单位代码": "532504-gaj",
    "听证参加人名单公布日期": "2024-03-08",
    "听证材料送达日期": "2024-03-12",
}


def _coordinator_office(org, people):
    """The coordinator's unit (司法局) is the 统筹机构 here: it acts for every unit too."""
    f.catalogue(org, people, published=False)


def test_import_replays_meetings_and_decisions_through_the_services(org, people, tmp_path):
    _coordinator_office(org, people)
    path = tmp_path / "m.xlsx"
    path.write_bytes(
        xlsx_for(
            MeetingImporter,
            [
                MEETING,
                MEETING
                | {
                    "届次": "2021年第2次",
                    "会前学法主题": "",
                    "会前学法主讲人": "",
                    "会议纪要编号": "",
                    "纪要印发日期": "",
                },
            ],
        )
    )
    run_import_command("meetings", path, "coord")
    assert Meeting.objects.filter(status="minuted").count() == 1 and Meeting.objects.count() == 2
    path = tmp_path / "d.xlsx"
    path.write_bytes(
        xlsx_for(
            DecisionImporter,
            [
                DECISION,
                DECISION
                | {
                    "决策事项": "只列入",
                    "启动日期": "",
                    "公开征求意见起始日期": "",
                    "决策草案及其说明": "",
                    "征求意见结束日期": "",
                    "听证日期": "",
                    "听证组织单位代码": "",
                    "听证参加人名单公布日期": "",
                    "听证材料送达日期": "",
                },
            ],
        )
    )
    run_import_command("decisions", path, "coord")
    d = Decision.objects.get(title="城区停车收费管理办法")
    assert (d.status, d.needs_experts, d.comment_until, d.hearing_on) == (
        Status.PREPARING,
        True,
        D(2024, 4, 1),
        D(2024, 3, 20),
    )
    assert Decision.objects.get(title="只列入").status == Status.LISTED
    assert AuditEntry.objects.filter(channel="import", action="公开征求意见").count() == 1


@pytest.mark.parametrize(
    ("kind", "row", "column", "reason"),
    [
        (
            "decisions",
            {"决策承办单位代码": "532502-sfj"},
            "决策承办单位代码",
            "不是弥勒市人民政府的部门或乡镇",
        ),
        (
            "decisions",
            {"听证组织单位代码": "532502-sfj"},
            "听证组织单位代码",
            "不是弥勒市人民政府的部门或乡镇",
        ),
        ("decisions", {"列入日期": "2024-02-30"}, "列入日期", ""),
        ("decisions", {"事项类别": "随便"}, "事项类别", ""),
        ("decisions", {"年度": "2022"}, "年度", "尚未编制2022年度决策事项目录"),
        ("meetings", {"会议类型": "座谈会"}, "会议类型", ""),
        ("meetings", {"召开日期": "2021-13-01"}, "召开日期", ""),
    ],
)
def test_import_with_a_bad_row_writes_nothing_and_names_row_and_column(
    org, people, tmp_path, kind, row, column, reason
):
    _coordinator_office(org, people)
    base, importer = (
        (DECISION, DecisionImporter) if kind == "decisions" else (MEETING, MeetingImporter)
    )
    good = base | ({"决策事项": "另一项"} if kind == "decisions" else {"届次": "另一次"})
    path, errors = tmp_path / "x.xlsx", io.StringIO()
    path.write_bytes(xlsx_for(importer, [good, base | row]))
    decisions, meetings = Decision.objects.count(), Meeting.objects.count()
    with pytest.raises(CommandError):
        run_import_command(kind, path, "coord", errors)
    text = errors.getvalue()
    assert "3" in text and column in text and reason in text, text  # row 3 (after the header)
    assert (Decision.objects.count(), Meeting.objects.count()) == (decisions, meetings)
    assert not AuditEntry.objects.filter(channel="import").exists()


# --- API and pages ---


def test_api_creates_a_meeting_and_takes_steps(org, people, client):
    f.assign_offices(org)
    client.force_login(people["reviewer"])
    made = client.post(
        "/api/meetings/records",
        {"kind": "executive", "number": "第5次", "held_on": "2024-05-06"},
        "application/json",
    )
    assert made.status_code in (200, 201), made.content
    pk = made.json()["id"]
    done = client.post(
        f"/api/meetings/records/{pk}/study",
        {"topic": "民法典", "speaker": "司法局局长"},
        "application/json",
    )
    assert done.status_code == 200 and Meeting.objects.get(pk=pk).study_topic == "民法典"
    d = f.listed(org, people)
    started = client.post(
        f"/api/decisions/records/{d.pk}/start",
        {"on": "2024-02-01", "unit": "532504-gaj", "needs_experts": True},
        "application/json",
    )
    assert started.status_code == 200 and started.json()["status"] == "started", started.content
    refused = client.post(
        f"/api/decisions/records/{d.pk}/open_comment",
        {"on": "2024-03-01", "draft": "x", "days": 30},
        "application/json",
    )
    assert refused.status_code in (403, 422) and "决策承办单位" in refused.json()["detail"]


@pytest.mark.parametrize(
    "url_name", ["decisions:list", "meetings:list", "decision_catalogues:list"]
)
def test_list_pages_run_a_constant_number_of_queries(
    org, people, client, django_assert_max_num_queries, url_name
):
    client.force_login(people["coordinator"])
    cat = f.catalogue(org, people, published=False)
    f.meeting(org, people)

    def more(n, start):
        for i in range(start, start + n):
            services.add_item(
                people["reviewer"],
                W,
                cat,
                on=D(2024, 1, 15),
                title=f"事项{i}",
                category="plan",
                unit=org["police"],
            )
            f.meeting(org, people, number=f"第{i + 10}次")

    more(2, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url_name)).status_code == 200
    more(20, 2)
    for year in range(2000, 2003):
        services.create_catalogue(
            people["reviewer"], W, {"year": year + 20, "title": "", "drafted_on": D(2024, 1, 2)}
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(url_name)).status_code == 200


def test_the_archive_lists_every_step_and_file(org, people, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.core.instruments.services import attach

    d = f.decided(org, people)
    attach(
        people["police_staff"],
        W,
        d,
        SimpleUploadedFile("起草说明.pdf", b"%PDF-1.4 demo"),
        "起草说明",
    )
    client.force_login(people["coordinator"])
    page = client.get(reverse("decisions:archive", args=[d.pk])).content.decode()
    for text in (
        "列入决策事项目录",
        "公开征求意见",
        "送请合法性审查",
        "集体讨论决定",
        "起草说明.pdf",
        "第三十三条",
    ):
        assert text in page
    assert "13812345678" not in page  # the opinion's contact is never shown
