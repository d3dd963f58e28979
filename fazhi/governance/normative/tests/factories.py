"""规范性文件, 清理 and 备案审查 made through the service functions, for tests.

弥勒市司法局 is the government's 合法性审核机构 and 备案审查机构 here; 公安局's staff draft
documents; 司法局's `reviewer` gives the legality opinions and examines filed documents; the
`coordinator` organises the 清理."""

import datetime as dt

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.governance.legality import services as legality
from fazhi.governance.legality.tests.factories import assign_office as assign_legality_office
from fazhi.governance.normative import services
from fazhi.governance.normative.steps import FILING_OFFICE

D = dt.date


def assign_offices(org) -> None:
    assign_legality_office(org)
    for office in (org["justice"], org["kaiyuan_justice"]):
        duties.assign(None, Channel.CLI, office, FILING_OFFICE)


def drafted(org, actor, *, drafted_on=dt.date(2021, 3, 1), organ=None, **extra):
    data = {
        "title": "弥勒市公安局关于规范城区停车秩序的通告",
        "organ": organ or org["police"],
        "provisional": False,
        "drafted_on": drafted_on,
        "text": "第一条 为规范城区停车秩序……",
    } | extra
    return services.register(actor, Channel.WEB, data)


def reviewed(org, people, *, opinion="lawful", opinion_on=dt.date(2021, 3, 10), **extra):
    """Drafted by 公安局, sent for 合法性审核 and given its opinion by 司法局's reviewer."""
    doc = drafted(org, people["police_staff"], **extra)
    doc = services.request_review(people["police_staff"], Channel.WEB, doc, on=D(2021, 3, 2))
    review = legality_review(doc)
    text = "" if opinion == "lawful" else "第三条应删除。"
    legality.give_opinion(
        people["reviewer"], review, opinion=opinion, opinion_on=opinion_on, text=text
    )
    doc.refresh_from_db()
    return doc


def legality_review(doc):
    from fazhi.governance.legality.queries import review_of

    return review_of(doc)


def published(org, people, *, on=dt.date(2021, 4, 1), doc_number="弥公通〔2021〕1号", **extra):
    doc = reviewed(org, people, **extra)
    actor = people["police_staff"]
    doc = services.deliberate(actor, Channel.WEB, doc, on=D(2021, 3, 20), meeting="局务会议")
    return services.publish(actor, Channel.WEB, doc, on=on, doc_number=doc_number)


def existing(
    org, actor, *, organ=None, unit=None, published_on=dt.date(2019, 5, 6), number=None, **kw
):
    fields = {
        "organ": organ or org["police"],
        "unit": unit or organ or org["police"],
        "title": kw.pop("title", f"弥勒市公安局关于第{number or 1}项管理事项的规定"),
        "doc_number": f"弥公发〔{published_on.year}〕{number or 1}号",
        "published_on": published_on,
        "filed_on": published_on + dt.timedelta(days=10),
    } | kw
    return services.record_existing(actor, Channel.WEB, **fields)


def incidental(org, people, *, competent=True, requested_on=dt.date(2024, 5, 10), document=None):
    """A 2024 case (the 2023 law) accepted by 司法局, whose applicant asks for the review of a
    规范性文件 of 公安局."""
    from fazhi.disputes.reconsideration.tests.factories import accepted

    case = accepted(org, people["reviewer"], submitted_on=requested_on - dt.timedelta(days=4))
    document = document or existing(org, people["coordinator"], number=77)
    return services.request_incidental(
        people["reviewer"],
        Channel.WEB,
        case=case,
        requested_on=requested_on,
        document=document,
        clauses="第五条",
        competent=competent,
    )


def example(org, people, key="normative"):
    assign_offices(org)
    if key == "normative_incidental":
        return incidental(org, people)
    if key == "normative":
        return drafted(org, people["police_staff"])
    if key == "normative_cleanup":
        existing(org, people["coordinator"])
        return services.open_campaign(
            people["coordinator"],
            Channel.WEB,
            government=org["mile"],
            office=org["justice"],
            title="2021年规范性文件清理",
            cutoff_on=D(2021, 2, 28),
            opened_on=D(2021, 3, 1),
        )
    doc = existing(org, people["coordinator"], number=99)
    return services.receive_filing(
        people["reviewer"],
        Channel.WEB,
        office=org["justice"],
        document=doc,
        received_on=D(2019, 5, 20),
    )
