"""重大行政决策 records made through the service functions, for tests.

弥勒市司法局 is, in these tests, both the government's 重大行政决策统筹机构 (duty
`decisions.office`) and its 合法性审核机构 (`legality.office`); 公安局 is the 决策承办单位."""

import datetime as dt

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.governance.decisions import services
from fazhi.governance.decisions.steps import OFFICE
from fazhi.governance.legality import services as legality
from fazhi.governance.legality.services import OFFICE as LEGALITY_OFFICE

D = dt.date
W = Channel.WEB
MARCH_1, MARCH_5, APRIL_26 = D(2024, 3, 1), D(2024, 3, 5), D(2024, 4, 26)


def assign_offices(org) -> None:
    for office in (org["justice"], org["kaiyuan_justice"]):
        duties.assign(None, Channel.CLI, office, OFFICE)
        duties.assign(None, Channel.CLI, office, LEGALITY_OFFICE)


def catalogue(org, people, *, year=2024, published=True, actor=None):
    assign_offices(org)
    actor = actor or people["reviewer"]
    made = services.create_catalogue(
        actor, W, {"year": year, "title": "", "drafted_on": D(year, 1, 10)}
    )
    return publish(made, actor) if published else made


def publish(cat, actor):
    year = cat.year
    cat = services.party_agree(actor, W, cat, on=D(year, 1, 20), party_document="市委常委会")
    return services.publish_catalogue(
        actor, W, cat, on=D(year, 1, 25), document_number=f"弥政发〔{year}〕1号"
    )


def listed(org, people, *, year=2024, title="弥勒市城区停车收费管理办法", published=True):
    cat = catalogue(org, people, year=year, published=False)
    d = services.add_item(
        people["reviewer"],
        W,
        cat,
        on=D(year, 1, 15),
        title=title,
        category="policy",
        unit=org["police"],
    )
    if published:
        publish(cat, people["reviewer"])
    d.refresh_from_db()
    return d


def started(org, people, *, needs_experts=False, needs_risk=False, **kw):
    d = listed(org, people, **kw)
    return services.start(
        people["reviewer"],
        W,
        d,
        on=D(2024, 2, 1),
        unit=org["police"],
        needs_experts=needs_experts,
        needs_risk=needs_risk,
    )


def commenting(org, people, *, on=MARCH_1, days=30, urgency_reason="", **kw):
    d = started(org, people, **kw)
    return services.open_comment(
        people["police_staff"],
        W,
        d,
        on=on,
        draft="拟对城区道路停车实行分时段收费。",
        days=days,
        urgency_reason=urgency_reason,
    )


def opinion(people, d, *, on=MARCH_5, name="张三", text="建议夜间免费。"):
    return services.comment(
        people["police_staff"],
        W,
        d,
        on=on,
        way="letter",
        name=name,
        contact="13812345678",
        text=text,
    )


def prepared(org, people, **kw):
    """Public comment closed with one opinion handled and the handling published."""
    d = commenting(org, people, **kw)
    first = opinion(people, d)
    d = services.close_comment(people["police_staff"], W, d, on=D(2024, 4, 2))
    d = services.handle_opinion(
        people["police_staff"],
        W,
        d,
        on=D(2024, 4, 3),
        opinion=first,
        outcome="partly",
        reason="夜间限时免费",
    )
    return services.publish_handling(people["police_staff"], W, d, on=D(2024, 4, 5))


def reviewed(org, people, *, verdict="lawful", **kw):
    d = prepared(org, people, **kw)
    review = services.request_review(people["police_staff"], W, d, on=D(2024, 4, 8))
    legality.give_opinion(
        people["reviewer"], review, opinion=verdict, opinion_on=D(2024, 4, 19), text="意见"
    )
    d.refresh_from_db()
    return d


def meeting(org, people, *, number="第1次", held_on=APRIL_26, kind="executive", **extra):
    assign_offices(org)
    data = {"kind": kind, "number": number, "held_on": held_on, "chair": "周市长"} | extra
    return services.register_meeting(people["reviewer"], W, data)


def decided(org, people, **kw):
    d = reviewed(org, people, **kw)
    m = meeting(org, people)
    return services.decide(people["reviewer"], W, d, meeting=m, outcome="adopted")


def example(org, people, key):
    """For the kernel's walk: an unpublished 2023 catalogue, a 2024 decision listed in the
    published catalogue (with a meeting to decide it at), a meeting."""
    if key == "decision_catalogues":
        return catalogue(org, people, year=2023, published=False)
    if key == "meetings":
        return meeting(org, people, number="第9次")
    d = listed(org, people)
    meeting(org, people)
    return d
