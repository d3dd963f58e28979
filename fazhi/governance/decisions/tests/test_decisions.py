"""重大行政决策 (《重大行政决策程序暂行条例》, "JC"): the catalogue (art. 3 ¶3), the steps of a
decision in their order with the refusals the law makes (arts. 14–16, 19, 22, 25, 30–32), the
comment clock, the 合法性审查 through the 合法性审核 app, scope and audit."""

import datetime as dt

import pytest

from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.governance.decisions import services
from fazhi.governance.decisions.models import CatalogueStatus, Status
from fazhi.governance.legality.queries import review_of
from fazhi.governance.legality.services import ReviewKind

from . import factories as f

D, W = dt.date, "web"


def test_art3_a_catalogue_is_published_only_after_the_party_committee_agreed(org, people):
    cat = f.catalogue(org, people, published=False)
    with pytest.raises(Refusal, match=r"经同级党委同意后方可向社会公布.*第三条第三款"):
        services.publish_catalogue(people["reviewer"], W, cat, on=D(2024, 1, 25))
    cat = services.party_agree(
        people["reviewer"], W, cat, on=D(2024, 1, 20), party_document="常委会"
    )
    cat = services.publish_catalogue(people["reviewer"], W, cat, on=D(2024, 1, 25))
    assert (cat.status, cat.party_agreed_on) == (CatalogueStatus.PUBLISHED, D(2024, 1, 20))
    actions = AuditEntry.objects.filter(object_type="decisions.Catalogue").values_list(
        "action", flat=True
    )
    assert list(actions) == ["编制决策事项目录", "登记党委同意", "公布目录"]


def test_art3_adjusting_a_published_catalogue_states_the_reason(org, people):
    cat = f.catalogue(org, people)
    data = {
        "on": D(2024, 6, 3),
        "title": "城区供水价格调整",
        "category": "policy",
        "unit": org["land"],
    }
    with pytest.raises(Refusal, match=r"应写明调整理由.*第三条第三款"):
        services.add_item(people["reviewer"], W, cat, **data)
    added = services.add_item(people["reviewer"], W, cat, **data, reason="省里新部署")
    assert (added.status, added.listing_reason) == (Status.LISTED, "省里新部署")
    removed = services.remove(people["reviewer"], W, added, on=D(2024, 9, 2), reason="并入其他事项")
    assert (removed.status, removed.removal_reason) == (Status.REMOVED, "并入其他事项")
    assert AuditEntry.objects.filter(action="调出目录", object_id=str(added.pk)).exists()


def test_art15_the_comment_period_is_30_days_and_ends_on_a_working_day(org, people):
    d = f.commenting(org, people, on=D(2024, 3, 1))
    # 30 日 from Fri 2024-03-01: Sun 2024-03-31, a rest day → Mon 2024-04-01.
    assert (d.comment_until, d.next_due_on, d.next_due_label) == (
        D(2024, 4, 1),
        D(2024, 4, 1),
        "征求意见截止",
    )
    with pytest.raises(Refusal, match=r"期满前不能结束征求意见.*第十四条、第十五条"):
        services.close_comment(people["police_staff"], W, d, on=D(2024, 4, 1))
    with pytest.raises(Refusal, match=r"已于2024-04-01截止"):
        f.opinion(people, d, on=D(2024, 4, 2))


def test_art15_a_shorter_period_needs_its_urgency_stated(org, people):
    with pytest.raises(Refusal, match=r"不少于30日.*应当予以说明.*第十五条"):
        f.commenting(org, people, days=15)
    d = f.commenting(org, people, year=2023, days=15, urgency_reason="汛期前须出台")
    assert (d.comment_days, d.comment_until) == (15, D(2024, 3, 18))  # Sat 16th → Mon 18th


def test_art18_every_opinion_is_handled_before_the_handling_is_published(org, people):
    d = f.commenting(org, people)
    first = f.opinion(people, d)
    d = services.close_comment(people["police_staff"], W, d, on=D(2024, 4, 2))
    with pytest.raises(Refusal, match=r"尚有1条公众意见未处理.*第十八条"):
        services.publish_handling(people["police_staff"], W, d, on=D(2024, 4, 5))
    with pytest.raises(Refusal, match=r"应当说明理由.*第十八条"):
        services.handle_opinion(
            people["police_staff"], W, d, on=D(2024, 4, 3), opinion=first, outcome="rejected"
        )
    services.handle_opinion(
        people["police_staff"], W, d, on=D(2024, 4, 3), opinion=first, outcome="adopted"
    )
    d = services.publish_handling(people["police_staff"], W, d, on=D(2024, 4, 5))
    assert d.handling_published_on == D(2024, 4, 5)


def test_art16_hearing_materials_reach_participants_7_days_before(org, people):
    d = f.commenting(org, people)
    args = {
        "on": D(2024, 3, 20),
        "hearing_unit": org["police"],
        "place": "市政府第一会议室",
        "announced_on": D(2024, 3, 8),
        "participants": "市民代表5名、经营者代表3名",
        "record": "参加人确认记录并签字",
    }
    with pytest.raises(Refusal, match=r"7日前送达听证参加人.*第十六条"):
        services.hearing(people["police_staff"], W, d, **args, materials_on=D(2024, 3, 14))
    with pytest.raises(Refusal, match=r"名单应当在听证会召开前向社会公布"):
        services.hearing(
            people["police_staff"],
            W,
            d,
            **args | {"announced_on": D(2024, 3, 20)},
            materials_on=D(2024, 3, 13),
        )
    d = services.hearing(people["police_staff"], W, d, **args, materials_on=D(2024, 3, 13))
    assert (d.hearing_on, d.hearing_unit) == (D(2024, 3, 20), org["police"])


def test_art25_a_draft_is_not_discussed_without_public_participation_and_legality_review(
    org, people
):
    d = f.prepared(org, people)
    m = f.meeting(org, people)
    # 公众参与 done; no review yet: art. 25.
    with pytest.raises(
        Refusal, match=r"合法性审查\(未经合法性审查的，不得提交决策机关讨论.*第二十五条"
    ):
        services.decide(people["reviewer"], W, d, meeting=m, outcome="adopted")
    review = services.request_review(people["police_staff"], W, d, on=D(2024, 4, 8))
    assert (review.kind, review_of(d)) == (ReviewKind.DECISION, review)
    with pytest.raises(Refusal, match=r"审查意见尚未作出"):
        services.decide(people["reviewer"], W, d, meeting=m, outcome="adopted")
    assert "request_review" not in {
        s.key for s in services.STEPS.offered(people["police_staff"], d)
    }


def test_art25_an_unlawful_draft_is_not_discussed(org, people):
    d = f.reviewed(org, people, verdict="unlawful")
    m = f.meeting(org, people)
    with pytest.raises(Refusal, match=r"经审查不合法的，不得提交决策机关讨论.*第二十五条"):
        services.decide(people["reviewer"], W, d, meeting=m, outcome="adopted")


def test_art14_art15_a_draft_without_public_comment_is_not_discussed(org, people):
    d = f.started(org, people)
    d.status = Status.PREPARING  # as if it had skipped the public comment
    d.save()
    m = f.meeting(org, people)
    with pytest.raises(Refusal, match=r"公众参与.*第十四条、第十五条"):
        services.decide(people["reviewer"], W, d, meeting=m, outcome="adopted")


def test_art19_art22_flagged_experts_and_risk_are_required(org, people):
    d = f.reviewed(org, people, needs_experts=True, needs_risk=True)
    m = f.meeting(org, people)
    with pytest.raises(Refusal, match=r"专家论证.*第十九条.*风险评估.*第二十二条至第二十四条"):
        services.decide(people["reviewer"], W, d, meeting=m, outcome="adopted")
    staff = people["police_staff"]
    d = services.experts(
        staff, W, d, on=D(2024, 4, 10), way="论证会", experts="交通规划专家3名", opinion="可行"
    )
    d = services.risk(staff, W, d, on=D(2024, 4, 12), conclusion="controllable", report="风险可控")
    d = services.decide(
        people["reviewer"], W, d, meeting=m, outcome="adopted", dissent="一名委员建议缓行"
    )
    assert (d.status, d.decided_on, d.meeting) == (Status.DECIDED, D(2024, 4, 26), m)


def test_art30_art32_decided_at_the_meeting_then_published_after_reporting_to_the_party(
    org, people
):
    d = f.decided(org, people)
    assert list(d.meeting.decisions.all()) == [d]
    with pytest.raises(Refusal, match=r"请示报告日期.*不能早于决定日期"):
        services.publish(
            people["reviewer"],
            W,
            d,
            on=D(2024, 5, 10),
            party_reported_on=D(2024, 4, 20),
            text="办法全文",
        )
    d = services.publish(
        people["reviewer"],
        W,
        d,
        on=D(2024, 5, 10),
        party_reported_on=D(2024, 5, 6),
        text="办法全文",
        document_number="弥政规〔2024〕2号",
    )
    assert (d.status, d.published_on) == (Status.PUBLISHED, D(2024, 5, 10))
    d = services.evaluate(
        people["reviewer"],
        W,
        d,
        on=D(2024, 11, 4),
        ground="3",
        evaluation_unit="第三方机构",
        evaluation="效果良好",
    )
    assert d.evaluated_on == D(2024, 11, 4)
    actions = list(
        AuditEntry.objects.filter(
            object_type="decisions.Decision", object_id=str(d.pk)
        ).values_list("action", flat=True)
    )
    assert actions == [
        "列入决策事项目录",
        "启动决策程序",
        "公开征求意见",
        "登记公众意见",
        "结束征求意见",
        "处理公众意见",
        "公布意见采纳情况",
        "送请合法性审查",
        "集体讨论决定",
        "公布决策",
        "决策后评估",
    ]


def test_a_deferred_draft_returns_for_amendment(org, people):
    d = f.reviewed(org, people)
    d = services.decide(
        people["reviewer"], W, d, meeting=f.meeting(org, people), outcome="deferred"
    )
    assert (d.status, d.decided_on) == (Status.PREPARING, None)


def test_steps_are_taken_in_order(org, people):
    d = f.listed(org, people)
    with pytest.raises(Refusal, match=r"只有“已启动”的重大行政决策可以公开征求意见"):
        services.open_comment(people["police_staff"], W, d, on=D(2024, 3, 1), draft="草案")
    with pytest.raises(Refusal, match=r"只有本级政府的重大行政决策统筹机构"):
        services.start(people["police_staff"], W, d, on=D(2024, 2, 1), unit=org["police"])


def test_another_county_and_another_unit_cannot_act_or_see(org, people, client):
    d = f.commenting(org, people)
    with pytest.raises(Refusal):
        f.opinion({"police_staff": people["kaiyuan_staff"]}, d)
    with pytest.raises(Refusal, match=r"只有决策承办单位的工作人员"):
        services.close_comment(people["land_staff"], W, d, on=D(2024, 4, 2))
    for persona in ("kaiyuan_staff", "land_staff"):
        client.force_login(people[persona])
        assert client.get(d.get_absolute_url()).status_code == 404
        assert client.get(f"/juece/{d.pk}/dangan/").status_code == 404
    client.force_login(people["kaiyuan_staff"])
    assert client.get(d.catalogue.get_absolute_url()).status_code == 404
    with pytest.raises(Refusal, match=r"不是弥勒市人民政府的部门或乡镇"):
        services.add_item(
            people["reviewer"],
            W,
            d.catalogue,
            on=D(2024, 6, 1),
            title="x",
            category="policy",
            unit=org["kaiyuan_justice"],
            reason="r",
        )


@pytest.mark.parametrize(
    ("opened", "until"),
    [
        # 30 日 from 2021-01-21: Sat 2021-02-20, a 调休 working day (春节): it stays.
        (D(2021, 1, 21), D(2021, 2, 20)),
        # 30 日 from 2021-04-08: Sat 2021-05-08, a 调休 working day (劳动节): it stays.
        (D(2021, 4, 8), D(2021, 5, 8)),
        # 30 日 from 2021-03-04: Sat 2021-04-03, 清明节 (3–5 April): the next working day.
        (D(2021, 3, 4), D(2021, 4, 6)),
    ],
)
def test_art15_the_comment_clock_follows_the_state_councils_holidays(org, people, opened, until):
    d = f.listed(org, people, year=2021)
    d = services.start(people["reviewer"], W, d, on=D(2021, 1, 18), unit=org["police"])
    d = services.open_comment(people["police_staff"], W, d, on=opened, draft="草案")
    assert d.comment_until == until
