"""Every declared procedure × status × persona × step: what a record's page offers is exactly what
its service function accepts, because the service checks the same row of the same table.

The walk calls each step's real service function (the one the page, the API, imports and jobs
call), with arguments made from the step's own form, and stops it right after the table's check:
so a service that skipped the table, checked another step's row, or took arguments its form does
not give would fail here. Each procedure's tests/factories.py provides `example(org, people)`: one
saved record, which the walk puts into every status in turn.
"""

import datetime as dt
from importlib import import_module

import pytest
from django import forms
from django.db import transaction

from fazhi.core.ledger.forms import form_class
from fazhi.core.models import Channel
from fazhi.core.procedures import all_procedures
from fazhi.core.steps import Steps
from fazhi.core.workflow import Refusal


class Accepted(Exception):
    """Raised by the spy where the service would go on to change the record."""


def _sample(field: forms.Field, user):
    if isinstance(field, forms.ModelMultipleChoiceField):
        return []
    if isinstance(field, forms.ModelChoiceField):
        return field.queryset.first()
    if isinstance(field, forms.BooleanField):
        return True
    if isinstance(field, forms.DateField):
        return dt.date(2021, 6, 1)
    if isinstance(field, forms.IntegerField):
        return max(field.min_value or 1, 1)
    if isinstance(field, forms.DecimalField):
        return 1
    if isinstance(field, forms.ChoiceField):
        values = [v for v, _ in field.choices if v not in ("", None)]
        return values[0] if values else ""
    return "测试"


def _arguments(step, obj, user) -> dict:
    kwargs = step.form_args(obj, user) if step.form_args else {}
    form = form_class(step)(**kwargs)
    return {
        name: _sample(field, user) for name, field in form.fields.items() if name != "confirmed"
    }


def install_spy(monkeypatch) -> list:
    """From now on every step stops right after the table's check; returns the steps checked."""
    seen = []

    def take(self, step, actor, obj, change):
        seen.append(step.key)
        reason = self.refusal(step, actor, obj)
        if reason:
            raise Refusal(reason)
        raise Accepted

    monkeypatch.setattr(Steps, "_take", take)
    return seen


def _service_accepts(procedure, step, user, obj, spy) -> bool:
    service = procedure.steps.service(step)
    spy.clear()
    try:
        with transaction.atomic():
            service(user, Channel.WEB, obj, **_arguments(step, obj, user))
    except Accepted:
        accepted = True
    except Refusal:
        accepted = False
    else:
        raise AssertionError(f"{procedure.key}.{step.key}: 服务函数未经转移表就完成了")
    assert spy == [step.key], f"{procedure.key}.{step.key} 的服务函数检查了 {spy}"
    return accepted


def _examples(org, people):
    for procedure in all_procedures():
        factories = import_module(f"{procedure.model.__module__.rsplit('.', 1)[0]}.tests.factories")
        assert hasattr(factories, "example"), f"{procedure.key}: tests/factories.py 缺少 example()"
        yield procedure, factories.example(org, people, procedure.key)


@pytest.mark.django_db
def test_offered_is_accepted_for_every_procedure_status_persona_and_step(org, people, monkeypatch):
    examples = list(_examples(org, people))
    spy, walked = install_spy(monkeypatch), 0
    for procedure, record in examples:
        model = procedure.model
        for status in procedure.statuses.values:
            model.objects.filter(pk=record.pk).update(status=status)
            obj = model.objects.get(pk=record.pk)
            for name, user in people.items():
                offered = {s.key for s in procedure.steps.offered(user, obj)}
                for step in procedure.steps:
                    if step.by_system:
                        continue
                    direct = _service_accepts(procedure, step, user, obj, spy)
                    asked = bool(step.approval) and (
                        procedure.steps.refusal(step, user, obj, performing=False) is None
                    )
                    assert (step.key in offered) == (direct or asked), (
                        f"{procedure.key}: 状态 {status}，{name}，环节 {step.key}："
                        f"页面{'提供' if step.key in offered else '未提供'}，"
                        f"服务{'接受' if direct else '拒绝'}"
                    )
                    walked += 1
    assert walked > 0


def test_every_procedure_declares_what_the_kernel_needs():
    """A list of what each procedure registers, so a missing piece shows in review."""
    for procedure in all_procedures():
        assert procedure.steps.model is procedure.model
        assert procedure.ledger.columns and procedure.facts_template
        for step in procedure.steps:
            assert callable(procedure.steps.service(step)), step.key
            assert set(step.sources) <= set(procedure.statuses.values), step.key
            assert set(step.targets) <= set(procedure.statuses.values), step.key


def test_the_start_up_checks_read_no_database(db, django_assert_num_queries):
    """`fazhi serve` runs the checks before starting its workers: a database connection (a pool)
    opened then is inherited by the forked workers and hangs them (bench_serve found it)."""
    from fazhi.core.checks import procedures_are_whole

    with django_assert_num_queries(0):
        assert procedures_are_whole() == []
