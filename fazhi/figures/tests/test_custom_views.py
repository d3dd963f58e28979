"""The custom figure pages: coordinators only; refusals per row in Chinese; a preview before
saving; the saved figure in the /figures/ table."""

import datetime as dt

from fazhi.core.models import AuditEntry
from fazhi.figures.models import CustomFigure

from .test_custom import cases, decided  # noqa: F401 (fixture and helper)

FORM = {
    "procedure": "reconsideration",
    "kind": "count",
    "slug": "upheld",
    "label": "维持原行政行为的复议案件",
    "unit": "件",
    "section": "六.1",
    "display": "",
    "definition": "期内审结案件中复议决定维持的件数。",
    "sum_field": "",
    "c-field": ["closed_on", "outcome", ""],
    "c-op": ["period", "eq", "eq"],
    "c-value": ["", "维持", ""],
    "n-field": [""],
    "n-op": ["eq"],
    "n-value": [""],
}


def test_only_coordinators_define_figures(people, client):
    for who in ("reviewer", "leader"):
        client.force_login(people[who])
        assert client.get("/figures/custom/").status_code == 403
        assert client.post("/figures/custom/new/", FORM | {"action": "save"}).status_code == 403
    assert not CustomFigure.objects.exists()


def test_the_form_offers_only_the_models_own_fit_fields(people, client):
    client.force_login(people["coordinator"])
    page = client.get("/figures/custom/new/?procedure=reconsideration").content.decode()
    assert 'value="closed_on"' in page and 'value="outcome"' in page and 'value="organ"' in page
    for hidden in ("applicant_name", "applicant_id_number", "applicant_phone", "handler", "act"):
        assert f'value="{hidden}"' not in page, hidden
    assert 'id="custom-fields" type="application/json"' in page


def test_preview_shows_the_value_and_saves_nothing(people, client, cases, monkeypatch):  # noqa: F811
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2021, 12, 1))
    client.force_login(people["coordinator"])
    page = client.post("/figures/custom/new/", FORM | {"action": "preview"}).content.decode()
    assert "预览：2021年" in page and "<strong>1件</strong>" in page
    assert not CustomFigure.objects.exists()


def test_refusals_are_shown_per_row_and_nothing_is_saved(people, client):
    client.force_login(people["coordinator"])
    bad = FORM | {
        "c-field": ["closed_on", "respondent__path", "outcome", "status"],
        "c-op": ["period", "eq", "eq", "lt"],
        "c-value": ["", "532504", "maybe", "decided"],
        "action": "save",
    }
    page = client.post("/figures/custom/new/", bad).content.decode()
    assert "条件第2行：不能跨关联查询字段" in page
    assert "条件第3行：“maybe”不是“结果”的可选值" in page
    assert "条件第4行：字段“状态”不能使用运算" in page
    assert not CustomFigure.objects.exists()
    assert not AuditEntry.objects.filter(action="定义自定义指标").exists()


def test_saved_it_is_listed_edited_and_shown_in_the_figures_table(people, client, cases):  # noqa: F811
    client.force_login(people["coordinator"])
    response = client.post("/figures/custom/new/", FORM | {"action": "save"})
    assert response.status_code == 302
    fig = CustomFigure.objects.get()
    assert fig.conditions[1] == {"field": "outcome", "op": "eq", "value": "upheld"}
    assert "维持原行政行为的复议案件" in client.get("/figures/custom/").content.decode()
    table = client.get("/figures/?year=2021").content.decode()
    assert "custom.upheld" in table and "1件" in table
    edit = FORM | {"c-value": ["", "撤销", ""], "action": "save"}
    assert client.post(f"/figures/custom/{fig.pk}/", edit).status_code == 302
    fig.refresh_from_db()
    assert fig.version == 2 and fig.conditions[1]["value"] == "revoked"


def test_another_governments_figure_is_neither_shown_nor_editable(org, people, client):
    from fazhi.core.audit import Channel
    from fazhi.core.models import Role
    from fazhi.figures import definitions

    fig = definitions.define(
        people["coordinator"],
        Channel.WEB,
        {
            "slug": "x",
            "label": "x",
            "unit": "件",
            "section": "六.1",
            "definition": "x",
            "kind": "count",
            "procedure": "reconsideration",
            "conditions": [{"field": "closed_on", "op": "period", "value": None}],
        },
    )
    other = people["coordinator"].__class__.objects.create(
        username="ky", unit=org["kaiyuan_justice"], role=Role.COORDINATOR
    )
    client.force_login(other)
    assert "custom.x" not in client.get("/figures/custom/").content.decode()
    assert client.get(f"/figures/custom/{fig.pk}/").status_code == 404
    assert client.get("/figures/custom.x/records/?year=2021").status_code == 404
