"""The 行政复议 pages: permissions across units, the web write path, query budgets."""

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.disputes.reconsideration.models import ReconsiderationCase, Status

from .factories import accepted, received

D = dt.date


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def test_staff_never_see_another_units_cases(org, people, login):
    case = received(org, people["reviewer"])
    # 开远's reviewer: another county → 404 on detail, absent from list.
    client = login(people["kaiyuan_staff"])
    assert client.get(case.get_absolute_url()).status_code == 404
    assert case.number not in client.get(reverse("reconsideration:list")).content.decode()
    # 自然资源局 is neither the handling unit nor the respondent.
    client = login(people["land_staff"])
    assert client.get(case.get_absolute_url()).status_code == 404


def test_respondent_sees_case_read_only(org, people, login):
    case = received(org, people["reviewer"])  # respondent: 公安局
    client = login(people["police_staff"])
    page = client.get(case.get_absolute_url()).content.decode()
    assert case.number in page and "本案件对您只读" in page
    response = client.post(
        reverse("reconsideration:step", args=[case.pk, "accept"]),
        {"accept-on": "2021-09-29", "accept-procedure": "ordinary"},
    )
    assert response.status_code == 403
    assert ReconsiderationCase.objects.get(pk=case.pk).status == Status.RECEIVED


def test_receive_accept_decide_through_pages_leaves_web_audit_rows(org, people, login):
    client = login(people["reviewer"])
    response = client.post(
        reverse("reconsideration:new"),
        {
            "applicant_name": "李四",
            "applicant_type": "person",
            "respondent": org["police"].pk,
            "act": "治安管理处罚决定",
            "category": "public_security",
            "receipt_channel": "in_person",
            "submitted_on": "2021-03-01",
        },
    )
    case = ReconsiderationCase.objects.get()
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    client.post(
        reverse("reconsideration:step", args=[case.pk, "accept"]),
        {"accept-on": "2021-03-02", "accept-procedure": "ordinary"},
    )
    client.post(
        reverse("reconsideration:step", args=[case.pk, "decide"]),
        {"decide-on": "2021-04-02", "decide-outcome": "upheld", "decide-confirmed": "on"},
    )
    case.refresh_from_db()
    assert (case.status, case.outcome) == (Status.DECIDED, "upheld")
    actions = list(
        AuditEntry.objects.filter(object_id=str(case.pk), object_type=case._meta.label).values_list(
            "action", "channel"
        )
    )
    assert actions == [("收到复议申请", "web"), ("受理", "web"), ("结案", "web")]


def test_refused_step_shows_chinese_reason_and_changes_nothing(org, people, login):
    case = accepted(org, people["reviewer"], submitted_on=D(2021, 3, 1))
    client = login(people["reviewer"])
    response = client.post(
        reverse("reconsideration:step", args=[case.pk, "decide"]),
        {"decide-on": "2021-02-01", "decide-outcome": "upheld", "decide-confirmed": "on"},
    )
    assert response.status_code == 422
    assert "不能早于受理日期" in response.content.decode()
    assert ReconsiderationCase.objects.get(pk=case.pk).status == Status.ACCEPTED
    bad_date = client.post(
        reverse("reconsideration:step", args=[case.pk, "decide"]),
        {"decide-on": "2021-02-30", "decide-outcome": "upheld", "decide-confirmed": "on"},
    )
    assert "有效的日期" in bad_date.content.decode()


def test_closed_case_is_read_only_without_override(org, people, login):
    case = accepted(org, people["reviewer"], submitted_on=D(2021, 3, 1))
    from fazhi.core.audit import Channel
    from fazhi.disputes.reconsideration import services

    services.decide(people["reviewer"], Channel.WEB, case, on=D(2021, 4, 1), outcome="upheld")
    page = login(people["reviewer"]).get(case.get_absolute_url()).content.decode()
    assert '<div class="actions">' not in page and "对您只读" in page
    # What remains to do on a closed case is paper work: the decision's 送达 is still recorded.
    assert "登记送达" in page


def _make_cases(org, people, n):
    for i in range(n):
        received(
            org,
            people["reviewer"],
            submitted_on=D(2021, 3, 1) + dt.timedelta(days=i % 20),
            applicant_name=f"申请人{i}",
        )


@pytest.mark.parametrize("url_name", ["reconsideration:list", "core:workbench"])
def test_list_pages_run_a_constant_number_of_queries(
    org, people, login, django_assert_max_num_queries, url_name
):
    client = login(people["coordinator"])
    _make_cases(org, people, 3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url_name)).status_code == 200
    _make_cases(org, people, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse(url_name)).content.decode()
    assert page.count("申请人") >= 30


def test_export_masks_personal_data_with_constant_queries(
    org, people, login, django_assert_max_num_queries
):
    received(
        org,
        people["reviewer"],
        applicant_id_number="11010519491231002X",
        applicant_phone="13812345678",
    )
    client = login(people["coordinator"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("reconsideration:export"))
    import io

    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(response.getvalue())).active.values)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["案号"] == "弥勒政复〔2021〕1号" and row["被申请人"] == "弥勒市公安局"
    assert row["身份证号码"] == "1101**********002X" and row["联系电话"] == "138****5678"
    assert row["状态"] == "待审查" and "claim_token" not in rows[0]


def test_personal_data_masked_until_revealed_and_reveal_is_audited(org, people, login):
    case = received(
        org,
        people["reviewer"],
        applicant_id_number="11010519491231002X",
        applicant_phone="13812345678",
    )
    client = login(people["reviewer"])
    page = client.get(case.get_absolute_url()).content.decode()
    assert "11010519491231002X" not in page and "1101**********002X" in page
    assert "13812345678" not in page
    revealed = client.post(reverse("reconsideration:reveal", args=[case.pk])).content.decode()
    assert "11010519491231002X" in revealed and "13812345678" in revealed
    assert (
        AuditEntry.objects.filter(
            action="查看完整个人信息", object_id=str(case.pk), actor=people["reviewer"]
        ).count()
        == 1
    )
    # the respondent's staff may read the case but not unmask it
    assert (
        login(people["police_staff"])
        .post(reverse("reconsideration:reveal", args=[case.pk]))
        .status_code
        == 403
    )


def test_override_holder_may_correct_a_closed_case(org, people, login):
    from fazhi.core.audit import Channel
    from fazhi.disputes.reconsideration import services

    case = accepted(org, people["reviewer"], submitted_on=D(2021, 3, 1))
    services.decide(people["reviewer"], Channel.WEB, case, on=D(2021, 4, 1), outcome="upheld")
    with pytest.raises(Refusal, match="只读"):
        services.correct_closing(
            people["reviewer"], Channel.WEB, case, on=D(2021, 4, 2), outcome="revoked", note="笔误"
        )
    client = login(people["overrider"])
    assert "更正结案信息" in client.get(case.get_absolute_url()).content.decode()
    client.post(
        reverse("reconsideration:step", args=[case.pk, "correct"]),
        {"correct-on": "2021-04-02", "correct-outcome": "revoked", "correct-note": "决定书笔误"},
    )
    case.refresh_from_db()
    assert (case.outcome, case.closed_on) == ("revoked", D(2021, 4, 2))
    entry = AuditEntry.objects.get(object_id=str(case.pk), action="更正结案信息")
    assert entry.before["outcome"] == "upheld" and entry.after["outcome"] == "revoked"


def test_a_step_the_record_has_moved_past_says_why(org, people, login):
    case = accepted(org, people["reviewer"], submitted_on=D(2021, 3, 1))
    response = login(people["reviewer"]).post(
        reverse("reconsideration:step", args=[case.pk, "accept"]),
        {"accept-on": "2021-03-02", "accept-procedure": "ordinary"},
    )
    assert response.status_code == 422
    assert "当前状态为“审理中”" in response.content.decode()
