"""案卷评查 through its services: the order of the steps and their audit rows, the draw through
the kernel (it recomputes from its published inputs, and its selection is exactly the 评查案卷
rows), the rubric frozen once committed, scoring (a reviewer never scores a file of their own
unit, no item above its 分值), the grade lines and the 整改 period (settings, rules.py), the
tick's reminder, and scope (another county can neither plan over 弥勒's departments nor act)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from fazhi.core import draws
from fazhi.core.audit import Channel
from fazhi.core.clocks import due_date
from fazhi.core.draws import Draw
from fazhi.core.models import AuditEntry, JobRun, Notice
from fazhi.core.workflow import Refusal
from fazhi.enforcement.casereview import jobs, rules, services
from fazhi.enforcement.casereview.models import (
    CampaignStatus,
    FileStatus,
    Grade,
    ReviewFile,
    Score,
)

from .factories import (
    COMMITMENT,
    campaign,
    closed_case,
    committed,
    drawn,
    full_marks,
)

W = Channel.WEB
D = dt.date
pytestmark = pytest.mark.django_db


def _actions(obj) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def _police_and_land(org, people, police=3, land=2):
    for n in range(police):
        closed_case(org, people["police_staff"], n=n + 1)
    for n in range(land):
        closed_case(
            org, people["land_staff"], unit=org["land"], n=50 + n, field="natural_resources"
        )


def test_the_campaign_in_order_the_draw_verifies_and_its_selection_is_the_files(org, people):
    _police_and_land(org, people)
    c = drawn(org, people, departments=[org["police"], org["land"]], per_department=2)
    assert c.status == CampaignStatus.REVIEWING
    assert _actions(c) == ["制定案卷评查方案", "公示随机抽取", "随机抽取案卷"]
    # the kernel recomputes the draw from its published inputs: clean
    assert draws.verify(c.draw) == []
    assert draws.verify_export(draws.export(c.draw)) == []
    # the selection is exactly the 评查案卷 rows, two per department
    selected = {int(e.key) for e in draws.selected(c.draw)}
    assert selected == set(c.files.values_list("case_id", flat=True))
    assert sorted(c.files.values_list("unit__code", flat=True)) == [
        "532504-gaj",
        "532504-gaj",
        "532504-zrzyj",
        "532504-zrzyj",
    ]
    assert {f.status for f in c.files.all()} == {FileStatus.PENDING}
    assert all(_actions(f) == ["抽中评查案卷"] for f in c.files.all())
    # the pool: both departments' closed 2025 cases, stratum = department
    strata = sorted({e.stratum for e in draws.entries_of(c.draw)})
    assert strata == ["弥勒市公安局", "弥勒市自然资源局"] and c.draw.pool_size == 5


def test_a_total_with_at_least_one_per_department(org, people):
    _police_and_land(org, people, police=3, land=1)
    c = drawn(org, people, departments=[org["police"], org["land"]], per_department=None, total=2)
    assert sorted(c.files.values_list("unit__code", flat=True)) == ["532504-gaj", "532504-zrzyj"]
    assert c.draw.parameters["at_least_one_per_stratum"] is True and draws.verify(c.draw) == []


def test_a_draw_whose_constraints_cannot_be_met_is_refused_with_the_kernels_message(org, people):
    closed_case(org, people["police_staff"])
    c = campaign(org, people, per_department=3)
    with pytest.raises(Refusal) as refused:
        services.commit(
            people["coordinator"],
            W,
            c,
            seed_method="commit_reveal",
            seed_commitment=COMMITMENT,
            on=D(2025, 8, 4),
        )
    message = refused.value.messages[0]
    assert message.startswith("无法公示抽取：") and "弥勒市公安局" in message
    assert Draw.objects.count() == 0
    c.refresh_from_db()
    assert c.status == CampaignStatus.PLANNING and _actions(c) == ["制定案卷评查方案"]


def test_a_department_without_closed_cases_of_the_year_is_named(org, people):
    closed_case(org, people["police_staff"])
    c = campaign(org, people, departments=[org["police"], org["land"]])
    with pytest.raises(Refusal, match="弥勒市自然资源局在2025年没有已结案卷"):
        services.commit(
            people["coordinator"],
            W,
            c,
            seed_method="commit_reveal",
            seed_commitment=COMMITMENT,
            on=D(2025, 8, 4),
        )


def test_a_wrong_seed_is_refused_and_nothing_is_drawn(org, people):
    closed_case(org, people["police_staff"])
    c = committed(org, people)
    with pytest.raises(Refusal, match="揭示的随机种子与公示的承诺不符"):
        services.draw(people["coordinator"], W, c, seed="not-the-seed", on=D(2025, 8, 5))
    assert ReviewFile.objects.count() == 0


def test_the_rubric_is_edited_before_the_draw_and_frozen_once_committed(org, people):
    closed_case(org, people["police_staff"])
    c = campaign(org, people)
    c = services.rubric(people["coordinator"], W, c, rubric="主体合法 30\n程序合法：70")
    assert [(i.name, i.max_points) for i in c.items.all()] == [
        ("主体合法", Decimal(30)),
        ("程序合法", Decimal(70)),
    ]
    with pytest.raises(Refusal, match="无法识别"):
        services.rubric(people["coordinator"], W, c, rubric="主体合法")
    c = services.commit(
        people["coordinator"],
        W,
        c,
        seed_method="commit_reveal",
        seed_commitment=COMMITMENT,
        on=D(2025, 8, 4),
    )
    with pytest.raises(Refusal, match="当前状态为“已公示抽取”"):
        services.rubric(people["coordinator"], W, c, rubric="主体合法 100")
    with pytest.raises(Refusal, match="当前状态为“已公示抽取”"):
        services.plan(
            people["coordinator"],
            W,
            c,
            title="x",
            departments=[org["police"]],
            reviewers=[people["reviewer"]],
            per_department=1,
        )
    assert c.items.count() == 2


def test_only_the_organising_unit_plans_and_draws(org, people):
    closed_case(org, people["police_staff"])
    c = campaign(org, people)
    for persona in ("police_staff", "land_staff"):
        user = people[persona]
        with pytest.raises(Refusal, match="评查组织单位"):
            services.commit(
                user,
                W,
                c,
                seed_method="commit_reveal",
                seed_commitment=COMMITMENT,
                on=D(2025, 8, 4),
            )
    # another county's 司法局 (it holds the duty for its own government) cannot act on 弥勒's
    with pytest.raises(Refusal, match="组织本次评查的单位"):
        services.commit(
            people["kaiyuan_staff"],
            W,
            c,
            seed_method="commit_reveal",
            seed_commitment=COMMITMENT,
            on=D(2025, 8, 4),
        )
    # nor plan a campaign over 弥勒's departments
    with pytest.raises(Refusal, match="不在本级政府范围内"):
        services.plan_campaign(
            people["kaiyuan_staff"],
            W,
            {
                "year": 2025,
                "title": "开远评查",
                "departments": [org["police"]],
                "per_department": 1,
                "reviewers": [people["kaiyuan_staff"]],
                "rubric": "总分 100",
                "planned_on": D(2025, 8, 1),
            },
        )


def test_a_reviewer_cannot_score_a_file_of_their_own_unit(org, people):
    closed_case(org, people["police_staff"])
    c = drawn(org, people, reviewers=[people["reviewer"], people["police_staff"]])
    file = c.files.get()
    with pytest.raises(Refusal, match="不得评查本单位的案卷"):
        services.score(
            people["police_staff"], W, file, scored_on=D(2025, 8, 20), **full_marks(file)
        )
    # nor can someone who is not a reviewer of the campaign (the coordinator included)
    with pytest.raises(Refusal, match="评查人员"):
        services.score(people["coordinator"], W, file, scored_on=D(2025, 8, 20), **full_marks(file))
    assert Score.objects.count() == 0
    file = services.score(people["reviewer"], W, file, scored_on=D(2025, 8, 20), **full_marks(file))
    assert file.status == FileStatus.SCORED and file.reviewer == people["reviewer"]


def test_a_score_above_the_items_maximum_is_refused(org, people):
    closed_case(org, people["police_staff"])
    file = drawn(org, people).files.get()
    values = full_marks(file)
    first = file.campaign.items.first()
    values[f"item_{first.pk}"] = first.max_points + Decimal("0.5")
    with pytest.raises(Refusal, match="超过该项分值"):
        services.score(people["reviewer"], W, file, scored_on=D(2025, 8, 20), **values)
    values[f"item_{first.pk}"] = Decimal(-1)
    with pytest.raises(Refusal, match="不能为负数"):
        services.score(people["reviewer"], W, file, scored_on=D(2025, 8, 20), **values)
    del values[f"item_{first.pk}"]
    with pytest.raises(Refusal, match="请填写“主体合法”的得分"):
        services.score(people["reviewer"], W, file, scored_on=D(2025, 8, 20), **values)
    file.refresh_from_db()
    assert file.status == FileStatus.PENDING and Score.objects.count() == 0


def test_the_total_and_grade_follow_the_settings_lines(org, people, settings):
    closed_case(org, people["police_staff"])
    file = drawn(org, people).files.get()
    file = services.score(
        people["reviewer"],
        W,
        file,
        scored_on=D(2025, 8, 20),
        findings="文书不规范",
        **full_marks(file, less=5),
    )
    assert (file.total, file.max_total, file.percent) == (Decimal(95), Decimal(100), Decimal(95))
    assert file.grade == Grade.EXCELLENT and file.scores.count() == 7
    assert "评分" in _actions(file)
    details = AuditEntry.objects.filter(action="评分").get().after["details"]["scores"]
    assert details[0] == ["主体合法", "5.0", "扣分"]
    settings.FAZHI_CASE_REVIEW_EXCELLENT, settings.FAZHI_CASE_REVIEW_PASS = 98, 96
    assert rules.grade(Decimal(95)) == Grade.FAIL
    assert rules.grade(Decimal(97)) == Grade.PASS


def test_the_result_goes_back_with_a_rectification_period_in_workdays(org, people):
    """20 工作日 (FAZHI_CASE_REVIEW_RECTIFY_WORKDAYS) from the day after it is sent: across 国庆
    2025 (10月1日至8日放假，9月28日、10月11日上班) the period ends on 30 October."""
    closed_case(org, people["police_staff"])
    file = drawn(org, people).files.get()
    file = services.score(
        people["reviewer"],
        W,
        file,
        scored_on=D(2025, 9, 20),
        findings="证据目录不完整",
        **full_marks(file, less=3),
    )
    file = services.send(people["coordinator"], W, file, on=D(2025, 9, 26))
    assert file.status == FileStatus.RECTIFYING
    assert file.rectify_due_on == D(2025, 10, 30) == due_date(D(2025, 9, 26), "20工作日")
    assert (file.next_due_on, file.next_due_label) == (D(2025, 10, 30), "登记整改情况")
    # another department cannot record it; the department can
    with pytest.raises(Refusal, match="被评查的执法部门"):
        services.rectify(people["land_staff"], W, file, rectification="x", on=D(2025, 10, 9))
    file = services.rectify(
        people["police_staff"], W, file, rectification="已补正证据目录", on=D(2025, 10, 9)
    )
    assert file.status == FileStatus.RECTIFIED and file.next_due_on is None
    assert _actions(file) == ["抽中评查案卷", "评分", "反馈评查结果", "登记整改情况"]


def test_a_result_without_findings_needs_no_rectification(org, people):
    closed_case(org, people["police_staff"])
    c = drawn(org, people)
    file = services.score(
        people["reviewer"], W, c.files.get(), scored_on=D(2025, 8, 20), **full_marks(c.files.get())
    )
    file = services.send(people["coordinator"], W, file, on=D(2025, 8, 21))
    assert file.status == FileStatus.RETURNED and file.next_due_on is None
    c = services.finish(people["coordinator"], W, c, on=D(2025, 8, 22))
    assert c.status == CampaignStatus.DONE


def test_the_campaign_cannot_finish_with_files_unscored(org, people):
    closed_case(org, people["police_staff"])
    c = drawn(org, people)
    with pytest.raises(Refusal, match="尚有案卷未评分"):
        services.finish(people["coordinator"], W, c, on=D(2025, 8, 22))


def test_the_tick_reminds_the_department_of_an_overdue_rectification(org, people):
    closed_case(org, people["police_staff"])
    file = drawn(org, people).files.get()
    file = services.score(
        people["reviewer"],
        W,
        file,
        scored_on=D(2025, 9, 20),
        findings="文书不规范",
        **full_marks(file, less=3),
    )
    services.send(people["coordinator"], W, file, on=D(2025, 9, 26))
    run = JobRun.objects.create(name="tick", started_at=timezone.now())
    assert jobs.remind_overdue(run) == 1
    notice = Notice.objects.get(unit=org["police"])
    assert "整改期限" in notice.text and "2025-10-30" in notice.text
    assert jobs.remind_overdue(run) == 0  # once per due date


def test_a_public_source_must_lie_ahead_and_is_drawn_after_its_date(org, people):
    closed_case(org, people["police_staff"])
    c = campaign(org, people)
    past = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(Refusal, match="公开随机源须在公示后开奖"):
        services.commit(
            people["coordinator"],
            W,
            c,
            seed_method="public_source",
            public_source="中国福利彩票双色球第2025130期",
            public_source_on=past,
            on=D(2025, 8, 4),
        )
    c = services.commit(
        people["coordinator"],
        W,
        c,
        seed_method="public_source",
        public_source="中国福利彩票双色球第2025130期",
        public_source_on=timezone.localdate(),
        on=D(2025, 8, 4),
    )
    c = services.draw(
        people["coordinator"], W, c, public_values="03 07 12 18 25 31 + 09", on=timezone.localdate()
    )
    assert c.draw.seed == "3.7.12.18.25.31./9./" and draws.verify(c.draw) == []
    assert c.files.count() == 1
