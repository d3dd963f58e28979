"""The login backend loads the user with its unit and the unit's parent: every staff page asks
for the user's scope (its unit, and an overseer's government above it)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.urls("fazhi.urls")


def log_in(client, user) -> None:
    """Through the login page: the session then names the backend that authenticated."""
    answer = client.post(
        reverse("login"), {"username": user.username, "password": "pass-Fazhi-2021"}
    )
    assert answer.status_code == 302, answer.content.decode()[:500]


def test_a_request_reads_the_users_unit_and_government_with_the_user(client, people):
    coordinator = people["coordinator"]  # 弥勒市司法局: its scope is the government above it
    log_in(client, coordinator)

    with CaptureQueriesContext(connection) as seen:
        assert client.get(reverse("core:workbench")).status_code == 200

    users = [q["sql"] for q in seen.captured_queries if 'FROM "core_user"' in q["sql"]]
    assert len(users) == 1 and 'JOIN "core_orgunit"' in users[0]
    unit_by_id = (
        f'"core_orgunit"."id" = {coordinator.unit_id}',
        f'"core_orgunit"."id" = {coordinator.unit.parent_id}',
    )
    assert not [q for q in seen.captured_queries if any(w in q["sql"] for w in unit_by_id)]


def test_a_deactivated_user_is_logged_out_on_the_next_request(client, people):
    staff = people["police_staff"]
    log_in(client, staff)
    staff.is_active = False
    staff.save(update_fields=["is_active"])

    response = client.get(reverse("core:workbench"))

    assert response.status_code == 302 and "/login/" in response.url
