"""The steps of a 行政执法案件 in their order and their refusals (each citing its article):
two certified officers (行政处罚法第四十二条), no 重大 decision without a 法制审核 that agreed
(第五十八条), 告知 before a 处罚 (第四十四条), 全程音像记录 of 查封扣押 and 强制拆除
(118号 (八)); the clocks (90 日 from 立案, 送达 7 工作日, 公示 7 vs 20 工作日 with 调休,
撤下 3 工作日); scope; audit rows."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.audit import Channel
from fazhi.core.instruments.services import attach
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.enforcement.cases import services
from fazhi.enforcement.cases.models import (
    Case,
    CaseKind,
    CriterionCategory,
    LegalReview,
    Medium,
    Outcome,
    RecordStep,
    ReviewOpinion,
    Status,
)
from fazhi.enforcement.cases.steps import STEPS
from fazhi.enforcement.officers.tests import factories as officer_factories

from .factories import criterion, officers, opened

D = dt.date
JUNE_4, JUNE_10, APRIL_25 = dt.date(2025, 6, 4), dt.date(2025, 6, 10), dt.date(2025, 4, 25)
W = Channel.WEB
S = Status
pytestmark = pytest.mark.django_db


def _actions(case) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="enforcement.Case", object_id=str(case.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def _to_concluded(actor, case, on=JUNE_4, concluded=JUNE_10):
    case = services.investigate(actor, W, case, on=on)
    return services.conclude(actor, W, case, on=concluded)


def test_the_ordinary_procedure_in_order_with_audit_rows(org, people):
    staff = people["police_staff"]
    case = opened(org, staff)
    assert case.status == S.OPENED and case.assignments.count() == 2
    case = _to_concluded(staff, case)
    case = services.send_review(staff, W, case, on=D(2025, 6, 11))
    case = services.review(staff, W, case, opinion=ReviewOpinion.AGREE, on=D(2025, 6, 13))
    case = services.notify(staff, W, case, on=D(2025, 6, 16))
    case = services.decide(
        staff, W, case, outcome=Outcome.PENALTY, on=D(2025, 6, 23), conclusion="罚款2000元"
    )
    case = services.serve(staff, W, case, served_on=D(2025, 6, 24))
    case = services.publish(staff, W, case, on=D(2025, 6, 25))
    case = services.execute(staff, W, case, on=D(2025, 7, 1))
    case = services.close(staff, W, case, on=D(2025, 7, 2))
    assert case.status == S.CLOSED and case.next_due_on is None
    assert _actions(case) == [
        "立案",
        "指派执法人员",
        "开始调查取证",
        "调查终结",
        "提交法制审核",
        "法制审核",
        "告知陈述申辩、听证权利",
        "作出决定",
        "送达决定书",
        "执法公示",
        "执行完毕",
        "结案",
    ]
    review = LegalReview.objects.get(case=case)
    # the reviewer is the user who recorded the review, never a name from a form
    assert (review.reviewer, review.opinion) == (staff, ReviewOpinion.AGREE)
    assert AuditEntry.objects.filter(action="记录法制审核意见", actor=staff).count() == 1


def test_at_least_two_officers_each_certified_for_the_field_on_the_day(org, people):
    """行政处罚法第四十二条：行政处罚应当由具有行政执法资格的执法人员实施。执法人员不得少于两人。"""
    staff, police = people["police_staff"], org["police"]
    one = officers(police, names=("张一",))
    with pytest.raises(Refusal, match=r"不得少于2人.*第四十二条"):
        opened(org, staff, crew=one)
    expired = officer_factories.certified_officer(
        police, field="public_security", name="过期者", valid_until=D(2025, 5, 31)
    )
    wrong_field = officer_factories.certified_officer(police, field="market", name="别领域")
    with pytest.raises(
        Refusal, match=r"过期者、别领域.*未持有本执法领域的有效执法证件.*第四十二条"
    ):
        opened(org, staff, crew=[*one, expired, wrong_field])
    kaiyuan = officer_factories.certified_officer(
        org["kaiyuan_justice"], field="public_security", name="外县人"
    )
    with pytest.raises(Refusal, match="外县人不属于弥勒市公安局"):
        opened(org, staff, crew=[*one, kaiyuan])
    assert not Case.objects.exists()
    case = opened(org, staff, crew=[*one, *officers(police, names=("张二",))])
    # put on later: checked on the day they are put on the case
    with pytest.raises(Refusal, match="过期者"):
        services.assign(staff, W, case, officers=[expired], on=D(2025, 6, 5))
    late = officer_factories.certified_officer(police, field="public_security", name="张三")
    case = services.assign(staff, W, case, officers=[late], on=D(2025, 6, 5))
    assert case.assignments.count() == 3


def test_no_major_decision_without_a_review_that_agreed(org, people):
    """行政处罚法第五十八条：未经法制审核或者审核未通过的，不得作出决定。"""
    staff = people["police_staff"]
    item = criterion(staff, org["police"])
    case = _to_concluded(staff, opened(org, staff, kind=CaseKind.LICENCE))
    case = services.mark_major(staff, W, case, criterion=item, on=D(2025, 6, 10))
    assert case.major and case.criterion == item
    assert "decide" not in {s.key for s in STEPS.offered(staff, case)}
    with pytest.raises(Refusal, match="第五十八条"):
        services.decide(
            staff, W, case, outcome=Outcome.GRANTED, on=D(2025, 6, 12), conclusion="准予"
        )
    case = services.send_review(staff, W, case, on=D(2025, 6, 11))
    with pytest.raises(Refusal, match="应写明存在的问题"):
        services.review(staff, W, case, opinion=ReviewOpinion.PROBLEMS, on=D(2025, 6, 12))
    case = services.review(
        staff, W, case, opinion=ReviewOpinion.PROBLEMS, on=D(2025, 6, 12), text="证据不充分"
    )
    assert case.status == S.REWORK
    with pytest.raises(Refusal, match="当前状态为“审核存在问题待补正”"):
        services.decide(
            staff, W, case, outcome=Outcome.GRANTED, on=D(2025, 6, 13), conclusion="准予"
        )
    case = services.send_review(staff, W, case, on=D(2025, 6, 16))  # reworked, sent again
    case = services.review(staff, W, case, opinion=ReviewOpinion.AGREE, on=D(2025, 6, 17))
    case = services.decide(
        staff, W, case, outcome=Outcome.GRANTED, on=D(2025, 6, 18), conclusion="准予"
    )
    assert case.status == S.DECIDED
    assert LegalReview.objects.filter(case=case).count() == 2  # every review counts


def test_a_hearing_makes_the_case_major_and_needs_a_review_after_it(org, people):
    """行政处罚法第五十八条第一款第(二)项：直接关系当事人或者第三人重大权益，经过听证程序的。"""
    staff = people["police_staff"]
    case = _to_concluded(staff, opened(org, staff))
    case = services.send_review(staff, W, case, on=D(2025, 6, 11))
    case = services.review(staff, W, case, opinion=ReviewOpinion.AGREE, on=D(2025, 6, 12))
    case = services.notify(staff, W, case, on=D(2025, 6, 13))
    case = services.hearing(staff, W, case, on=D(2025, 6, 24))
    assert case.major and case.status == S.HEARD
    with pytest.raises(Refusal, match="第五十八条"):
        services.decide(
            staff, W, case, outcome=Outcome.PENALTY, on=D(2025, 6, 25), conclusion="罚款"
        )
    case = services.send_review(staff, W, case, on=D(2025, 6, 25))
    case = services.review(staff, W, case, opinion=ReviewOpinion.AGREE, on=D(2025, 6, 26))
    case = services.decide(
        staff, W, case, outcome=Outcome.PENALTY, on=D(2025, 6, 27), conclusion="罚款"
    )
    assert case.filing_due_on is not None and case.next_due_label in ("送达决定书", "执法公示")


def test_a_penalty_needs_its_notice_first(org, people):
    """行政处罚法第四十四条、第六十二条：未告知的，不得作出行政处罚决定。"""
    staff = people["police_staff"]
    case = _to_concluded(staff, opened(org, staff))
    with pytest.raises(Refusal, match="第四十四条"):
        services.decide(
            staff, W, case, outcome=Outcome.PENALTY, on=D(2025, 6, 12), conclusion="罚款"
        )
    case = services.decide(
        staff, W, case, outcome=Outcome.NO_PENALTY, on=D(2025, 6, 12), conclusion="违法行为轻微"
    )
    assert case.status == S.DECIDED


def _decided(org, people, kind, on=APRIL_25):
    staff = people["police_staff"]
    case = opened(org, staff, kind=kind, on=D(2025, 4, 1))
    case = _to_concluded(staff, case, on=D(2025, 4, 2), concluded=D(2025, 4, 10))
    if kind == CaseKind.PENALTY:
        case = services.notify(staff, W, case, on=D(2025, 4, 11))
    outcome = Outcome.PENALTY if kind == CaseKind.PENALTY else Outcome.INSPECTED
    return services.decide(staff, W, case, outcome=outcome, on=on, conclusion="结论")


def test_publication_clocks_are_7_or_20_workdays_with_tiaoxiu(org, people):
    """国办发〔2018〕118号(六)：20个工作日内公布；行政许可、行政处罚7个工作日内公开. Decided on
    Friday 2025-04-25: Sunday 04-27 is a 调休 working day, 05-01..05 the 劳动节 holiday."""
    penalty = _decided(org, people, CaseKind.PENALTY)
    inspection = _decided(org, people, CaseKind.INSPECTION)
    assert penalty.publish_due_on == D(2025, 5, 8)  # 04-27 counted: else it would be 05-09
    assert penalty.serve_due_on == D(2025, 5, 8)  # 行政处罚法第六十一条、第八十五条: 7 工作日
    assert inspection.publish_due_on == D(2025, 5, 27)
    assert penalty.next_due_on == D(2025, 5, 8)
    assert penalty.decide_due_on == D(2025, 6, 30)  # 04-01 + 90 日 (第六十条), calendar days


def test_a_revoked_decision_is_taken_down_within_3_workdays(org, people, settings):
    """行政处罚法第四十八条第二款：在三日内撤回行政处罚决定信息并公开说明理由(三日=工作日)。"""
    staff = people["police_staff"]
    case = _decided(org, people, CaseKind.PENALTY)
    case = services.serve(staff, W, case, served_on=D(2025, 4, 28))
    case = services.publish(staff, W, case, on=D(2025, 4, 29))
    with pytest.raises(Refusal, match="第四十八条第二款"):
        services.revoke(staff, W, case, revocation="revoked", on=D(2025, 9, 26), reason=" ")
    case = services.revoke(
        staff, W, case, revocation="revoked", on=D(2025, 9, 26), reason="复议撤销"
    )
    # 09-26 Fri; 09-28 Sun is a 调休 working day; 10-01..08 the 国庆 holiday
    assert (case.withdraw_due_on, case.next_due_label) == (D(2025, 9, 30), "撤下公示信息")
    settings.FAZHI_ENFORCEMENT_WITHDRAWAL_WORKDAYS = 5
    case = services.withdraw(staff, W, case, on=D(2025, 9, 29))
    assert case.withdrawn_on == D(2025, 9, 29) and case.next_due_label != "撤下公示信息"


def test_the_90_day_clock_and_the_fields_extension(org, people, settings):
    """行政处罚法第六十条：自立案之日起九十日内作出行政处罚决定；延长 per sector (a setting)."""
    staff, police = people["police_staff"], org["police"]
    case = opened(org, staff)
    assert case.decide_due_on == D(2025, 9, 1)
    assert "extend" not in {s.key for s in STEPS.offered(people["coordinator"], case)}
    market = opened(org, staff, field="market", crew=officers(police, "market", ("市一", "市二")))
    # the 法制员 asks for it; the agency's 负责人 holding the authority takes it
    assert STEPS.needs_request(STEPS["extend"], staff, market)
    head = _agency_head(police)
    market = services.extend(head, W, market, on=D(2025, 8, 20), reason="需鉴定")
    assert market.decide_due_on == D(2025, 10, 9)  # 120 日 ends 10-01, in the 国庆 holiday
    settings.FAZHI_ENFORCEMENT_EXTENSION_DAYS = {"public_security": 15}
    assert "extend" in {s.key for s in STEPS.offered(people["coordinator"], case)}


def _agency_head(unit):
    from fazhi.core.models import Role
    from fazhi.core.services import create_user

    return create_user(
        None,
        Channel.CLI,
        username=f"head-{unit.code}",
        password="pass-Fazhi-2021",
        unit=unit,
        role=Role.REVIEWER,
        full_name="负责人",
        can_approve_extension=True,
    )


def _video(org, people, case, step):
    staff = people["police_staff"]
    upload = SimpleUploadedFile("现场.mp4", b"video-bytes", content_type="video/mp4")
    attachment = attach(staff, W, case, upload)
    return services.add_process_record(
        staff,
        W,
        case,
        step=step,
        medium=Medium.VIDEO,
        recorder="张执法",
        recorded_at=dt.datetime(2025, 6, 5, 10, 0, tzinfo=dt.UTC),
        attachment=attachment,
    )


def test_seizure_and_demolition_need_an_audio_video_record(org, people, settings):
    """国办发〔2018〕118号(八)：对查封扣押财产、强制拆除等…要推行全程音像记录。"""
    settings.FAZHI_ATTACHMENT_TYPES = [*settings.FAZHI_ATTACHMENT_TYPES, "mp4"]
    staff = people["police_staff"]
    case = services.investigate(staff, W, opened(org, staff), on=D(2025, 6, 4))
    with pytest.raises(Refusal, match=r"全程音像记录.*第\(八\)项"):
        services.seize(staff, W, case, on=D(2025, 6, 5))
    text = attach(staff, W, case, SimpleUploadedFile("笔录.pdf", b"%PDF-1.4 x"))
    case = services.add_process_record(
        staff,
        W,
        case,
        step=RecordStep.SEIZURE,
        medium=Medium.TEXT,
        recorder="张执法",
        recorded_at=dt.datetime(2025, 6, 5, 9, 0, tzinfo=dt.UTC),
        attachment=text,
    )
    with pytest.raises(Refusal, match="全程音像记录"):
        services.seize(staff, W, case, on=D(2025, 6, 5))
    case = _video(org, people, case, RecordStep.SEIZURE)
    case = services.seize(staff, W, case, on=D(2025, 6, 5))
    assert "查封扣押" in _actions(case)
    assert "demolish" not in {s.key for s in STEPS.offered(staff, case)}


def test_the_checksums_of_the_process_records_are_recomputed(org, people, settings):
    from django.core.management import call_command

    settings.FAZHI_ATTACHMENT_TYPES = [*settings.FAZHI_ATTACHMENT_TYPES, "mp4"]
    staff = people["police_staff"]
    case = _video(org, people, opened(org, staff), RecordStep.EVIDENCE)
    assert services.verify_process_records() == []
    record = case.process_records.get()
    with open(record.attachment.file.path, "wb") as handle:
        handle.write(b"tampered")
    problems = services.verify_process_records()
    assert [p["problem"] for p in problems] == ["校验值不符(文件已被改动)"]
    with pytest.raises(SystemExit):
        call_command("enforcement_records", "verify")
    other = opened(org, staff, title="另一案")
    foreign = attach(staff, W, other, SimpleUploadedFile("x.pdf", b"%PDF-1.4 y"))
    with pytest.raises(Refusal, match="本案已上传的文件"):
        services.add_process_record(
            staff,
            W,
            case,
            step=RecordStep.EVIDENCE,
            medium=Medium.TEXT,
            recorder="张执法",
            recorded_at=dt.datetime(2025, 6, 5, tzinfo=dt.UTC),
            attachment=foreign,
        )


def test_filing_with_the_justice_bureau_and_its_review(org, people):
    staff = people["police_staff"]
    item = criterion(staff, org["police"], CriterionCategory.MAJOR_RIGHTS)
    case = _to_concluded(staff, opened(org, staff, kind=CaseKind.INSPECTION))
    case = services.mark_major(staff, W, case, criterion=item, on=D(2025, 6, 10))
    case = services.send_review(staff, W, case, on=D(2025, 6, 11))
    case = services.review(staff, W, case, opinion=ReviewOpinion.AGREE, on=D(2025, 6, 12))
    case = services.decide(
        staff, W, case, outcome=Outcome.INSPECTED, on=D(2025, 6, 13), conclusion="责令整改"
    )
    assert case.filing_due_on == D(2025, 7, 4)  # FAZHI_MAJOR_DECISION_FILING_DAYS: 15 工作日
    case = services.file_major(staff, W, case, on=D(2025, 6, 16))
    assert case.filing_office == org["justice"]
    with pytest.raises(Refusal, match="司法局"):
        services.filing_review(staff, W, case, opinion="no_objection", on=D(2025, 6, 20))
    with pytest.raises(Refusal):
        services.filing_review(
            people["kaiyuan_staff"], W, case, opinion="no_objection", on=D(2025, 6, 20)
        )
    case = services.filing_review(
        people["reviewer"], W, case, opinion="no_objection", on=D(2025, 6, 20)
    )
    assert case.filing_opinion == "no_objection"


def test_scope_another_unit_or_county_cannot_act_or_create(org, people):
    staff = people["police_staff"]
    case = opened(org, staff)
    for outsider in (people["land_staff"], people["kaiyuan_staff"]):
        with pytest.raises(Refusal):
            services.investigate(outsider, W, case, on=D(2025, 6, 4))
    with pytest.raises(Refusal):  # a unit of another county
        services.open_case(
            people["kaiyuan_staff"],
            W,
            officers=officers(org["police"], names=("王一", "王二")),
            unit=org["police"],
            kind=CaseKind.PENALTY,
            field="public_security",
            title="越权立案",
            party_kind="organisation",
            party_name="某公司",
            opened_on=D(2025, 6, 3),
        )
    with pytest.raises(Refusal, match="目录清单"):
        criterion(people["land_staff"], org["police"])
    assert Case.objects.filter(status=S.OPENED).count() == 1
    assert AuditEntry.objects.filter(action="列入法制审核目录清单").count() == 0
    criterion(people["police_staff"], org["police"])
    assert AuditEntry.objects.filter(action="列入法制审核目录清单").count() == 1


def test_a_party_number_is_validated(org, people):
    with pytest.raises(Refusal):
        opened(org, people["police_staff"], party_id_number="532526198001010011")
    case = opened(
        org,
        people["police_staff"],
        party_kind="organisation",
        party_name="弥勒市某公司",
        party_id_number="",
    )
    assert case.party_id_number == ""


def test_a_batch_step_stores_the_calendar_span_the_single_step_stores(org, people):
    """The batch path (Steps.apply_many with fields, as the demo, imports and the tick write)
    saves the days its due dates were counted over beside them, as one step does: a holiday
    notice then finds these cases by their span (fazhi.core.deadlines.touched)."""
    staff = people["police_staff"]
    one, many = opened(org, staff), opened(org, staff)
    # as a row saved before spans were kept: the batch step must write it, not keep it unknown
    Case.objects.filter(pk=many.pk).update(calendar_from=None, calendar_until=None)
    one = services.investigate(staff, W, one, on=JUNE_4)
    (many,) = services.apply_many(staff, W, "investigate", [many.pk], on=JUNE_4)
    stored = Case.objects.filter(pk__in=[one.pk, many.pk]).values(
        "pk", "calendar_from", "calendar_until", "next_due_on"
    )
    spans = {row["pk"]: row for row in stored}
    assert spans[one.pk]["calendar_from"] is not None
    assert spans[many.pk]["calendar_from"] == spans[one.pk]["calendar_from"]
    assert spans[many.pk]["calendar_until"] == spans[one.pk]["calendar_until"]
    assert spans[many.pk]["next_due_on"] == spans[one.pk]["next_due_on"]
