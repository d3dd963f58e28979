"""附带审查 (行政复议法(2023) art. 13): the 复议 is 中止 (art. 39 ¶1 (九)); the 复议机关 handles
the request within 30 日 or forwards it within 7 工作日 (art. 56, art. 88 ¶2), tells the maker
within 3 工作日 of the 中止 to answer within 10 工作日 (art. 58); the result resumes the case."""

import datetime as dt

import pytest

from fazhi.core.audit import Channel
from fazhi.core.workflow import Refusal
from fazhi.governance.normative import services
from fazhi.governance.normative.models import IncidentalStatus

from .factories import incidental

D = dt.date


def test_the_request_suspends_the_case_and_its_result_resumes_it(org, people, client):
    review = incidental(org, people, requested_on=D(2024, 5, 10))
    case = review.case
    case.refresh_from_db()
    assert case.status == "suspended"
    assert case.pauses.get().reason.startswith("对规范性文件或者行政行为依据的审查")
    # 30 日 from Fri 2024-05-10: Sun 06-09, then 端午 (06-10): Tue 2024-06-11 (民事诉讼法 art. 85).
    # 3 工作日: Sat 05-11 (劳动节调休上班), 05-13, 05-14.
    assert (review.handle_due_on, review.notify_due_on) == (D(2024, 6, 11), D(2024, 5, 14))
    assert (review.next_due_on, review.next_due_label) == (D(2024, 5, 14), "通知制定机关答复")
    reviewer = people["reviewer"]
    review = services.notify_maker(reviewer, Channel.WEB, review, on=D(2024, 5, 13))
    # 10 工作日 from Mon 05-13: 05-14 … 05-27
    assert review.answer_due_on == D(2024, 5, 27)
    review = services.record_answer(people["police_staff"], Channel.WEB, review, on=D(2024, 5, 24))
    with pytest.raises(Refusal, match="第五十九条"):
        services.handle_incidental(
            reviewer, Channel.WEB, review, on=D(2024, 6, 3), result="unlawful"
        )
    review = services.handle_incidental(
        reviewer,
        Channel.WEB,
        review,
        on=D(2024, 6, 3),
        result="unlawful",
        result_text="第五条超越权限",
    )
    assert review.status == IncidentalStatus.HANDLED and review.next_due_on is None
    case.refresh_from_db()
    assert case.status == "accepted"
    client.force_login(reviewer)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "规范性文件附带审查" in page and "停止执行并责令制定机关纠正" in page


def test_a_request_the_organ_may_not_handle_is_forwarded_within_seven_working_days(org, people):
    """2024-09-27 + 7 工作日 over 国庆 (10-01 … 10-07; 09-29 and 10-12 are 调休 working days):
    09-29, 09-30, 10-08, 10-09, 10-10, 10-11, 10-12 → Sat 2024-10-12."""
    review = incidental(org, people, competent=False, requested_on=D(2024, 9, 27))
    assert (review.forward_due_on, review.next_due_label) == (D(2024, 10, 12), "转送")
    reviewer = people["reviewer"]
    with pytest.raises(Refusal, match="应当转送有权处理的机关"):
        services.handle_incidental(
            reviewer, Channel.WEB, review, on=D(2024, 10, 8), result="lawful"
        )
    review = services.forward_incidental(
        reviewer, Channel.WEB, review, on=D(2024, 10, 8), forwarded_to="红河州人民政府"
    )
    # art. 60: 60 日 from 10-08: 2024-12-07 (Saturday) → Monday 12-09
    assert (review.status, review.reply_due_on) == (IncidentalStatus.FORWARDED, D(2024, 12, 9))
    review = services.record_reply(
        reviewer, Channel.WEB, review, on=D(2024, 11, 20), result="lawful"
    )
    review.case.refresh_from_db()
    assert review.status == IncidentalStatus.HANDLED and review.case.status == "accepted"


def test_only_the_review_office_of_the_case_takes_it(org, people, client):
    review = incidental(org, people)
    with pytest.raises(Refusal, match="行政复议机构"):
        services.notify_maker(people["police_staff"], Channel.WEB, review, on=D(2024, 5, 13))
    client.force_login(people["kaiyuan_staff"])
    assert client.get(review.get_absolute_url()).status_code == 404
