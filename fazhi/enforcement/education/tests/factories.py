"""普法学法 records made through the service functions, for tests."""

import datetime as dt

from django.utils import timezone

from fazhi.core.audit import Channel
from fazhi.enforcement.education import services


def today() -> dt.date:
    return timezone.localdate()


def activity(org, actor, *, unit=None, kind="law_event", held_on=None, **extra):
    data = {
        "unit": unit or actor.unit,
        "kind": kind,
        "held_on": held_on or today() - dt.timedelta(days=10),
        "title": "送法进农村——弥阳街道小寨村",
        "place": "小寨村委会",
        "audience": "村民",
        "attendance": 80,
    } | extra
    return services.register(actor, Channel.WEB, data)


def item(org, actor, *, unit=None, year=None, publish=True, **extra):
    data = {
        "unit": unit or actor.unit,
        "year": year or today().year,
        "laws": "《中华人民共和国道路交通安全法》",
        "audience": "驾驶人、中小学生",
        "measures": "送法进校园、进农村",
        "planned_times": "全年",
        "drafted_on": today().replace(month=1, day=1),
    } | extra
    made = services.draft_item(actor, Channel.WEB, data)
    if publish:
        made = services.publish(actor, Channel.WEB, made, on=data["drafted_on"])
    return made


def example(org, people, key="education"):
    staff = people["police_staff"]
    if key == "education_duties":
        return item(org, staff, publish=False)
    return activity(org, staff)
