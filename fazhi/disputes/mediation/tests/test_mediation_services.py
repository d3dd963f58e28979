"""调解 service functions: every transition, every refusal changes nothing, the clocks."""

import datetime as dt

import pytest

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.disputes.mediation import services
from fazhi.disputes.mediation.models import (
    AgreementForm,
    BodyKind,
    ConfirmationResult,
    MediationCase,
    MediationKind,
    Status,
)

from .factories import body, intake, mediating, received, succeeded

D = dt.date


def _audit_rows(case):
    return list(
        AuditEntry.objects.filter(object_type=case._meta.label, object_id=str(case.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def _unchanged(case, call):
    """Run a call that must be refused; the case and the audit trail stay exactly as they were."""
    before = MediationCase.objects.filter(pk=case.pk).values().get()
    audit_before = AuditEntry.objects.count()
    with pytest.raises(Refusal) as info:
        call()
    assert MediationCase.objects.filter(pk=case.pk).values().get() == before
    assert AuditEntry.objects.count() == audit_before
    return "；".join(info.value.messages)


def test_kind_follows_the_body(org, people):
    room = body(org)
    agency = body(org, "land", BodyKind.AGENCY)
    assert received(room).kind == MediationKind.PEOPLE
    case = received(agency)
    assert case.kind == MediationKind.ADMIN and case.unit == org["land"]
    assert case.number == "行调〔2021〕1号" and received(agency).number == "行调〔2021〕2号"


def test_receive_start_succeed_confirm(org, people):
    staff = people["police_staff"]
    room = body(org)
    case = received(room, staff)
    # 2021-09-03 + 30 日 = 10-03, inside the 国庆 holiday → 10-08 (民事诉讼法 art. 85).
    assert (case.status, case.mediation_due_on, case.next_due_label) == (
        Status.RECEIVED,
        D(2021, 10, 8),
        "调解期限",
    )
    case = services.start(staff, Channel.WEB, case, on=D(2021, 9, 6), mediator=room.mediators.get())
    assert case.status == Status.MEDIATING and case.mediator.name == "杨调解"
    case = services.succeed(
        staff, Channel.WEB, case, on=D(2021, 9, 5 + 4), form=AgreementForm.WRITTEN, summary="赔偿"
    )
    # Effective 09-09 + 30 日 = 10-09, a 调休 Saturday (a working day): it stays.
    assert (case.status, case.closed_on, case.confirmation_due_on) == (
        Status.SUCCEEDED,
        D(2021, 9, 9),
        D(2021, 10, 9),
    )
    assert case.next_due_on is None
    case = services.apply_confirmation(
        staff, Channel.WEB, case, on=D(2021, 10, 9), court="弥勒市人民法院"
    )
    assert case.confirmation_result == ConfirmationResult.PENDING
    case = services.record_confirmation(
        staff, Channel.WEB, case, on=D(2021, 10, 15), result=ConfirmationResult.VALID
    )
    assert case.confirmation_decided_on == D(2021, 10, 15)
    assert _audit_rows(case) == [
        "受理调解",
        "开始调解",
        "调解成功(达成协议)",
        "申请司法确认",
        "登记司法确认结果",
    ]


def test_confirmation_due_crossing_national_day(org, people):
    staff = people["police_staff"]
    # Effective 2021-09-05 + 30 日 = 10-05 (国庆) → next working day 10-08.
    case = succeeded(body(org), received_on=D(2021, 9, 1), on=D(2021, 9, 5))
    assert case.confirmation_due_on == D(2021, 10, 8)
    msg = _unchanged(
        case,
        lambda: services.apply_confirmation(
            staff, Channel.WEB, case, on=D(2021, 10, 9), court="弥勒市人民法院"
        ),
    )
    assert "三十日内(2021-10-08前)" in msg and "人民调解法第三十三条" in msg
    services.apply_confirmation(staff, Channel.WEB, case, on=D(2021, 10, 8), court="弥勒市人民法院")


def test_written_agreement_may_take_effect_when_signed(org, people):
    staff = people["police_staff"]
    case = mediating(body(org))
    case = services.succeed(
        staff,
        Channel.WEB,
        case,
        on=D(2021, 9, 6),
        form=AgreementForm.WRITTEN,
        summary="赔偿",
        effective_on=D(2021, 9, 8),
    )
    assert case.confirmation_due_on == D(2021, 10, 8)


def test_fail_and_refuse(org, people):
    staff = people["police_staff"]
    room = body(org)
    case = services.fail(staff, Channel.WEB, mediating(room), on=D(2021, 9, 10))
    assert case.status == Status.FAILED and "仲裁、行政、司法" in case.closing_note
    case = services.refuse(staff, Channel.WEB, received(room), on=D(2021, 9, 3))
    assert (case.status, case.closed_on, case.next_due_on) == (Status.REFUSED, D(2021, 9, 3), None)
    case = services.refuse(staff, Channel.WEB, mediating(room), on=D(2021, 9, 4), note="一方拒绝")
    assert case.status == Status.REFUSED


def test_refusals_change_nothing(org, people):
    staff = people["police_staff"]
    room = body(org)
    other = body(org, "land", BodyKind.AGENCY)
    case = received(room)
    stranger = other.mediators.get()
    assert "不是" in _unchanged(
        case, lambda: services.start(staff, Channel.WEB, case, on=D(2021, 9, 3), mediator=stranger)
    )
    assert "不能早于受理日期" in _unchanged(
        case,
        lambda: services.start(
            staff, Channel.WEB, case, on=D(2021, 9, 2), mediator=room.mediators.get()
        ),
    )
    assert "调解中" in _unchanged(
        case,
        lambda: services.succeed(
            staff, Channel.WEB, case, on=D(2021, 9, 9), form="oral", summary="x"
        ),
    )
    assert "调解中" in _unchanged(
        case, lambda: services.fail(staff, Channel.WEB, case, on=D(2021, 9, 9))
    )
    case = mediating(room)
    assert "第三十条" in _unchanged(
        case,
        lambda: services.succeed(
            staff,
            Channel.WEB,
            case,
            on=D(2021, 9, 6),
            form="oral",
            summary="x",
            effective_on=D(2021, 9, 7),
        ),
    )
    assert "协议的内容" in _unchanged(
        case,
        lambda: services.succeed(
            staff, Channel.WEB, case, on=D(2021, 9, 6), form="written", summary=" "
        ),
    )
    assert "不能晚于今天" in _unchanged(
        case,
        lambda: services.succeed(
            staff, Channel.WEB, case, on=D(2099, 1, 1), form="written", summary="x"
        ),
    )
    assert "调解成功" in _unchanged(
        case,
        lambda: services.apply_confirmation(
            staff, Channel.WEB, case, on=D(2021, 9, 6), court="法院"
        ),
    )
    done = services.fail(staff, Channel.WEB, case, on=D(2021, 9, 6))
    # A concluded case offers no step but 司法确认, even with the override.
    assert "当前状态为“调解不成功”" in _unchanged(
        done, lambda: services.refuse(people["overrider"], Channel.WEB, done, on=D(2021, 9, 7))
    )
    ok = succeeded(room)
    assert "审查中" in _unchanged(
        ok,
        lambda: services.record_confirmation(
            staff, Channel.WEB, ok, on=D(2021, 9, 7), result="valid"
        ),
    )
    assert "人民法院" in _unchanged(
        ok, lambda: services.apply_confirmation(staff, Channel.WEB, ok, on=D(2021, 9, 7), court="")
    )


def test_receive_refusals_write_nothing(org, people):
    staff = people["police_staff"]
    room = body(org)
    for bad, reason in [
        ({"dispute_type": "x"}, "纠纷类型"),
        ({"origin": "x"}, "调解来源"),
        ({"parties": " "}, "当事人"),
        ({"received_on": D(2099, 1, 1)}, "不能晚于今天"),
    ]:
        with pytest.raises(Refusal, match=reason):
            services.receive(staff, Channel.WEB, body=room, intake=intake(**bad))
    assert (
        MediationCase.objects.count() == 0
        and not AuditEntry.objects.filter(action="受理调解").exists()
    )


def test_mediation_period_is_a_setting(org, people, settings):
    settings.FAZHI_MEDIATION_PERIOD_DAYS = 15
    case = received(body(org), received_on=D(2021, 9, 3))
    assert case.mediation_due_on == D(2021, 9, 18)  # a 调休 Saturday: a working day


def test_bulk_ledger_checks_every_row_and_writes_all_or_nothing(org, people):
    room = body(org)
    mediator = room.mediators.get()

    def row(**extra):
        fields = {
            "body": room,
            "intake": intake(),
            "outcome": Status.SUCCEEDED,
            "closed_on": D(2021, 9, 6),
            "mediator": mediator,
            "agreement_form": "written",
            "agreement_summary": "赔偿",
        }
        return services.ConcludedCase(**(fields | extra))

    late = row(confirmation_applied_on=D(2021, 10, 20), confirmation_court="弥勒市人民法院")
    with pytest.raises(services.RowRefusal) as info:
        services.record_concluded_cases(people["coordinator"], Channel.IMPORT, [row(), late])
    assert info.value.index == 1 and "三十日内" in info.value.messages[0]
    assert MediationCase.objects.count() == 0
    with pytest.raises(services.RowRefusal, match="只有调解组织所属单位的工作人员"):
        services.record_concluded_cases(people["kaiyuan_staff"], Channel.IMPORT, [row()])
    count = services.record_concluded_cases(
        people["coordinator"],
        Channel.IMPORT,
        [
            row(),
            row(outcome=Status.FAILED),
            row(outcome=Status.REFUSED, mediator=None, closed_on=D(2021, 9, 3)),
            row(number="调〔2021〕1号", intake=intake(received_on=D(2021, 9, 1))),
        ],
    )
    assert count == 4
    assert sorted(MediationCase.objects.values_list("status", flat=True)) == sorted(
        [Status.SUCCEEDED, Status.FAILED, Status.REFUSED, Status.SUCCEEDED]
    )
    numbers = set(MediationCase.objects.values_list("number", flat=True))
    assert len(numbers) == 4 and "调〔2021〕1号" in numbers
    assert AuditEntry.objects.filter(action="登记已办结调解案件", channel="import").count() == 4
    assert received(room).number == "调〔2021〕5号"


def test_admin_mediation_is_offered_confirmation_only_where_the_setting_allows(
    org, people, settings
):
    """民事诉讼法(2021)第二百零一条 confirms agreements of "依法设立的调解组织": whether an agency's
    own 行政调解 is one is left open, so it is FAZHI_MEDIATION_ADMIN_CONFIRMATION."""
    from fazhi.disputes.mediation.models import BodyKind
    from fazhi.disputes.mediation.steps import STEPS

    agency = succeeded(body(org, kind=BodyKind.AGENCY), people["police_staff"])
    village = succeeded(body(org, kind=BodyKind.TRAFFIC_ROOM), people["police_staff"])
    step = STEPS["confirmation"]
    assert STEPS.state_refusal(step, agency) is None
    settings.FAZHI_MEDIATION_ADMIN_CONFIRMATION = False
    assert "依法设立的调解组织" in STEPS.state_refusal(step, agency)
    assert STEPS.state_refusal(step, village) is None
    with pytest.raises(Refusal):
        services.apply_confirmation(
            people["police_staff"], Channel.WEB, agency, on=agency.closed_on, court="弥勒市人民法院"
        )
