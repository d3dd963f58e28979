"""The 合法性审核 figures on a small built dataset, `fazhi tick`'s reminders, and the demo."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry, JobRun, Notice
from fazhi.figures.registry import Period, get
from fazhi.figures.services import compute_all, problems
from fazhi.governance.legality import jobs, services
from fazhi.governance.legality.models import Opinion, ReviewKind

from .factories import requested

D = dt.date
W = Channel.WEB
IDS = [
    "dec.legality_reviews",
    "legal.contract_reviews",
    "legal.contract_review_rate",
    "dec.legality_on_time_rate",
]
pytestmark = pytest.mark.django_db


def figures(scope, year):
    return {c.figure.id: c.result for c in compute_all(scope, Period.year(year), IDS)}


def opine(people, review, on, opinion=Opinion.LAWFUL):
    text = "" if opinion == Opinion.LAWFUL else "理由"
    return services.give_opinion(
        people["reviewer"], review, opinion=opinion, opinion_on=on, text=text
    )


def test_figures_count_opinions_given_in_the_year_in_scope(org, people):
    police, coord = people["police_staff"], people["coordinator"]
    kinds = [ReviewKind.DECISION, ReviewKind.NORMATIVE, ReviewKind.OTHER]
    for kind in kinds:  # three documents reviewed in 2021, within 15 工作日
        opine(people, requested(org, police, kind=kind, submitted_on=D(2021, 3, 1)), D(2021, 3, 5))
    late = requested(org, coord, unit=org["miyang"], submitted_on=D(2021, 3, 1))
    opine(people, late, D(2021, 4, 1), Opinion.UNLAWFUL)  # a town's, late, 不合法: still a review
    opine(
        people, requested(org, police, submitted_on=D(2020, 12, 1)), D(2021, 1, 4)
    )  # opinion 2021
    opine(people, requested(org, police, submitted_on=D(2021, 12, 20)), D(2022, 1, 5))  # in 2022
    withdrawn = requested(org, police, submitted_on=D(2021, 5, 6))
    services.withdraw(police, W, withdrawn, on=D(2021, 5, 7), reason="暂缓")
    requested(org, police, submitted_on=D(2021, 6, 1))  # still under review: not counted
    # contracts: cleared and signed after; signed before the opinion; 不合法 and signed anyway;
    # cleared but not signed; signed in 2022
    contract = dict(kind=ReviewKind.CONTRACT, submitted_on=D(2021, 6, 1))
    a = opine(people, requested(org, police, **contract), D(2021, 6, 4))
    services.record_signing(police, W, a, signed_on=D(2021, 6, 4))  # the same day: before
    b = requested(org, police, **contract)
    b = services.record_signing(police, W, b, signed_on=D(2021, 6, 2))
    opine(people, b, D(2021, 6, 7), Opinion.AMEND)
    c = opine(people, requested(org, police, **contract), D(2021, 6, 7), Opinion.UNLAWFUL)
    services.record_signing(police, W, c, signed_on=D(2021, 6, 9))
    opine(people, requested(org, police, **contract), D(2021, 6, 7))
    e = opine(people, requested(org, police, **contract), D(2021, 12, 1))
    services.record_signing(police, W, e, signed_on=D(2022, 1, 4))
    # 开远市's own review is not 弥勒市's
    theirs = requested(
        org, people["kaiyuan_staff"], unit=org["kaiyuan_justice"], submitted_on=D(2021, 3, 1)
    )
    services.give_opinion(
        people["kaiyuan_staff"], theirs, opinion=Opinion.LAWFUL, opinion_on=D(2021, 3, 3)
    )

    got = figures(org["mile"], 2021)
    assert got["dec.legality_reviews"].value == 5
    assert got["legal.contract_reviews"].value == 5
    rate = got["legal.contract_review_rate"]
    assert (rate.numerator, rate.denominator) == (1, 3)  # a only: b signed first, c 不合法
    assert rate.value == Decimal("33.33")
    timely = got["dec.legality_on_time_rate"]
    # late: the town's, the one sent in December 2020, and contract e (opinion in December)
    assert (timely.numerator, timely.denominator) == (7, 10)
    assert figures(org["miyang"], 2021)["dec.legality_reviews"].value == 1
    assert figures(org["kaiyuan"], 2021)["dec.legality_reviews"].value == 1
    assert figures(org["prefecture"], 2021)["dec.legality_reviews"].value == 6
    assert figures(org["mile"], 2022)["dec.legality_reviews"].value == 1
    assert "件(次)" in get("dec.legality_reviews").format(58)
    assert problems(compute_all(org["mile"], Period.year(2021), IDS)) == []


def tick(step):
    return step(JobRun.objects.create(name="tick", started_at=timezone.now()))


def test_tick_reminds_the_office_of_reviews_due_soon_and_overdue_once(org, people):
    today = timezone.localdate()
    police = people["police_staff"]
    overdue = requested(org, police, submitted_on=D(2024, 5, 6))
    soon = requested(org, police, submitted_on=today)
    soon.__class__.objects.filter(pk=soon.pk).update(next_due_on=today + dt.timedelta(days=1))
    given = opine(people, requested(org, police, submitted_on=D(2024, 5, 6)), D(2024, 5, 8))
    assert tick(jobs.remind_overdue) == 1 and tick(jobs.remind_due_soon) == 1
    late = Notice.objects.get(link=overdue.get_absolute_url())
    assert "尚未出具审核意见" in late.text and late.unit_id == org["justice"].pk
    assert "应于" in Notice.objects.get(link=soon.get_absolute_url()).text
    assert not Notice.objects.filter(link=given.get_absolute_url()).exists()
    assert tick(jobs.remind_overdue) == 0 and tick(jobs.remind_due_soon) == 0
    assert AuditEntry.objects.filter(action="合法性审核逾期提醒", channel="job").count() == 1
    assert AuditEntry.objects.filter(action="合法性审核临期提醒", channel="job").count() == 1


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker):
    """弥勒市's units and people, and this app's demo only (the others' demos are theirs)."""
    from django.db import transaction

    from fazhi.core.models import OrgUnit
    from fazhi.demo import build, prefecture
    from fazhi.governance.legality import demo

    with django_db_blocker.unblock(), transaction.atomic():
        units = build.build_org()
        users = {u.username: u for u in build.build_users(units)}
        demo.build({"units": units, "users": users})
        government = OrgUnit.objects.get(code="532504")
        mile = figures(government, 2021)
        county = next(c for c in prefecture.counties() if c.code == "532502")
        context = prefecture.build_county_org(county, prefecture.prefecture_unit())
        demo.build_county(context, 2021, random.Random(1), 0.5)
        yield {
            "figures": mile,
            "2022": figures(government, 2022),
            "kaiyuan": figures(OrgUnit.objects.get(code="532502"), 2021),
            "prefecture": figures(prefecture.prefecture_unit(), 2021),
        }
        transaction.set_rollback(True)


def test_the_demo_gives_its_part_of_the_seeds_58(city, db):
    """Seed 二.1 "开展合法性审核58件(次)": this demo's 44 other documents; the decisions demo adds 6
    重大行政决策 and the normative-documents demo 8 行政规范性文件."""
    got = city["figures"]
    assert got["dec.legality_reviews"].value == 44
    assert got["legal.contract_reviews"].value == 11
    rate = got["legal.contract_review_rate"]
    assert (rate.numerator, rate.denominator) == (8, 9)  # one signed before its opinion
    timely = got["dec.legality_on_time_rate"]
    assert (timely.numerator, timely.denominator) == (53, 55)
    assert city["2022"]["dec.legality_reviews"].value == 1


def test_a_county_of_the_prefecture_demo_has_its_own_reviews(city, db):
    kaiyuan, whole = city["kaiyuan"], city["prefecture"]
    assert kaiyuan["dec.legality_reviews"].value == 22  # 44 × 0.5
    assert kaiyuan["legal.contract_reviews"].value in (5, 6)
    assert whole["dec.legality_reviews"].value == 44 + 22


def test_the_report_states_the_reviews_in_part_two_after_its_first_paragraph():
    from fazhi.reports.parts import default_parts
    from fazhi.reports.prose import compile_template, figure_ids_of

    body = next(p for p in default_parts() if p.number == 2).body
    lines = body.split("\n")
    ours = next(i for i, line in enumerate(lines) if "开展合法性审核" in line)
    assert lines[ours - 1].startswith("（一）规范重大行政决策程序")
    assert figure_ids_of(compile_template(lines[ours])) == [
        "dec.legality_reviews",
        "legal.contract_reviews",
    ]
