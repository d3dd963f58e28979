"""Whether the user's unit holds a duty (authority.HasDuty: the 登记 button, the bulk steps) is read
with the user in the login backend's one statement, not in a query of each page; a duty given or
taken away counts from the next request (issue 7: a list page's queries)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.core.authority import holds_duty
from fazhi.core.backends import UnitModelBackend

pytestmark = pytest.mark.django_db

OFFICE = "reconsideration.office"
NEW = "/fuyi/new/"


def register_link_shown(client) -> bool:
    response = client.get("/fuyi/")
    assert response.status_code == 200
    return NEW in response.content.decode()


def test_the_users_unit_comes_with_the_duties_it_holds(org, people):
    duties.assign(None, Channel.CLI, org["justice"], "legality.office")
    user = UnitModelBackend().get_user(people["reviewer"].pk)
    with CaptureQueriesContext(connection) as queries:
        assert holds_duty(user.unit, OFFICE)
        assert holds_duty(user.unit, "letters.receiver")
        assert holds_duty(user.unit, "legality.office")
        assert not holds_duty(user.unit, "tasks.office")
    assert queries.captured_queries == []


def test_a_unit_that_holds_none_holds_none(people):
    user = UnitModelBackend().get_user(people["police_staff"].pk)
    with CaptureQueriesContext(connection) as queries:
        assert not holds_duty(user.unit, OFFICE)
    assert queries.captured_queries == []


def test_a_unit_read_elsewhere_is_asked_in_a_query(org):
    with CaptureQueriesContext(connection) as queries:
        assert holds_duty(org["justice"], OFFICE)
        assert not holds_duty(org["police"], OFFICE)
    assert len(queries.captured_queries) == 2


def test_the_list_asks_no_query_of_its_own_for_the_duty(client, people):
    client.force_login(people["reviewer"])
    client.get("/fuyi/")
    with CaptureQueriesContext(connection) as queries:
        assert register_link_shown(client)
    own = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "core_unitduty"' in q["sql"] and '"core_user"' not in q["sql"]
    ]
    assert own == []


def test_a_duty_taken_away_or_given_counts_from_the_next_request(client, org, people):
    client.force_login(people["reviewer"])
    assert register_link_shown(client)
    duties.revoke(None, Channel.CLI, org["justice"], OFFICE)
    assert not register_link_shown(client)
    assert client.get(NEW).status_code == 403
    duties.assign(None, Channel.CLI, org["justice"], OFFICE)
    assert register_link_shown(client)


def test_a_change_to_the_units_duties_is_seen_on_the_same_object(people):
    user = UnitModelBackend().get_user(people["reviewer"].pk)
    duties.revoke(None, Channel.CLI, user.unit, OFFICE)
    assert not holds_duty(user.unit, OFFICE)
    duties.assign(None, Channel.CLI, user.unit, OFFICE)
    assert holds_duty(user.unit, OFFICE)
