"""信箱 transitions: the reply clock, 退回/改派, and refusals that change nothing."""

import datetime as dt

import pytest

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.oversight.letters import services
from fazhi.oversight.letters.models import Letter, LetterStatus

from .factories import assigned, received

D = dt.date


@pytest.fixture
def staff(people):
    return people["coordinator"]


def test_reply_due_is_ten_working_days_after_assignment_across_national_day(org, staff):
    letter = assigned(org, staff, received_on=D(2021, 9, 28))  # assigned 09-28
    # 09-29, 09-30, (10-01..10-07 holiday), 10-08, 10-09 (调休 Saturday), 10-11..15, 10-18.
    assert letter.reply_due_on == D(2021, 10, 18)
    assert (letter.status, letter.next_due_on, letter.next_due_label) == (
        LetterStatus.ASSIGNED,
        D(2021, 10, 18),
        "答复",
    )


def test_reply_period_is_a_setting(org, staff, settings):
    settings.FAZHI_LETTER_REPLY_WORKDAYS = 5
    assert assigned(org, staff, received_on=D(2021, 3, 1)).reply_due_on == D(2021, 3, 8)


def test_full_path_leaves_one_audit_row_per_step(org, staff):
    letter = assigned(org, staff)
    letter = services.reassign(
        staff, Channel.WEB, letter, unit=org["land"], on=D(2021, 3, 3), reason="非本单位职责"
    )
    assert letter.unit == org["land"] and letter.reply_due_on == D(2021, 3, 17)
    assert letter.transfers.get().from_unit == org["police"]
    letter = services.reply(staff, Channel.WEB, letter, on=D(2021, 3, 10), summary="已答复")
    assert letter.next_due_on is None
    letter = services.close(staff, Channel.WEB, letter, on=D(2021, 3, 11))
    assert (letter.status, letter.closed_on) == (LetterStatus.CLOSED, D(2021, 3, 11))
    actions = list(
        AuditEntry.objects.filter(object_type="letters.Letter").values_list("action", flat=True)
    )
    assert actions == ["收到信箱信件", "交办", "退回改派", "答复", "办结"]


def _unchanged(letter, call, message):
    before = Letter.objects.filter(pk=letter.pk).values().get()
    rows = AuditEntry.objects.count()
    with pytest.raises(Refusal, match=message):
        call()
    assert Letter.objects.filter(pk=letter.pk).values().get() == before
    assert AuditEntry.objects.count() == rows


def test_refusals_change_nothing(org, staff, people):
    letter = received(org, staff)
    _unchanged(
        letter, lambda: services.close(staff, Channel.WEB, letter, on=D(2021, 3, 5)), "已收到"
    )
    _unchanged(
        letter,
        lambda: services.assign(staff, Channel.WEB, letter, unit=org["police"], on=D(2021, 2, 1)),
        "不能早于收到日期",
    )
    _unchanged(
        letter,
        lambda: services.assign(
            staff, Channel.WEB, letter, unit=org["kaiyuan_justice"], on=D(2021, 3, 2)
        ),
        "不属于",
    )
    letter = services.assign(staff, Channel.WEB, letter, unit=org["police"], on=D(2021, 3, 2))
    _unchanged(
        letter,
        lambda: services.reassign(
            staff, Channel.WEB, letter, unit=org["land"], on=D(2021, 3, 3), reason=" "
        ),
        "说明理由",
    )
    _unchanged(
        letter,
        lambda: services.reply(staff, Channel.WEB, letter, on=D(2021, 3, 3), summary=""),
        "答复摘要",
    )


def test_closed_letter_is_read_only_without_override(org, staff, people):
    letter = assigned(org, staff)
    letter = services.reply(staff, Channel.WEB, letter, on=D(2021, 3, 5), summary="已答复")
    letter = services.close(staff, Channel.WEB, letter, on=D(2021, 3, 5))
    _unchanged(
        letter,
        lambda: services.reopen(staff, Channel.WEB, letter, on=D(2021, 3, 8), reason="不满意"),
        "只读",
    )
    letter = services.reopen(
        people["overrider"], Channel.WEB, letter, on=D(2021, 3, 8), reason="来信人不满意"
    )
    assert letter.status == LetterStatus.ASSIGNED and letter.reply_due_on == D(2021, 3, 22)


def test_duplicate_reference_and_future_date_refused(org, staff):
    received(org, staff, reference="R1")
    with pytest.raises(Refusal, match="已登记"):
        received(org, staff, reference="R1")
    with pytest.raises(Refusal, match="不能晚于今天"):
        received(org, staff, reference="R2", received_on=D(2999, 1, 1))
    assert Letter.objects.count() == 1
