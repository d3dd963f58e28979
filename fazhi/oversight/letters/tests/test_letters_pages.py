"""信箱 pages: permissions across units and counties, web audit rows, masking, query budgets."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.core.models import AuditEntry
from fazhi.oversight.letters.models import Letter, LetterStatus

from .factories import assigned, received

D = dt.date


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def test_other_county_and_other_unit_get_404(org, people, login):
    letter = assigned(org, people["coordinator"])  # registrar 司法局, assigned to 公安局
    client = login(people["kaiyuan_staff"])
    assert client.get(letter.get_absolute_url()).status_code == 404
    assert letter.reference not in client.get(reverse("letters:list")).content.decode()
    assert login(people["land_staff"]).get(letter.get_absolute_url()).status_code == 404


def test_assigned_unit_replies_but_cannot_close_or_reassign(org, people, login):
    letter = assigned(org, people["coordinator"])
    client = login(people["police_staff"])
    page = client.get(letter.get_absolute_url()).content.decode()
    assert "<summary>答复</summary>" in page and "退回改派" not in page
    response = client.post(
        reverse("letters:step", args=[letter.pk, "reassign"]),
        {"reassign-unit": org["land"].pk, "reassign-on": "2021-03-02", "reassign-reason": "x"},
    )
    assert response.status_code == 403
    client.post(
        reverse("letters:step", args=[letter.pk, "reply"]),
        {"reply-on": "2021-03-05", "reply-summary": "已答复来信人"},
    )
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ANSWERED
    assert (
        client.post(
            reverse("letters:step", args=[letter.pk, "close"]),
            {"close-on": "2021-03-05", "close-confirmed": "on"},
        ).status_code
        == 403
    )


def test_register_assign_through_pages_leaves_web_audit_rows(org, people, login):
    client = login(people["reviewer"])
    assert "交办后开始计算答复期限" in client.get(reverse("letters:new")).content.decode()
    response = client.post(
        reverse("letters:new"),
        {
            "reference": "HH2021-9",
            "received_on": "2021-03-01",
            "writer_name": "李四",
            "writer_phone": "13912345678",
            "subject": "关于路灯的建议",
            "category": "suggestion",
        },
    )
    letter = Letter.objects.get()
    assert response.status_code == 302 and response.url == letter.get_absolute_url()
    client.post(
        reverse("letters:step", args=[letter.pk, "assign"]),
        {"assign-unit": org["police"].pk, "assign-on": "2021-03-02"},
    )
    bad = client.post(
        reverse("letters:step", args=[letter.pk, "reply"]),
        {"reply-on": "2021-03-01", "reply-summary": "x"},
    )
    assert "不能早于交办日期" in bad.content.decode()
    rows = list(
        AuditEntry.objects.filter(object_type="letters.Letter").values_list("action", "channel")
    )
    assert rows == [("收到信箱信件", "web"), ("交办", "web")]


def test_writer_masked_until_revealed_and_reveal_is_audited(org, people, login):
    letter = received(org, people["coordinator"])
    client = login(people["reviewer"])
    page = client.get(letter.get_absolute_url()).content.decode()
    assert "张三丰" not in page and "13812345678" not in page and "138****5678" in page
    page = client.post(reverse("letters:reveal", args=[letter.pk])).content.decode()
    assert "13812345678" in page
    assert AuditEntry.objects.filter(action="查看完整个人信息", channel="web").count() == 1


def _make(org, people, n, start=0):
    for i in range(start, start + n):
        assigned(
            org,
            people["coordinator"],
            reference=f"Q{i}",
            received_on=D(2021, 3, 1) + dt.timedelta(days=i % 20),
            subject=f"信件标题{i}",
        )


@pytest.mark.parametrize("url_name", ["letters:list", "core:workbench"])
def test_list_pages_run_a_constant_number_of_queries(
    org, people, login, django_assert_max_num_queries, url_name
):
    client = login(people["coordinator"])
    _make(org, people, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url_name)).status_code == 200
    _make(org, people, 30, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse(url_name)).content.decode()
    assert page.count("信件标题") >= 30


def test_export_runs_a_constant_number_of_queries(
    org, people, login, django_assert_max_num_queries
):
    client = login(people["coordinator"])
    _make(org, people, 3)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("letters:export")).getvalue()
    _make(org, people, 30, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        content = client.get(reverse("letters:export")).getvalue()
    assert content.startswith(b"PK")
