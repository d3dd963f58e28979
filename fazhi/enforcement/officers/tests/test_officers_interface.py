"""The interface the 行政执法 cases app uses: lacking_certificate and certified_officers
(行政处罚法 art. 42: "行政处罚应当由具有行政执法资格的执法人员实施")."""

import datetime as dt

import pytest
from django.utils import timezone

from fazhi.core.audit import Channel
from fazhi.enforcement.officers import services
from fazhi.enforcement.officers.models import Officer
from fazhi.enforcement.officers.queries import certified_officers, lacking_certificate
from fazhi.enforcement.officers.tests.factories import certified_officer

pytestmark = pytest.mark.django_db


def test_lacking_certificate(org, people, django_assert_num_queries):
    today = timezone.localdate()
    police, coord = org["police"], people["coordinator"]
    ok = certified_officer(police, name="王合格")
    other_field = certified_officer(police, field="transport", name="李交通")
    expired = certified_officer(police, name="赵过期", valid_until=today - dt.timedelta(days=1))
    suspended = certified_officer(police, name="钱暂扣")
    services.suspend(coord, Channel.WEB, suspended.certificates.get(), on=today, reason="违纪")
    cancelled = certified_officer(police, name="孙注销")
    services.cancel(coord, Channel.WEB, cancelled.certificates.get(), on=today, reason="调岗")
    left = certified_officer(police, name="周调离")
    services.transfer(people["police_staff"], Channel.WEB, left, on=today)
    everyone = [ok, other_field, expired, suspended, cancelled, left]
    with django_assert_num_queries(1):
        lacking = lacking_certificate(everyone, "market", today)
    assert [o.name for o in lacking] == ["李交通", "赵过期", "钱暂扣", "孙注销", "周调离"]
    with django_assert_num_queries(1):
        assert lacking_certificate(Officer.objects.order_by("pk"), "market", today) == lacking
    # valid on a day before the suspension, the cancellation and the transfer
    yesterday = today - dt.timedelta(days=1)
    assert [o.name for o in lacking_certificate(everyone, "market", yesterday)] == ["李交通"]
    assert list(certified_officers(police, "market", today)) == [ok]
    assert lacking_certificate([], "market", today) == []
