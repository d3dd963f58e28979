"""Two 聘请 of the same adviser by the same unit sent at once make one engagement: the adviser's
row is locked before the check for an engagement in force, so the second request waits for the
first and is refused (PostgreSQL); SQLite lets one writer through and makes the other wait."""

import threading
import time

import pytest
from django.db import OperationalError, connection

from fazhi.core.workflow import Refusal
from fazhi.governance.advisers import services
from fazhi.governance.advisers.models import Engagement, EngagementStatus

from .factories import adviser, engagement

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_engagements_sent_at_once_make_one(org, people, monkeypatch):
    staff = people["police_staff"]
    lawyer = adviser(org, staff)
    create = services.ENGAGEMENT_STEPS.create

    def slow_create(*args, **kwargs):
        time.sleep(0.3)  # between the check and the insert: where the two would both pass
        return create(*args, **kwargs)

    monkeypatch.setattr(services.ENGAGEMENT_STEPS, "create", slow_create)
    start = threading.Barrier(2)
    outcomes = []

    def engage():
        try:
            start.wait()
            engagement(org, staff, who=lawyer)
            outcomes.append("engaged")
        except Refusal as refusal:
            outcomes.append(str(refusal))
        except OperationalError:  # SQLite: the database is locked by the other writer
            outcomes.append("busy")
        finally:
            connection.close()

    threads = [threading.Thread(target=engage) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    in_force = Engagement.objects.filter(adviser=lawyer, status=EngagementStatus.ENGAGED)
    assert in_force.count() == 1
    assert outcomes.count("engaged") == 1 and len(outcomes) == 2
    if connection.vendor == "postgresql":
        assert any("不能重复聘请" in outcome for outcome in outcomes), outcomes
