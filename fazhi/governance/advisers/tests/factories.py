"""法律顾问 records made through the service functions, for tests."""

import datetime as dt

from django.utils import timezone

from fazhi.core.audit import Channel
from fazhi.governance.advisers import services
from fazhi.governance.advisers.models import Adviser, AdviserKind, Engagement

LICENCE = "15325201510123456"


def today() -> dt.date:
    return timezone.localdate()


def adviser(org, actor, *, unit=None, kind=AdviserKind.LAWYER, **extra):
    data = {
        "unit": unit or actor.unit,
        "name": "张建华",
        "kind": kind,
        "organisation": "云南弥阳律师事务所",
        "licence_id_number": LICENCE if kind in AdviserKind.licensed() else "",
        "phone": "13987654321",
        "expertise": "行政法",
        "registered_on": today() - dt.timedelta(days=400),
    } | extra
    return services.register_adviser(actor, Channel.WEB, data)


def engagement(org, actor, *, unit=None, who=None, start_on=None, end_on=None, **extra):
    if who is None:  # the register's lawyer, registered once
        registered = Adviser.objects.filter(licence_id_number=LICENCE, unit=unit or actor.unit)
        who = registered.first() or adviser(org, actor, unit=unit)
    start_on = start_on or today() - dt.timedelta(days=200)
    end_on = end_on or start_on + dt.timedelta(days=364)
    data = {
        "unit": unit or actor.unit,
        "adviser": who,
        "start_on": start_on,
        "end_on": end_on,
        "fee": None,
        "contract_number": "",
    } | extra
    return services.engage(actor, Channel.WEB, data)


def work(org, actor, *, of=None, done_on=None, kind="contract", count=1, **extra):
    e = of or Engagement.objects.filter(unit=actor.unit).first() or engagement(org, actor)
    data = {
        "engagement": e,
        "done_on": done_on or today() - dt.timedelta(days=10),
        "kind": kind,
        "subject": "审核政府采购合同",
        "reference": "",
        "count": count,
    } | extra
    return services.record_work(actor, Channel.WEB, data)


def example(org, people, key="advisers"):
    staff = people["police_staff"]
    if key == "advisers_register":
        return adviser(org, staff, name="李晓梅", licence_id_number="15325201710654321")
    if key == "advisers_work":
        return work(org, staff)
    return engagement(org, staff)
