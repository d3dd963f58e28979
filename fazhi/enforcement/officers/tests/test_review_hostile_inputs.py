"""Review: an absurd 编制 or 参训人数 on the 执法队伍 pages is refused with a Chinese message and
writes nothing, never a server error (20 digits overflowed the database's integer: a 500 on both
databases; 3 000 000 000 passed SQLite and overflowed PostgreSQL's)."""

import datetime as dt

import pytest
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.workflow import Refusal
from fazhi.enforcement.officers import services
from fazhi.enforcement.officers.models import Team, Training

HUGE = str(10**20)


@pytest.fixture
def staff(client, people):
    client.raise_request_exception = False
    client.force_login(people["police_staff"])
    return client


def _team(org, **extra):
    return {
        "unit": org["police"].pk,
        "name": "治安执法大队",
        "established_on": "2024-01-02",
        "fields_covered": ["public_security"],
        "staff_count": "5",
    } | extra


@pytest.mark.parametrize("count", [HUGE, "3000000000"])
def test_a_team_with_an_absurd_staff_count_is_refused_on_the_page(org, staff, count):
    response = staff.post(reverse("officers_teams:new"), _team(org, staff_count=count))
    assert response.status_code == 200
    assert "编制" in response.content.decode()
    assert not Team.objects.exists()


@pytest.mark.parametrize("count", [-1, 10**12])
def test_the_service_refuses_an_absurd_staff_count_whatever_calls_it(org, people, count):
    data = _team(org, unit=org["police"], staff_count=count) | {
        "established_on": dt.date(2024, 1, 2)
    }
    with pytest.raises(Refusal, match="编制"):
        services.register_team(people["police_staff"], Channel.API, data)
    assert not Team.objects.exists()


@pytest.mark.parametrize("count", [HUGE, "3000000000"])
def test_a_training_with_an_absurd_headcount_is_refused_on_the_page(org, staff, count):
    body = {
        "unit": org["police"].pk,
        "held_on": "2024-01-02",
        "topic": "行政处罚法",
        "hours": "2",
        "headcount": count,
    }
    response = staff.post(reverse("officers_trainings:new"), body)
    assert response.status_code == 200
    assert "参训人数" in response.content.decode()
    assert not Training.objects.exists()
