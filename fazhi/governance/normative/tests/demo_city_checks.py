"""The demo city (弥勒市 2021) reproduces the seed's 规范性文件 figures from records made through
the services: 41 废止 and 2 修改 in the 清理 (seed 一.2), 3 备案审查 (二.2), and 8 合法性审核 of
规范性文件 with their opinions given in 2021 (part of dec.legality_reviews = 58).

These tests run in fazhi/demo/tests/test_seed_figures.py, which imports them, so that the city is
built once for every test that needs it (its fixture `city_2021`)."""

from fazhi.core import procedures
from fazhi.governance.normative.models import FilingReview


def test_the_demo_reproduces_the_seed_figures_of_normative_documents(city_2021, db):
    computed = city_2021["computed"].items()
    values = {k: c.result.value for k, c in computed if k.startswith("doc.")}
    assert values["doc.cleanup.abolished"] == 41
    assert values["doc.cleanup.amended"] == 2
    assert values["doc.filing_reviews"] == 3
    assert (values["doc.issued"], values["doc.abolished"], values["doc.effective"]) == (8, 41, 67)
    assert values["doc.review_rate"] == values["doc.filing_rate"] == 100


def test_the_demo_makes_eight_normative_legality_reviews_in_2021(city_2021, db):
    reviews = procedures.get("legality").model.objects.filter(
        kind="normative", opinion_on__year=2021
    )
    assert reviews.count() == 8


def test_the_three_filing_reviews_are_the_seeds(city_2021, db):
    titles = set(FilingReview.objects.values_list("document__title", flat=True))
    assert titles == {
        "弥勒市人民政府关于禁止在重点区域内道路上停车的通告",
        "弥勒市人民政府关于弥勒市网络预约出租汽车经营服务管理实施细则",
        "弥勒市人民政府关于弥勒市城区、乡镇(街道)广场舞噪声污染防治管理规定",
    }
