"""A year's State Council holiday notice is entered in one form (its 文号, 放假 ranges and 调休
days) through services.enter_calendar_year, which refuses a day outside the year."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fazhi.core import calendar
from fazhi.core.audit import Channel
from fazhi.core.calendar import get_calendar, invalidate_calendar
from fazhi.core.models import CalendarDay, CalendarYear
from fazhi.core.services import enter_calendar_year, grant_reference_data_admin

D = dt.date
NOTICE = "国办发明电〔2026〕X号(测试)"


@pytest.fixture(autouse=True)
def calendar_rebuilt_after():
    """Rolled-back rows send no signals: rebuild the cached calendar once the test is done."""
    yield
    invalidate_calendar()


@pytest.fixture
def admin_client(client, people):
    client.force_login(grant_reference_data_admin(None, Channel.CLI, people["coordinator"]))
    return client


def post_notice(client, holidays: str, workdays: str = "", year: str = "2027"):
    data = {"year": year, "notice": NOTICE, "holidays": holidays, "workdays": workdays}
    return client.post(reverse("admin:core_calendaryear_add"), data)


def test_a_day_outside_the_year_is_refused_on_the_form(admin_client):
    response = post_notice(admin_client, "2026-12-31至2027-01-02 元旦")

    assert response.status_code == 200
    assert "放假安排第1行“2026-12-31至2027-01-02 元旦”：2026-12-31 不在2027年内" in (
        response.content.decode()
    )
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date=D(2026, 12, 31)).exists()


def test_every_bad_line_is_named_at_once(admin_client):
    response = post_notice(
        admin_client,
        "2027-01-01至2027-01-03 元旦\n元旦放三天\n2027-02-12至2027-02-06 春节",
        "2027-02-08 春节",
    )
    page = response.content.decode()
    assert "放假安排第2行“元旦放三天”：每行写一个日期" in page
    assert "放假安排第3行“2027-02-12至2027-02-06 春节”：结束日期早于起始日期" in page
    assert not CalendarYear.objects.exists()


def test_a_weekday_is_no_make_up_working_day(admin_client):
    response = post_notice(admin_client, "2027-01-01至2027-01-03 元旦", "2027-02-08 春节")
    assert "调休上班日 2027-02-08 是周一至周五" in response.content.decode()
    assert not CalendarYear.objects.exists()


def test_the_change_form_shows_the_notice_as_ranges_and_replaces_it(admin_client):
    post_notice(admin_client, "2027-01-01至2027-01-03 元旦\n2027-02-06至2027-02-12 春节")
    entry = CalendarYear.objects.get(year=2027)
    url = reverse("admin:core_calendaryear_change", args=[entry.pk])
    form = admin_client.get(url).context["adminform"].form
    assert form.initial["holidays"] == "2027-01-01至2027-01-03 元旦\n2027-02-06至2027-02-12 春节"

    response = admin_client.post(
        url, {"notice": "更正", "holidays": "2027-01-01 元旦", "workdays": "2027-02-20 春节"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    days = set(CalendarDay.objects.values_list("date", "kind"))
    assert days == {(D(2027, 1, 1), "holiday"), (D(2027, 2, 20), "workday")}
    invalidate_calendar()
    assert get_calendar().is_workday(D(2027, 1, 4))


def test_the_service_refuses_a_day_outside_the_year(db):
    with pytest.raises(ValidationError, match="2026-12-31 不在 2027 年内"):
        enter_calendar_year(
            None,
            Channel.CLI,
            year=2027,
            notice=NOTICE,
            holidays=[(D(2026, 12, 31), "元旦"), (D(2027, 1, 1), "元旦")],
            workdays=[],
        )
    assert not CalendarYear.objects.exists() and not CalendarDay.objects.exists()


@pytest.mark.parametrize(
    ("holidays", "workdays", "message"),
    [
        ([(D(2027, 1, 1), "元旦")] * 2, [], "2027-01-01 录入了两次"),
        ([(D(2027, 2, 20), "春节")], [(D(2027, 2, 20), "春节")], "不能同时是放假日和调休上班日"),
        ([(D(2027, 1, 1), "元" * 21)], [], "超过20个字"),
    ],
)
def test_the_service_refuses_a_notice_that_cannot_be_right(db, holidays, workdays, message):
    with pytest.raises(ValidationError, match=message):
        enter_calendar_year(
            None, Channel.CLI, year=2027, notice=NOTICE, holidays=holidays, workdays=workdays
        )


def test_the_service_refuses_a_year_out_of_range(db):
    with pytest.raises(ValidationError, match="年度应在2000年至"):
        enter_calendar_year(None, Channel.CLI, year=9999, notice=NOTICE, holidays=[], workdays=[])


def test_lines_are_read_as_the_notice_writes_them():
    text = (
        "2027年1月1日（星期五）至2027年1月3日（星期日）元旦放假\n"
        "\n"
        "2027-06-14 端午节\n"
        "国庆节：2027.10.1 至 2027.10.7"
    )
    days = calendar.parse_notice_lines(text, "放假安排", 2027)
    assert days == (
        [(D(2027, 1, day), "元旦") for day in (1, 2, 3)]
        + [(D(2027, 6, 14), "端午节")]
        + [(D(2027, 10, day), "国庆节") for day in range(1, 8)]
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("2027-02-30 春节", "“2027-02-30”不是有效日期"),
        ("2027-01-01至2027-03-01 春节", "一段超过31天"),
        ("2027-01-01、2027-01-02、2027-01-03", "每行写一个日期"),
    ],
)
def test_a_line_that_cannot_be_read_is_refused_in_chinese(line, message):
    with pytest.raises(ValidationError, match=message):
        calendar.parse_notice_lines(line, "放假安排", 2027)
