"""Steps of the 2023 law the procedure lacked (issue 8, missing steps): each test names its
article."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.disputes.reconsideration import services
from fazhi.disputes.reconsideration.models import ReconsiderationCase, Status

from .factories import accepted, received

D = dt.date


@pytest.fixture
def staff(people):
    return people["reviewer"]


def fresh(case):
    return ReconsiderationCase.objects.get(pk=case.pk)


# --- 被申请人答复: arts. 48, 54, 70 -----------------------------------------------------------


def test_art48_copy_within_7_workdays_and_reply_within_10_from_its_receipt(org, staff, people):
    """行政复议法(2023) art. 48: 受理之日起七日内发送申请书副本；被申请人自收到之日起十日内
    提出书面答复并提交证据、依据 (working days, art. 88 ¶2). The respondent enters its answer."""
    case = accepted(org, staff, submitted_on=D(2024, 3, 4))  # accepted 03-04 (Monday)
    assert (case.next_due_on, case.next_due_label) == (D(2024, 3, 13), "发送申请书副本")
    with pytest.raises(Refusal, match="尚未发送申请书副本"):
        services.reply(people["police_staff"], Channel.WEB, case, on=D(2024, 3, 6))
    case = services.send_copy(staff, Channel.WEB, case, on=D(2024, 3, 6))
    assert case.next_due_label == "作出决定"  # the reply's period waits for the copy's 送达
    case = services.copy_served(staff, Channel.WEB, case, served_on=D(2024, 3, 8), way="post")
    assert (case.next_due_on, case.next_due_label) == (D(2024, 3, 22), "被申请人答复")
    # only the respondent's own staff answer; the 复议机构 cannot enter it for them
    with pytest.raises(Refusal, match="被申请人"):
        services.reply(staff, Channel.WEB, case, on=D(2024, 3, 20), with_evidence=True)
    case = services.reply(
        people["police_staff"], Channel.WEB, case, on=D(2024, 3, 20), with_evidence=True
    )
    assert case.replied_on == D(2024, 3, 20) and case.reply_with_evidence
    assert case.next_due_label == "作出决定"
    entry = AuditEntry.objects.get(object_id=str(case.pk), action="被申请人答复")
    assert entry.actor == people["police_staff"]


def test_art54_simplified_periods_3_and_5_workdays(org, staff):
    """行政复议法(2023) art. 54 ¶1: 简易程序 — 副本 within 三日 of 受理, 答复 within 五日 of
    its receipt."""
    case = received(org, staff, submitted_on=D(2024, 3, 4))
    case = services.accept(
        staff,
        Channel.WEB,
        case,
        on=D(2024, 3, 4),
        procedure="simplified",
        simplified_ground="warning",
    )
    assert case.next_due_on == D(2024, 3, 7)
    case = services.send_copy(staff, Channel.WEB, case, on=D(2024, 3, 5))
    case = services.copy_served(staff, Channel.WEB, case, served_on=D(2024, 3, 5), way="in_person")
    assert (case.next_due_on, case.next_due_label) == (D(2024, 3, 12), "被申请人答复")


def test_art70_no_reply_prompts_revocation_on_the_decision_form(org, staff, people, client):
    """行政复议法(2023) art. 70: no answer with evidence by the period → 视为没有证据、依据 → the
    decision form warns and proposes 撤销; an answer in time removes the warning."""
    case = accepted(org, staff, submitted_on=D(2024, 3, 4))
    case = services.send_copy(staff, Channel.WEB, case, on=D(2024, 3, 6))
    case = services.copy_served(staff, Channel.WEB, case, served_on=D(2024, 3, 8), way="post")
    assert "第七十条" in services.no_reply_warning(case, today=D(2024, 3, 25))
    assert services.no_reply_warning(case, today=D(2024, 3, 22)) == ""
    client.force_login(staff)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "第七十条" in page  # the reply period (03-22) is long past today
    case = services.hear_views(
        staff, Channel.WEB, case, on=D(2024, 3, 28), way="phone", note="申请人坚持原请求"
    )
    case = services.decide(staff, Channel.WEB, case, on=D(2024, 4, 1), outcome="revoked")
    assert case.outcome == "revoked"
    answered = accepted(org, staff, submitted_on=D(2024, 3, 4))
    answered = services.send_copy(staff, Channel.WEB, answered, on=D(2024, 3, 6))
    answered = services.copy_served(
        staff, Channel.WEB, answered, served_on=D(2024, 3, 8), way="post"
    )
    answered = services.reply(
        people["police_staff"], Channel.WEB, answered, on=D(2024, 3, 15), with_evidence=True
    )
    assert services.no_reply_warning(answered, today=D(2024, 4, 1)) == ""
    # an answer without the evidence is no answer under art. 70
    bare = accepted(org, staff, submitted_on=D(2024, 3, 4))
    bare = services.send_copy(staff, Channel.WEB, bare, on=D(2024, 3, 6))
    bare = services.reply(people["police_staff"], Channel.WEB, bare, on=D(2024, 3, 15))
    assert "第七十条" in services.no_reply_warning(bare, today=D(2024, 4, 1))


def test_respondent_enters_its_answer_in_its_own_pages(org, staff, people, client):
    """The answer is the respondent's act (arts. 48, 54): offered on its staff's page of the case,
    and through the API; never to another department."""
    case = accepted(org, staff, submitted_on=D(2024, 3, 4))
    services.send_copy(staff, Channel.WEB, case, on=D(2024, 3, 6))
    client.force_login(people["police_staff"])
    page = client.get(case.get_absolute_url()).content.decode()
    assert "提交书面答复" in page
    client.post(
        reverse("reconsideration:step", args=[case.pk, "reply"]),
        {"reply-on": "2024-03-12", "reply-with_evidence": "on", "reply-note": "事实清楚"},
    )
    assert fresh(case).replied_on == D(2024, 3, 12)
    other = accepted(org, staff, submitted_on=D(2024, 3, 4))
    services.send_copy(staff, Channel.WEB, other, on=D(2024, 3, 6))
    client.force_login(people["land_staff"])
    response = client.post(
        f"/api/reconsideration/records/{other.pk}/reply",
        {"on": "2024-03-12", "with_evidence": True},
        content_type="application/json",
    )
    assert response.status_code in (403, 404) and fresh(other).replied_on is None
    client.force_login(people["police_staff"])
    response = client.post(
        f"/api/reconsideration/records/{other.pk}/reply",
        {"on": "2024-03-12", "with_evidence": True},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert fresh(other).reply_with_evidence is True


def test_2017_cases_have_no_copy_step_of_the_2023_law(org, staff):
    case = accepted(org, staff, submitted_on=D(2021, 3, 1))
    with pytest.raises(Refusal, match="2017年法的案件不适用"):
        services.send_copy(staff, Channel.WEB, case, on=D(2021, 3, 2))


# --- 承办人: art. 36 ¶1 ----------------------------------------------------------------------


def test_art36_handler_is_a_person_of_the_office(org, staff, people, client):
    """行政复议法(2023) art. 36 ¶1: 行政复议机构应当指定行政复议人员负责办理行政复议案件."""
    case = received(org, staff, submitted_on=D(2024, 3, 4))
    with pytest.raises(Refusal, match="承办人应为"):
        services.assign(staff, Channel.WEB, case, handler=people["police_staff"])
    case = services.assign(people["coordinator"], Channel.WEB, case, handler=staff)
    assert case.handler == staff
    entry = AuditEntry.objects.get(object_id=str(case.pk), action="指定承办人")
    assert entry.after["details"]["handler"] == "王复议"
    client.force_login(people["coordinator"])
    response = client.post(
        f"/api/reconsideration/records/{case.pk}/assign",
        {"handler": people["overrider"].username},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert fresh(case).handler == people["overrider"]


# --- 申请期限 at receipt: arts. 20–21 -------------------------------------------------------


def test_art20_late_application_is_registered_with_a_warning(org, staff):
    """行政复议法(2023) art. 20 ¶1: 六十日 from knowing of the act; ¶2 lets a 正当理由 excuse the
    delay, so receipt warns (the review decides) and never refuses to register."""
    late = received(org, staff, submitted_on=D(2024, 6, 3), knew_on=D(2024, 3, 1))
    assert "超过六十日" in late.limit_warning and "2024-04-30" in late.limit_warning
    in_time = received(org, staff, submitted_on=D(2024, 4, 30), knew_on=D(2024, 3, 1))
    assert in_time.limit_warning == ""
    with pytest.raises(Refusal, match="不能晚于收到申请之日"):
        received(org, staff, submitted_on=D(2024, 3, 4), knew_on=D(2024, 3, 5))


def test_art20_3_not_told_of_the_right_one_year_at_most(org, staff):
    """行政复议法(2023) art. 20 ¶3: not told of the right and period — at most one year from
    knowing the act's content."""
    within = received(
        org, staff, submitted_on=D(2024, 6, 3), knew_on=D(2024, 1, 2), informed_of_right=False
    )
    assert within.limit_warning == ""
    late = received(
        org, staff, submitted_on=D(2025, 1, 6), knew_on=D(2024, 1, 2), informed_of_right=False
    )
    assert "超过一年" in late.limit_warning


def test_art21_five_and_twenty_years_refuse_acceptance(org, staff):
    """行政复议法(2023) art. 21: over 5 years from the act (不动产 20 years) → 不予受理."""
    old_act = received(
        org, staff, submitted_on=D(2024, 3, 4), act_made_on=D(2018, 3, 1), knew_on=D(2024, 2, 1)
    )
    assert "第二十一条" in old_act.limit_warning
    with pytest.raises(Refusal, match="第二十一条"):
        services.accept(staff, Channel.WEB, old_act, on=D(2024, 3, 5))
    land = received(
        org,
        staff,
        submitted_on=D(2024, 3, 4),
        act_made_on=D(2018, 3, 1),
        knew_on=D(2024, 2, 1),
        real_property=True,
    )
    assert land.limit_warning == ""
    assert services.accept(staff, Channel.WEB, land, on=D(2024, 3, 5)).status == Status.ACCEPTED


def test_receipt_form_takes_the_dates_of_the_period(org, people, client):
    client.force_login(people["reviewer"])
    client.post(
        reverse("reconsideration:new"),
        {
            "applicant_name": "李四",
            "applicant_type": "person",
            "respondent": org["police"].pk,
            "act": "治安管理处罚决定",
            "category": "public_security",
            "receipt_channel": "in_person",
            "submitted_on": "2024-06-03",
            "knew_on": "2024-03-01",
            "informed_of_right": "true",
        },
    )
    case = ReconsiderationCase.objects.get()
    assert case.knew_on == D(2024, 3, 1) and case.informed_of_right is True
    assert "超过六十日" in case.limit_warning
    assert "超过六十日" in client.get(case.get_absolute_url()).content.decode()


# --- 审理: arts. 49–52 -----------------------------------------------------------------------


def test_art49_ordinary_case_is_decided_after_hearing_the_parties(org, staff):
    """行政复议法(2023) art. 49: 普通程序 — 应当当面或者通过互联网、电话等方式听取当事人的意见，
    并将听取的意见记录在案; 因当事人原因不能听取意见的，可以书面审理."""
    case = accepted(org, staff, submitted_on=D(2024, 3, 4))
    with pytest.raises(Refusal, match="第四十九条"):
        services.decide(staff, Channel.WEB, case, on=D(2024, 4, 1), outcome="upheld")
    with pytest.raises(Refusal, match="记录在案"):
        services.hear_views(staff, Channel.WEB, case, on=D(2024, 3, 20), way="phone", note=" ")
    case = services.hear_views(
        staff, Channel.WEB, case, on=D(2024, 3, 20), way="not_possible", note="申请人拒接电话"
    )
    assert (case.views_heard_on, case.views_way) == (D(2024, 3, 20), "not_possible")
    case = services.decide(staff, Channel.WEB, case, on=D(2024, 4, 1), outcome="upheld")
    assert case.status == Status.DECIDED
    # the 简易程序 may be written throughout (art. 54 ¶2); 调解、和解、终止 are no 复议决定
    simple = services.accept(
        staff,
        Channel.WEB,
        received(org, staff, submitted_on=D(2024, 3, 4)),
        on=D(2024, 3, 5),
        procedure="simplified",
        simplified_ground="disclosure",
    )
    assert services.decide(staff, Channel.WEB, simple, on=D(2024, 3, 20), outcome="upheld")
    other = accepted(org, staff, submitted_on=D(2024, 3, 4))
    assert services.decide(staff, Channel.WEB, other, on=D(2024, 3, 20), outcome="terminated")


def test_art50_51_major_case_hearing_with_notice_and_the_respondents_head(org, staff):
    """行政复议法(2023) art. 50 ¶1: 重大、疑难、复杂 → 应当组织听证; art. 51 ¶1: 五日前书面通知
    时间、地点和拟听证事项; ¶3: 被申请人的负责人应当参加，不能参加的说明理由并委托工作人员;
    art. 52 ¶2 (一): and 提请行政复议委员会提出咨询意见."""
    case = accepted(org, staff, submitted_on=D(2024, 3, 4))
    case = services.mark_major(staff, Channel.WEB, case, on=D(2024, 3, 6), reason="群体性")
    case = services.hear_views(staff, Channel.WEB, case, on=D(2024, 3, 7), way="phone", note="x")
    with pytest.raises(Refusal, match="第五十条第一款"):
        services.decide(staff, Channel.WEB, case, on=D(2024, 4, 1), outcome="upheld")
    with pytest.raises(Refusal, match="书面通知"):
        services.hold_hearing(staff, Channel.WEB, case, on=D(2024, 3, 20))
    # notice on Monday 03-11: five working days → the hearing no earlier than Monday 03-18
    with pytest.raises(Refusal, match="2024-03-18"):
        services.notify_hearing(
            staff,
            Channel.WEB,
            case,
            on=D(2024, 3, 11),
            hearing_on=D(2024, 3, 15),
            place="司法局听证室",
            matters="处罚事实",
        )
    case = services.notify_hearing(
        staff,
        Channel.WEB,
        case,
        on=D(2024, 3, 11),
        hearing_on=D(2024, 3, 18),
        place="司法局听证室",
        matters="处罚事实",
    )
    assert (case.next_due_on, case.next_due_label) == (D(2024, 3, 13), "发送申请书副本")
    with pytest.raises(Refusal, match="第五十一条第三款"):
        services.hold_hearing(staff, Channel.WEB, case, on=D(2024, 3, 18))
    case = services.hold_hearing(
        staff, Channel.WEB, case, on=D(2024, 3, 18), delegate_reason="局长出差，委托法制科长"
    )
    assert case.review_mode == "hearing" and case.respondent_head_attended is False
    with pytest.raises(Refusal, match="第五十二条"):
        services.decide(staff, Channel.WEB, case, on=D(2024, 4, 1), outcome="upheld")
    case = services.consult_committee(
        staff, Channel.WEB, case, on=D(2024, 3, 25), ground="major", opinion="建议维持"
    )
    case = services.decide(staff, Channel.WEB, case, on=D(2024, 4, 1), outcome="upheld")
    assert case.status == Status.DECIDED


def test_2017_hearing_needs_no_notice_of_the_2023_law(org, staff):
    """实施条例 art. 33 sets no notice period: a 2017-law hearing is recorded as before."""
    case = accepted(org, staff, submitted_on=D(2021, 3, 1))
    case = services.hold_hearing(staff, Channel.WEB, case, on=D(2021, 3, 20))
    assert case.review_mode == "hearing"


# --- 决定: arts. 69, 71, 72 ------------------------------------------------------------------


def test_art69_art71_art72_outcomes(org, staff):
    """行政复议法(2023) art. 69 驳回行政复议请求 (apart from art. 33 驳回申请); art. 71 行政协议;
    art. 72 赔偿 decided with the decision, granted only with a corrective one."""
    case = accepted(org, staff, submitted_on=D(2024, 3, 4))
    case = services.hear_views(staff, Channel.WEB, case, on=D(2024, 3, 7), way="phone", note="x")
    with pytest.raises(Refusal, match="只能与"):
        services.decide(
            staff, Channel.WEB, case, on=D(2024, 4, 1), outcome="upheld", compensation="ordered"
        )
    case = services.decide(
        staff, Channel.WEB, case, on=D(2024, 4, 1), outcome="dismissed", compensation="refused"
    )
    assert case.get_outcome_display() == "驳回行政复议请求" and case.compensation == "refused"
    deal = accepted(org, staff, submitted_on=D(2024, 3, 4))
    deal = services.hear_views(staff, Channel.WEB, deal, on=D(2024, 3, 7), way="phone", note="x")
    deal = services.decide(staff, Channel.WEB, deal, on=D(2024, 4, 1), outcome="agreement")
    assert deal.outcome == "agreement"
    old = accepted(org, staff, submitted_on=D(2021, 3, 1))
    with pytest.raises(Refusal, match="不适用于本案"):
        services.decide(staff, Channel.WEB, old, on=D(2021, 4, 1), outcome="agreement")


HEARD_2024 = {  # a 2023-law case: 受理, 听取意见 (art. 49), 结案
    "案号": "弥政复〔2024〕7号",
    "递交/寄出日期": "2024-03-04",
    "受理日期": "2024-03-05",
    "听取意见日期": "2024-03-20",
    "听取意见方式": "通过电话听取",
    "结案日期": "2024-04-10",
}


def test_import_replays_the_2023_review_and_the_2017_mediation_ground(org, people, tmp_path):
    """The importer takes the 简易程序 ground (art. 53), the 听取意见 of art. 49 and the 调解
    ground of 实施条例 art. 50, and replays them through the same steps."""
    import io

    from fazhi.disputes.reconsideration.imports import ReconsiderationImporter
    from fazhi.testing.import_files import run_import_command, xlsx_for

    from .test_figures_and_jobs import GOOD

    rows = [
        GOOD | HEARD_2024,
        GOOD
        | {
            "案号": "弥政复〔2024〕8号",
            "递交/寄出日期": "2024-03-04",
            "受理日期": "2024-03-05",
            "审理程序": "简易程序",
            "适用简易程序的情形": "small_amount",
            "结案日期": "",
            "结案结果": "",
        },
        GOOD | {"案号": "弥政复〔2019〕9号", "结案结果": "调解结案", "调解的情形": "discretion"},
    ]
    path = tmp_path / "cases.xlsx"
    path.write_bytes(xlsx_for(ReconsiderationImporter, rows))
    err = io.StringIO()
    try:
        run_import_command("reconsideration", path, "reviewer", err)
    except Exception as exc:
        raise AssertionError(err.getvalue()) from exc
    decided = ReconsiderationCase.objects.get(number="弥政复〔2024〕7号")
    assert (decided.views_way, decided.status) == ("phone", Status.DECIDED)
    simple = ReconsiderationCase.objects.get(number="弥政复〔2024〕8号")
    assert simple.simplified_ground == "small_amount"
    mediated = ReconsiderationCase.objects.get(number="弥政复〔2019〕9号")
    assert mediated.outcome == "mediated"


def test_an_imported_case_is_stored_as_the_same_steps_taken_one_by_one(org, people):
    """An import's chunk holds the records it replays, inserts their 文书 at its end and saves
    only the columns a step changed: the rows it leaves are those of the same steps taken one at
    a time, as on the pages. Every column of the case and of its 文书 is compared."""
    from fazhi.core.imports import run_import
    from fazhi.core.instruments.models import Instrument
    from fazhi.disputes.reconsideration.imports import ReconsiderationImporter
    from fazhi.disputes.reconsideration.models import (
        ApplicantType,
        Category,
        Outcome,
        ReceiptChannel,
        ViewsWay,
    )
    from fazhi.testing.import_files import xlsx_for

    from .test_figures_and_jobs import GOOD

    row = GOOD | HEARD_2024
    reviewer = people["reviewer"]
    result = run_import(
        "reconsideration",
        io.BytesIO(xlsx_for(ReconsiderationImporter, [row])),
        "x.xlsx",
        reviewer,
        "import",
    )
    assert result.ok and result.written == 1, result.errors
    imported = ReconsiderationCase.objects.get(number="弥政复〔2024〕7号")

    def value(choices, label):
        return next(v for v, text in choices.choices if text == label)

    values = {c.name: c.default for c in ReconsiderationImporter.columns}
    values |= {
        "number": "弥政复〔2024〕8号",
        "applicant_name": "赵六",
        "applicant_type": value(ApplicantType, "自然人"),
        "respondent": org["police"],
        "act": "治安管理处罚决定",
        "category": value(Category, "治安处罚"),
        "receipt_channel": value(ReceiptChannel, "当面递交"),
        "submitted_on": D(2024, 3, 4),
        "received_on": None,
        "accepted_on": D(2024, 3, 5),
        "rejected_on": None,
        "views_heard_on": D(2024, 3, 20),
        "views_way": value(ViewsWay, "通过电话听取"),
        "closed_on": D(2024, 4, 10),
        "outcome": value(Outcome, "维持"),
    }
    ReconsiderationImporter(reviewer, "import").replay(values, reviewer)  # no chunk: one by one
    walked = ReconsiderationCase.objects.get(number="弥政复〔2024〕8号")

    def stored(case) -> dict:
        skip = {"id", "number", "created_at", "updated_at"}
        return {f.attname: getattr(case, f.attname) for f in case._meta.concrete_fields} | {
            name: None for name in skip
        }

    def papers(case) -> list[dict]:
        """Each 文书's columns, but for what differs by construction: its id, record, 文号
        and the time it was entered; its body with the case's and its own number taken out."""
        skip = {"id", "object_id", "number", "issued_at"}
        return [
            {
                f.attname: getattr(paper, f.attname)
                for f in Instrument._meta.concrete_fields
                if f.attname not in skip
            }
            | {"body": paper.body.replace(case.number, "№").replace(paper.number, "文号")}
            for paper in Instrument.objects.filter(object_id=case.pk).order_by("id")
        ]

    assert stored(imported) == stored(walked)
    assert papers(imported) == papers(walked) and len(papers(walked)) >= 2
