"""The part editor: unknown figures refused on save, a unit printed once, rendering bounded in
time and size, the figure picker (a static script) and the live preview."""

import io
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.models import UnitKind
from fazhi.figures import registry
from fazhi.figures.registry import counted, figure, rate
from fazhi.reports import prose, render, services

EIGHT_NESTED_LOOPS = "".join(f'{{% for x{i} in "0123456789" %}}' for i in range(8)) + (
    "x" + "{% endfor %}" * 8
)


@pytest.fixture
def figures(monkeypatch):
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))

    @figure("test.towns", "乡镇(街道)", "个", section="九.1")
    def towns(scope, period):
        "Towns in the scope."
        return counted(scope.subtree().filter(kind=UnitKind.TOWN))

    @figure("test.departments", "政府工作部门", "个", section="九.1")
    def departments(scope, period):
        "Departments in the scope."
        return counted(scope.subtree().filter(kind=UnitKind.DEPARTMENT))

    @figure("test.department_share", "部门占下属单位比例", "%", section="九.1")
    def share(scope, period):
        "Departments / units below."
        return rate(scope.subtree().exclude(pk=scope.pk), Q(kind=UnitKind.DEPARTMENT))


@pytest.fixture
def draft(org, people, figures):
    return services.create_report(people["coordinator"], Channel.WEB, org["mile"], 2021)


def save(draft, people, body, number=6):
    part = draft.parts.get(number=number)
    return services.update_part(people["coordinator"], Channel.WEB, part, body)


def part_six_html(report) -> str:
    return render.to_html(report).split('id="part-6"')[1].split("</section>")[0]


# --- unknown figures -------------------------------------------------------------------------


def test_an_unknown_figure_is_refused_on_save_with_the_nearest_ids(draft, people):
    with pytest.raises(ValidationError) as error:
        save(draft, people, '共有乡镇{% fig "test.twons" %}')
    [message] = error.value.messages
    assert message.startswith("未保存：平台没有编号为“test.twons”的指标；是否要写：test.towns")
    assert "twons" not in draft.parts.get(number=6).body_template


def test_an_unknown_figure_inside_a_loop_is_refused_too(draft, people):
    with pytest.raises(ValidationError, match=r"没有编号为“test\.nowhere”"):
        save(draft, people, '{% if year %}{% fig "test.nowhere" %}{% endif %}')


def test_the_page_says_why_and_does_not_say_saved(client, draft, people):
    client.force_login(people["coordinator"])
    url = reverse("reports:edit_part", args=[draft.pk, 6])
    response = client.post(url, {"body_template": '乡镇{% fig "test.twons" %}'}, follow=True)
    page = response.content.decode()
    assert "没有编号为“test.twons”的指标" in page and "已保存" not in page
    assert "乡镇{% fig &quot;test.twons&quot; %}" in page  # what was typed stays in the form


# --- a unit printed once ---------------------------------------------------------------------


def test_a_figure_followed_by_its_unit_prints_the_unit_once(draft, people):
    save(
        draft,
        people,
        '共有部门{% fig "test.departments" %}个，比例{% fig "test.department_share" %}%。',
    )
    html = part_six_html(draft)
    assert ">3</a>个，" in html and "3个个" not in html
    assert ">75.00</a>%。" in html and "%%" not in html

    from docx import Document

    document = Document(io.BytesIO(render.to_docx(draft)))
    text = "".join(p.text for p in document.paragraphs)
    assert "共有部门3个，比例75.00%。" in text


def test_a_figure_without_the_unit_after_it_keeps_its_unit(draft, people):
    save(draft, people, '共有部门{% fig "test.departments" %}，其中……')
    assert ">3个</a>，其中" in part_six_html(draft)


# --- bounded rendering -----------------------------------------------------------------------


def test_eight_nested_loops_are_refused_on_save(draft, people):
    started = time.monotonic()
    with pytest.raises(ValidationError, match="嵌套超过 2 层"):
        save(draft, people, EIGHT_NESTED_LOOPS)
    assert time.monotonic() - started < 1


def test_eight_nested_loops_saved_before_stop_quickly_with_a_problem(draft, people, client):
    """A template saved before the rule (or typed into the database) renders in bounded time."""
    draft.parts.filter(number=6).update(body_template=EIGHT_NESTED_LOOPS)
    started = time.monotonic()
    result = render.rendered(draft)
    html = render.to_html(draft)
    assert time.monotonic() - started < 3  # unbounded, this takes 10⁸ loop rounds
    problem = next(p for p in result.problems if p["check"] == "template:6")
    assert "嵌套超过 2 层" in problem["message"]
    assert "正文模板有误，无法生成" in html  # the staff see where, in the draft


def test_loop_rounds_are_counted_across_loops(draft, people):
    """Two loops deep over long strings: 10⁶ rounds, stopped after MAX_LOOP_ITERATIONS."""
    digits = "0123456789" * 100
    save(
        draft,
        people,
        f'{{% for a in "{digits}" %}}{{% for b in "{digits}" %}}x{{% endfor %}}{{% endfor %}}',
    )
    started = time.monotonic()
    result = render.rendered(draft)
    assert time.monotonic() - started < 3
    problem = next(p for p in result.problems if p["check"] == "template:6")
    assert f"循环共超过 {prose.MAX_LOOP_ITERATIONS} 次" in problem["message"]


def test_output_is_capped(draft, people):
    body = '{% for a in "0123456789" %}{% for b in "0123456789" %}' + "字" * 900
    body += "{% endfor %}{% endfor %}"
    save(draft, people, body)  # 100 rounds of 900 characters: 90 000 characters
    result = render.rendered(draft)
    problem = next(p for p in result.problems if p["check"] == "template:6")
    assert problem["description"] == "正文过长"
    part = next(p for p in result.composition.parts if p.number == 6)
    text = "".join(s.text for p in part.paragraphs for s in p.segments)
    assert len(text) < prose.MAX_PART_CHARS + 100


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{{ year|ljust:"999999999" }}', "不允许使用过滤器 |ljust"),
        ('{% if year|floatformat:"99999" %}x{% endif %}', "不允许使用过滤器 |floatformat"),
        ("字" * (prose.MAX_TEMPLATE_CHARS + 1), "正文模板过长"),
    ],
)
def test_filters_that_blow_up_and_overlong_templates_are_refused(draft, people, body, message):
    with pytest.raises(ValidationError, match=message):
        save(draft, people, body)


def test_allowed_filters_still_work(draft, people):
    save(draft, people, '{{ unit_name|cut:"人民政府" }}{{ year|add:1 }}年')
    assert "弥勒市2022年" in part_six_html(draft)


# --- picker and preview ----------------------------------------------------------------------


def test_the_picker_lists_figures_and_is_a_static_script(client, draft, people):
    client.force_login(people["coordinator"])
    page = client.get(reverse("reports:edit_part", args=[draft.pk, 6])).content.decode()
    assert "/static/reports/figure_picker.js" in page
    assert "data-tag='{% fig \"test.towns\" %}'" in page and 'id="figure-search"' in page
    script = Path(render.STATIC_DIR / "figure_picker.js").read_text(encoding="utf-8")
    assert "eval(" not in script and "innerHTML" not in script


def test_the_preview_renders_the_typed_text_with_current_figures(client, draft, people):
    saved = draft.parts.get(number=6).body_template
    client.force_login(people["coordinator"])
    url = reverse("reports:preview_part", args=[draft.pk, 6])
    typed = '共有乡镇{% fig "test.towns" %}个【待填写：原因】'
    fragment = client.post(url, {"body_template": typed}).content.decode()
    assert ">1</a>个" in fragment and "/figures/test.towns/records/" in fragment
    assert "报告尚有待填写的内容" in fragment
    assert draft.parts.get(number=6).body_template == saved  # nothing saved
    fragment = client.post(url, {"body_template": EIGHT_NESTED_LOOPS}).content.decode()
    assert "嵌套超过 2 层" in fragment
    client.force_login(people["leader"])
    assert client.post(url, {"body_template": typed}).status_code == 403
