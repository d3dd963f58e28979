"""System checks of the procedures' declarations: a missing or misnamed piece stops start-up (and
`fazhi check`) with a message that names the procedure and the piece, instead of a page that
silently offers nothing or a figure that silently never registers."""

import importlib.util
import inspect
import sqlite3

from django import forms
from django.core.checks import Error, register
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import connections
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch


@register()
def procedures_are_whole(app_configs=None, **kwargs) -> list[Error]:
    from .procedures import all_procedures

    errors = []
    for procedure in all_procedures():
        errors += check_procedure(procedure)
    return errors


def check_procedure(procedure) -> list[Error]:
    # The other step checks read the table with its forms, which a misnamed form breaks.
    missing_forms = list(_form_problems(procedure))
    problems = [
        *_model_problems(procedure),
        *(missing_forms or _step_problems(procedure)),
        *_ledger_problems(procedure),
        *_registration_problems(procedure),
        *([] if missing_forms else _instrument_problems(procedure)),
    ]
    return [
        Error(f"办理事项“{procedure.label}”({procedure.key})：{text}", id=f"fazhi.E{code:03d}")
        for code, text in problems
    ]


def _model_problems(p):
    model = p.model
    try:
        status = model._meta.get_field("status")
    except FieldDoesNotExist:
        yield 1, f"模型 {model.__name__} 没有 status 字段"
        return
    if set(dict(status.choices or ())) != set(p.statuses.values):
        yield 2, f"status 字段的选项与 {p.statuses.__name__} 不一致"
    if not callable(getattr(p.statuses, "open", None)):
        yield 3, f"{p.statuses.__name__} 缺少 open()(办理中的状态)"
    try:
        get_template(p.facts_template)
    except TemplateDoesNotExist:
        yield 4, f"记录页模板 {p.facts_template} 不存在"
    for name in p.api_fields:
        if not _has_field(model, name):
            yield 5, f"接口字段 {name} 不是模型字段"


def _form_problems(p):
    """The forms the steps name in their table's forms module, imported as the table imports them
    when first read."""
    for step in p.steps.declared:
        try:
            p.steps.form_of(step)
        except ImproperlyConfigured:
            yield 15, f"环节 {step.key} 的表单 {step.form} 不存在"


def _step_problems(p):
    statuses = set(p.statuses.values)
    if p.steps.model is not p.model:
        yield 10, "转移表的模型与声明的模型不同"
    for step in p.steps:
        try:
            service = p.steps.service(step)
        except (ImportError, AttributeError):
            yield 11, f"环节 {step.key} 的服务函数 {step.service_name} 不存在"
            continue
        if not (inspect.isclass(step.form) and issubclass(step.form, forms.BaseForm)):
            yield 12, f"环节 {step.key} 的表单不是 Django 表单"
            continue
        missing = _unaccepted(service, step.form)
        if missing:
            yield 13, f"环节 {step.key} 的服务函数不接受表单字段 {'、'.join(missing)}"
        if not set(step.sources) <= statuses or not set(step.targets) <= statuses:
            yield 14, f"环节 {step.key} 的起止状态不在 {p.statuses.__name__} 中"


def _unaccepted(service, form) -> list[str]:
    params = inspect.signature(service).parameters
    if any(param.kind is inspect.Parameter.VAR_KEYWORD for param in params.values()):
        return []
    return [name for name in form.base_fields if name not in params]


def _ledger_problems(p):
    ledger, model = p.ledger, p.model
    for name in [ledger.date_field, *ledger.filters, *ledger.search]:
        if not _has_field(model, name):
            yield 20, f"台账字段 {name} 不是模型字段"
    for column in ledger.columns:
        if column.sort and not _has_field(model, column.sort):
            yield 21, f"列“{column.label}”的排序字段 {column.sort} 不是模型字段"
        if isinstance(column.value, str) and not _resolves(model, column.value):
            yield 22, f"列“{column.label}”的取值 {column.value} 不存在"
    try:
        from django.urls import reverse

        reverse(f"{p.key}:detail", args=[1])
    except NoReverseMatch:
        yield 23, f"记录页网址 {p.key}:detail 不存在(get_absolute_url 无从指向)"


def _registration_problems(p):
    from .imports import Importer
    from .procedures import UrlPatterns

    if p.metrics:
        # The registered figures only: a start-up check reads no database (a pool opened here
        # would be inherited by the server's forked workers, and hang them).
        from fazhi.figures.registry import registered_figures

        if not any(f.compute.__module__ == p.metrics for f in registered_figures()):
            yield 30, f"指标模块 {p.metrics} 未登记任何指标"
    yield from _creation_problems(p.creation)
    if isinstance(p.extra_urls, UrlPatterns):
        try:
            list(p.extra_urls)  # imported as the URLconf imports it
        except ImproperlyConfigured as exc:
            yield 36, str(exc)
    for path in p.importers:
        importer = _resolved(path)
        if importer is None:
            yield 31, f"导入器 {path} 不存在"
        elif not (inspect.isclass(importer) and issubclass(importer, Importer)):
            yield 31, f"导入器 {importer!r} 不是 Importer 的子类"
    for name, path in p.jobs:
        if not callable(_resolved(path)):
            yield 32, f"定时任务“{name}”的函数 {path} 不存在或不可调用"
    if p.demo and not isinstance(p.demo, str):
        yield 33, f"演示数据模块应写作模块路径(字符串)，而不是 {p.demo!r}"
    elif p.demo and importlib.util.find_spec(p.demo) is None:  # found, not run: the demo runs it
        yield 33, f"演示数据模块 {p.demo} 不存在"


def _creation_problems(creation):
    if creation is None:
        return
    form, create = _resolved(creation.declared["form"]), _resolved(creation.declared["create"])
    if not (inspect.isclass(form) and issubclass(form, forms.BaseForm)):
        yield 34, f"登记表单 {creation.declared['form']} 不存在或不是 Django 表单"
    if not callable(create):
        yield 35, f"登记函数 {creation.declared['create']} 不存在或不可调用"


def _resolved(piece):
    """The object a declared dotted path names, or None where nothing answers to it."""
    from .procedures import resolve

    try:
        return resolve(piece)
    except ImportError:
        return None


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _resolves(model, path: str) -> bool:
    first = path.split(".")[0]
    return _has_field(model, first) or hasattr(model, first)


def _instrument_problems(p):
    """Every 文书 a step names is declared, and a step that records a 送达 asks for it."""
    kinds = {kind.key for kind in p.instruments}
    if len(kinds) != len(p.instruments):
        yield 40, "文书种类的 key 重复"
    for step in p.steps:
        named = "" if callable(step.instrument) else step.instrument
        for name in (named, step.serves):
            if name and name not in kinds:
                yield 41, f"环节“{step.label}”所称文书 {name} 未在 instruments 中声明"
        if step.serves and not {"served_on", "way"} <= set(step.form.base_fields):
            yield 42, f"环节“{step.label}”登记送达，其表单须有 served_on 和 way(ServedForm)"


SQLITE_AT_LEAST = (3, 35)  # UPDATE … RETURNING (文书 numbers), UPDATE … FROM (bulk.update_rows)


@register()
def sqlite_is_recent_enough(app_configs=None, **kwargs) -> list[Error]:
    uses_sqlite = any(c.vendor == "sqlite" for c in connections.all(initialized_only=False))
    if not uses_sqlite or sqlite3.sqlite_version_info >= SQLITE_AT_LEAST:
        return []
    wanted = ".".join(map(str, SQLITE_AT_LEAST))
    reason = f"SQLite {sqlite3.sqlite_version} 过旧：Fazhi 需要 {wanted} 或更新的版本"
    return [Error(reason, id="fazhi.E100")]
