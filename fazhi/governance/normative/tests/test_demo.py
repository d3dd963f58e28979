"""The demo city (弥勒市 2021) reproduces the seed's 规范性文件 figures from records made through
the services: 41 废止 and 2 修改 in the 清理 (seed 一.2), 3 备案审查 (二.2), and 8 合法性审核 of
规范性文件 with their opinions given in 2021 (part of dec.legality_reviews = 58)."""

import pytest
from django.db import transaction

from fazhi.core import procedures
from fazhi.figures.registry import Period
from fazhi.figures.services import compute_all
from fazhi.governance.normative.models import FilingReview


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker):
    from fazhi.core.models import OrgUnit
    from fazhi.demo import build

    with django_db_blocker.unblock(), transaction.atomic():
        build.build()
        government = OrgUnit.objects.get(code="532504")
        computed = {c.figure.id: c.result for c in compute_all(government, Period.year(2021))}
        reviews = procedures.get("legality").model.objects.filter(
            kind="normative", opinion_on__year=2021
        )
        titles = set(FilingReview.objects.values_list("document__title", flat=True))
        yield {"computed": computed, "reviews": reviews.count(), "filed_titles": titles}
        transaction.set_rollback(True)


def test_the_demo_reproduces_the_seed_figures(city, db):
    values = {k: v.value for k, v in city["computed"].items() if k.startswith("doc.")}
    assert values["doc.cleanup.abolished"] == 41
    assert values["doc.cleanup.amended"] == 2
    assert values["doc.filing_reviews"] == 3
    assert (values["doc.issued"], values["doc.abolished"], values["doc.effective"]) == (8, 41, 67)
    assert values["doc.review_rate"] == values["doc.filing_rate"] == 100


def test_the_demo_makes_eight_normative_legality_reviews_in_2021(city, db):
    assert city["reviews"] == 8


def test_the_three_filing_reviews_are_the_seeds(city, db):
    assert city["filed_titles"] == {
        "弥勒市人民政府关于禁止在重点区域内道路上停车的通告",
        "弥勒市人民政府关于弥勒市网络预约出租汽车经营服务管理实施细则",
        "弥勒市人民政府关于弥勒市城区、乡镇(街道)广场舞噪声污染防治管理规定",
    }
