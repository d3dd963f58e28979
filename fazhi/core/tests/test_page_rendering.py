"""The list pages' rows, the workbench's rows and the ledger filters' form are made in Python for
speed (bench/bench_serve.py); what they make is byte for byte what the templates they replace
made. The templates are kept here as the reference."""

import datetime as dt

import pytest
from django.forms.renderers import DjangoTemplates
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from fazhi.core import workbench
from fazhi.core.ledger.filters import filterset_for
from fazhi.core.ledger.rendering import FilterFormRenderer
from fazhi.core.ledger.rows import cell_html
from fazhi.core.procedures import all_procedures

CELL = Template(
    "{% load deadlines %}{% for c in cells %}"
    '<td class="{% if c.phone %}phone{% endif %}">{% if c.link %}<a href="{{ c.link }}">'
    '{{ c.text }}</a>{% elif c.due %}{{ c.due|due_badge }}{% elif c.text == "" %}'
    '<span class="muted">—</span>{% else %}{{ c.text }}{% endif %}</td>{% endfor %}'
)
WORKBENCH_ROW = Template(
    "{% load deadlines %}{% for item in items %}"
    '<tr><td><a href="{{ item.get_absolute_url }}">{{ item.title }}</a></td>'
    "<td>{{ item.status_label }}{% if item.due_label %} · "
    "{{ item.due_label }}{% endif %}</td><td>{{ item.due_on|due_badge }}</td></tr>"
    "{% endfor %}"
)


def cells(**kwargs):
    return {"text": "", "due": None, "link": "", "phone": False} | kwargs


@pytest.mark.parametrize(
    "cell",
    [
        cells(text="弥政复〔2021〕1号", link="/fuyi/1/", phone=True),
        cells(text='<b>"李某" & 王某\'s</b>'),  # escaped alike
        cells(text="<i>", link='/fuyi/2/?a="b"&c'),
        cells(text=""),  # the muted dash
        cells(text=0),  # a number 0 is shown, not the dash
        cells(text=dt.date(2021, 9, 28)),  # localised as {{ }} localises it
        cells(text=dt.datetime(2021, 9, 28, 23, 30, tzinfo=dt.UTC)),  # in local time
        cells(text=dt.date(2021, 9, 28), due=dt.date(2021, 9, 28), phone=True),
        cells(text="", due=None),
        cells(text=True),
    ],
)
def test_a_list_cell_is_what_the_template_made(cell):
    made = cell_html(cell, Context(autoescape=True))
    assert made == CELL.render(Context({"cells": [cell]}))


def test_a_due_cell_shows_its_badge():
    today = timezone.localdate()
    made = cell_html(cells(text=today, due=today), Context(autoescape=True))
    assert "今日到期" in made and 'class="badge soon"' in made


@pytest.mark.django_db
def test_workbench_rows_are_what_the_template_made(org, people):
    from fazhi.disputes.reconsideration.tests import factories

    factories.accepted(org, people["reviewer"])
    factories.received(org, people["reviewer"], applicant_name='<script>"甲"</script>')
    groups = workbench.items_for(people["coordinator"])
    items = [item for _, found in groups for item in found]
    assert len(items) >= 2
    made = "".join(workbench.rows_html(items))
    assert made == WORKBENCH_ROW.render(Context({"items": items}))
    assert "<script>" not in made


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"status": "open", "year": "2021", "q": '"<李>&', "overdue": "true"},
        {"status": "nonsense", "year": "1800", "q": "x" * 200},  # errors: values kept as given
    ],
)
def test_the_filter_form_is_what_djangos_templates_made(org, people, data):
    request = RequestFactory().get("/", data)
    request.user = people["coordinator"]
    compared = 0
    for procedure in all_procedures():
        filters = filterset_for(procedure)(
            data or None, procedure.model.objects.none(), request=request
        )
        form = filters.form
        assert isinstance(form.renderer, FilterFormRenderer)
        django_form = filterset_for(procedure)(
            data or None, procedure.model.objects.none(), request=request
        ).form
        django_form.renderer = DjangoTemplates()
        for name in form.fields:
            ours, theirs = form[name], django_form[name]
            assert str(ours) == str(theirs), (procedure.key, name)
            assert ours.label_tag() == theirs.label_tag(), (procedure.key, name)
            compared += 1
    assert compared > 20


def test_a_list_page_reads_today_once_for_its_due_dates(monkeypatch):
    today, reads = timezone.localdate(), []
    monkeypatch.setattr(timezone, "localdate", lambda: reads.append(today) or today)
    seen: dict = {}  # one page's
    for offset in range(5):
        due = today + dt.timedelta(days=offset)
        assert due.isoformat() in cell_html(cells(text=due, due=due), Context(), seen)
    assert reads == [today]
