"""Year-on-year phrasing ({% yoy %}) and the content 督察工作规定 art. 25 requires."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.models import UnitKind
from fazhi.core.services import create_unit
from fazhi.figures import registry
from fazhi.figures.registry import counted, figure, rate
from fazhi.reports import render, services
from fazhi.reports.models import AnnualReport
from fazhi.reports.tests import workflow


@pytest.fixture
def yearly_figures(monkeypatch):
    """Figures whose value depends on the year: 2021 counts departments, 2020 towns."""
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))

    def kind(period):
        return UnitKind.DEPARTMENT if period.start.year == 2021 else UnitKind.TOWN

    @figure("test.units", "单位", "个", section="九.1")
    def units(scope, period):
        "Departments in 2021, towns before."
        return counted(scope.subtree().filter(kind=kind(period)))

    @figure("test.share", "占比", "%", section="九.1")
    def share(scope, period):
        "Share of the units below."
        return rate(scope.subtree().exclude(pk=scope.pk), Q(kind=kind(period)))


@pytest.fixture
def draft(org, people, yearly_figures):
    return services.create_report(people["coordinator"], Channel.WEB, org["mile"], 2021)


def save(draft, people, number, body):
    part = draft.parts.get(number=number)
    services.update_part(people["coordinator"], Channel.WEB, part, body)


YOY = (
    '单位{% fig "test.units" %}，{% yoy "test.units" %}，{% yoy "test.units" "同比" %}；'
    '占比{% fig "test.share" %}，{% yoy "test.share" %}。'
)


def test_yoy_says_the_change_as_the_seed_does(draft, people):
    save(draft, people, 6, YOY)
    html = render.to_html(draft)
    assert "较去年增加2个" in html and "同比增长200%" in html
    assert "较去年的25.00%提高50个百分点" in html


def test_an_issued_report_keeps_last_years_values_frozen(draft, people, org):
    save(draft, people, 6, YOY)
    issued = workflow.sign(draft, people)
    assert {e["id"] for e in issued.frozen_figures["previous_year"]} == {"test.units", "test.share"}
    create_unit(None, Channel.CLI, code="532504002", name="新街道", kind="town", parent=org["mile"])
    html = render.to_html(AnnualReport.objects.get(pk=issued.pk))
    assert "较去年增加2个" in html and "较去年的25.00%提高50个百分点" in html


def test_no_comparison_no_last_year_computed(draft, people, monkeypatch):
    calls = []
    original = services.figure_services.compute_all

    def spy(scope, period, ids=None):
        calls.append(period.start.year)
        return original(scope, period, ids)

    monkeypatch.setattr(services.figure_services, "compute_all", spy)
    save(draft, people, 6, '单位{% fig "test.units" %}')
    render.rendered(draft)
    assert calls == [2021]
    save(draft, people, 6, YOY)
    calls.clear()
    render.rendered(draft)
    assert calls == [2021, 2020]


def test_a_comparison_that_cannot_be_made_is_a_problem_and_not_published(draft, people, org):
    save(draft, people, 6, '新增{% yoy "test.units" "同比" %}。')
    # 2020 counted towns: make it none, so 同比 has nothing to divide by
    from fazhi.core.models import OrgUnit

    OrgUnit.objects.filter(kind=UnitKind.TOWN).update(kind=UnitKind.OTHER)
    result = render.rendered(draft)
    assert "yoy:test.units" in {p["check"] for p in result.problems}
    assert "【指标 test.units 无法与上年比较】" in render.to_html(draft)
    issued = workflow.sign(draft, people)
    assert "无法与上年比较" not in render.to_html(issued).split("report-appendix")[0]


def test_yoy_of_an_unknown_figure_is_refused(draft, people):
    with pytest.raises(ValidationError, match=r"没有编号为“test\.nowhere”"):
        save(draft, people, 6, '{% yoy "test.nowhere" %}')


# --- 督察工作规定 art. 25 ----------------------------------------------------------------------


def art25(report) -> set[str]:
    return {p["check"] for p in render.rendered(report).problems if p["check"].startswith("art25")}


def test_the_default_text_lacks_shortcomings_and_next_years_plans(draft):
    assert art25(draft) == {"art25:shortcomings", "art25:next_year"}


def test_written_content_satisfies_article_25(draft, people):
    save(
        draft,
        people,
        9,
        "{{ year }}年，{{ area }}法治政府建设仍存在一些不足：部分单位合法性审核力量不足，"
        "行政执法人员业务能力有待提高。\n"
        "{{ next_year }}年，{{ area }}将重点做好以下工作：健全重大行政决策程序，"
        "推进行政执法规范化建设。",
    )
    assert art25(draft) == set()
    for number in range(1, 9):
        save(draft, people, number, "")
    assert art25(draft) == {"art25:measures", "art25:first_responsibility"}


def test_the_preview_compares_what_is_typed(client, draft, people):
    client.force_login(people["coordinator"])
    url = reverse("reports:preview_part", args=[draft.pk, 6])
    fragment = client.post(url, {"body_template": YOY}).content.decode()
    assert "较去年增加2个" in fragment and "较去年的25.00%提高50个百分点" in fragment
