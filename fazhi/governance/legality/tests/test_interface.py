"""The interface other procedures use: request_review, give_opinion, review_of, cleared."""

import datetime as dt

import pytest

from fazhi.core.instruments.services import instruments_of
from fazhi.governance.legality import queries, services
from fazhi.governance.legality.models import Opinion, ReviewKind, ReviewStatus
from fazhi.governance.legality.tests.factories import assign_office, requested

pytestmark = pytest.mark.django_db


def test_a_record_reviewed_and_cleared(org, people):
    assign_office(org)
    subject = org["land"]  # any saved record stands for the decision reviewed
    review = requested(org, people["police_staff"], kind=ReviewKind.DECISION, subject=subject)
    assert review.status == ReviewStatus.SUBMITTED and review.next_due_on
    assert queries.review_of(subject) == review and queries.cleared(subject) is None
    review = services.give_opinion(
        people["reviewer"], review, opinion=Opinion.LAWFUL, opinion_on=dt.date(2024, 5, 10)
    )
    assert review.status == ReviewStatus.GIVEN and review.next_due_on is None
    assert queries.cleared(subject) == review
    paper = instruments_of(review).get()
    assert paper.title == "合法性审核意见书" and "审核结论：合法" in paper.body
    assert paper.signer == "弥勒市司法局"


def test_an_unlawful_latest_opinion_does_not_clear(org, people):
    assign_office(org)
    subject = org["land"]
    first = requested(org, people["police_staff"], kind=ReviewKind.NORMATIVE, subject=subject)
    services.give_opinion(
        people["reviewer"],
        first,
        opinion=Opinion.AMEND,
        opinion_on=dt.date(2024, 5, 8),
        text="删去第五条",
    )
    assert queries.cleared(subject).pk == first.pk
    second = requested(
        org,
        people["police_staff"],
        kind=ReviewKind.NORMATIVE,
        subject=subject,
        submitted_on=dt.date(2024, 6, 3),
    )
    services.give_opinion(
        people["reviewer"],
        second,
        opinion=Opinion.UNLAWFUL,
        opinion_on=dt.date(2024, 6, 7),
        text="超越法定权限",
    )
    assert queries.review_of(subject).pk == second.pk
    assert queries.cleared(subject) is None
    assert queries.review_of(org["police"]) is None
