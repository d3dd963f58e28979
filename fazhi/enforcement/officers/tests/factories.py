"""执法队伍与执法人员 records made through the service functions, for tests (this app's and other
apps': `certified_officer` is part of the interface the 行政执法 cases app uses)."""

import datetime as dt
import itertools

from django.utils import timezone

from fazhi.core.audit import Channel
from fazhi.core.models import Role, User
from fazhi.core.validators import make_id_number
from fazhi.enforcement.officers import services
from fazhi.enforcement.officers.models import Certificate, Officer

_serial = itertools.count(1)


def today() -> dt.date:
    return timezone.localdate()


def id_number(n: int | None = None) -> str:
    n = next(_serial) if n is None else n
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=(n * 37) % 9000)
    return make_id_number("532526", birth, n % 1000)


def certifier(unit) -> User:
    """A coordinator of the unit's government (who issues 执法证), made once if there is none."""
    from fazhi.core.services import create_user

    government = unit.government()
    found = (
        User.objects.filter(role=Role.COORDINATOR, unit__path__startswith=government.path)
        .order_by("pk")
        .first()
    )
    if found:
        return found
    return create_user(
        None,
        Channel.CLI,
        username=f"certifier-{government.code}",
        password="pass-Fazhi-2021",
        unit=government,
        role=Role.COORDINATOR,
        full_name="发证员",
    )


def officer(actor, *, unit=None, name="张执法", **extra) -> Officer:
    data = {
        "unit": unit or actor.unit,
        "name": name,
        "id_number": id_number(),
        "phone": "13987654321",
        "post": "执法队员",
        "registered_on": today() - dt.timedelta(days=800),
        "team": None,
    } | extra
    return services.register_officer(actor, Channel.WEB, data)


def certificate(actor, holder: Officer, *, field="market", valid_until=None, **extra):
    issued_on = extra.pop("issued_on", None) or today() - dt.timedelta(days=700)
    data = {
        "officer": holder,
        "number": f"53250{next(_serial):08d}",
        "field": field,
        "issuer": "弥勒市人民政府",
        "issued_on": issued_on,
        "valid_until": valid_until or today() + dt.timedelta(days=3 * 365),
    } | extra
    return services.issue(actor, Channel.WEB, data)


def certified_officer(unit, *, field="market", name="张执法", valid_until=None) -> Officer:
    """An officer of `unit` in post with a certificate for `field` valid until `valid_until`
    (years ahead by default), made through the officers app's services."""
    actor = certifier(unit)
    holder = officer(actor, unit=unit, name=name)
    certificate(actor, holder, field=field, valid_until=valid_until)
    return holder


def team(actor, *, unit=None, **extra):
    data = {
        "unit": unit or actor.unit,
        "name": "综合行政执法大队",
        "established_on": today() - dt.timedelta(days=300),
        "fields_covered": ["market"],
        "staff_count": 30,
        "approval_number": "",
    } | extra
    return services.register_team(actor, Channel.WEB, data)


def exam(actor, *, unit=None, scores=(80, 55, None), **extra):
    data = {
        "unit": unit or actor.unit,
        "held_on": today() - dt.timedelta(days=30),
        "venue": "弥勒",
        "kind": "new",
    } | extra
    lines = [
        services.ExamLine(unit=data["unit"], name=f"考生{i}", score=s) for i, s in enumerate(scores)
    ]
    return services.record_exam(actor, Channel.WEB, data, lines)


def training(actor, *, unit=None, attendees=None, headcount=None, **extra):
    data = {
        "unit": unit or actor.unit,
        "held_on": today() - dt.timedelta(days=20),
        "topic": "行政执法“三项制度”",
        "organiser": "州级专家",
        "hours": 8,
        "headcount": headcount if attendees is None else None,
    } | extra
    if attendees is None and headcount is None:
        data["headcount"] = 30
    return services.record_training(actor, Channel.WEB, data, attendees)


def example(org, people, key="officers"):
    coordinator = people["coordinator"]
    staff = people["police_staff"]
    if key == "officers_teams":
        return team(staff)
    if key == "officers_certificates":
        holder = officer(staff)
        return certificate(coordinator, holder)
    if key == "officers_exams":
        return exam(coordinator)
    if key == "officers_trainings":
        return training(coordinator)
    return officer(staff)


__all__ = ["Certificate", "certified_officer", "example"]
