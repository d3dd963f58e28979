"""Procedures: each is a Django app of its own, described by one declaration that the kernel loads
explicitly at start-up.

A procedure app's AppConfig derives from `ProcedureConfig`; its `procedure.py` defines `PROCEDURES`,
a list of `Procedure` (usually one; 政务新媒体 has two ledgers, accounts and campaigns). The
declaration names the model and statuses, the transition table (fazhi.core.steps), who sees what,
the ledger's columns and filters, the record page's facts, the API fields, the jobs, importers,
workbench source, figures module, report paragraphs and demo. The kernel builds the ledger pages
and the API router from it (fazhi.core.ledger), registers the rest, and a system check stops
start-up with a clear message when a piece is missing or misnamed.

The pieces only some commands use — the registration's form and function, the steps' forms, the
importers, the jobs, the demo, the procedure's own pages — are named by dotted paths and imported
when first used (`resolve`), so that a command's start-up imports no form, service, importer, job
or view it never runs (`fazhi figures` needs the models and the metrics). The system checks import
every one of them: a misnamed path stops `fazhi check`, `migrate` and the server as a missing
piece does.

The kernel imports no procedure: it only reads what the apps declare.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import import_module
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

if TYPE_CHECKING:  # this module is imported by AppConfigs, before any model may be
    from django.db import models
    from django.db.models import Q

    from .steps import Steps


@dataclass(frozen=True)
class Duty:
    """A duty a government gives one of its units (e.g. "reconsideration.office": 行政复议机构)."""

    key: str
    label: str


@dataclass(frozen=True)
class Column:
    """One column of a ledger: its header, the value shown (an attribute path or a function of the
    record), the field it sorts by (if any), and whether it stays visible on a phone.

    A function's `reads` names the fields it reads ("respondent__name"): a list page whose columns
    are all paths or declare them reads its rows as values, not as records (ledger/rows.py)."""

    label: str
    value: str | Callable
    sort: str = ""
    phone: bool = False
    link: bool = False
    due: bool = False  # a due date shown with its 逾期/临期 badge
    reads: tuple[str, ...] = ()

    # The two columns every clocked ledger ends with, kept on a phone.
    @classmethod
    def status(cls) -> Column:
        return cls("状态", "status", phone=True)

    @classmethod
    def next_due(cls) -> Column:
        return cls("下一期限", "next_due_on", sort="next_due_on", phone=True, due=True)

    @classmethod
    def unit(cls, label: str, field: str = "unit", **kwargs) -> Column:
        """A unit the record names in `field`, by its short name (its name where it has none)."""

        def shown(record):
            unit = getattr(record, field)
            return (unit.short_name or unit.name) if unit else ""

        return cls(label, shown, reads=(f"{field}__short_name", f"{field}__name"), **kwargs)


@dataclass(frozen=True)
class Ledger:
    columns: Sequence[Column]
    date_field: str  # the record's date, newest first by default; the year filter uses it
    filters: Sequence[str] = ()  # model fields offered as list filters (status and year always)
    search: Sequence[str] = ()  # fields searched by `q` (prefix match on an indexed column)
    search_label: str = ""  # the search box's label; the searched fields' names by default
    related: Sequence[str] = ()  # select_related for the rows


@dataclass(frozen=True)
class ReportText:
    """A paragraph the procedure contributes to a part of the annual report (1–8, after the
    seed): a template in the report's syntax, placed at `position` among the part's paragraphs
    (the frame's own stand at 10, 20, 30 …)."""

    part: int
    position: int
    text: str


def resolve(piece: Any) -> Any:
    """The object a declaration names by its dotted path ("fazhi.….forms.ReceiveForm"), imported
    now; a piece declared as the object itself, as it is."""
    return import_string(piece) if isinstance(piece, str) else piece


class Creation:
    """How a person registers a new record: the form, the function that takes its cleaned data
    (`create(actor, channel, data)`), the button's label and the form's extra arguments. The form
    and the function are dotted paths, imported when the registration is first shown or used."""

    def __init__(
        self,
        label: str,
        form: type | str,
        create: Callable | str,
        form_args: Callable | None = None,  # (user) -> kwargs
        intro: str = "",  # what the person should know before registering (shown above the form)
    ):
        self.label, self.form_args, self.intro = label, form_args, intro
        self.declared = {"form": form, "create": create}

    @cached_property
    def form(self) -> type:
        return resolve(self.declared["form"])

    @cached_property
    def create(self) -> Callable:
        return resolve(self.declared["create"])


class UrlPatterns(Sequence):
    """The `urlpatterns` of a module named by its dotted path, imported when first read."""

    def __init__(self, module: str):
        self.module = module

    @cached_property
    def patterns(self) -> list:
        try:
            return list(import_module(self.module).urlpatterns)
        except (ImportError, AttributeError) as exc:
            raise ImproperlyConfigured(f"页面模块 {self.module} 不存在或没有 urlpatterns") from exc

    def __getitem__(self, index):
        return self.patterns[index]

    def __len__(self) -> int:
        return len(self.patterns)


@dataclass(frozen=True)
class Names:
    """What a procedure is called and where it lives."""

    key: str  # the app label (or a ledger's own key): the URL namespace and the API's path
    label: str  # 行政复议
    noun: str  # 案件 — one record, in messages
    url_prefix: str  # "fuyi/"
    menu: str  # the staff menu it is listed under (纠纷化解, 监督公开 …)
    api_prefix: str = ""  # "/<key>" unless given


@dataclass(frozen=True)
class Procedure:
    names: Names
    steps: Steps  # the transition table; its model is the procedure's record
    statuses: type[models.TextChoices]  # with .open()
    visible: Callable  # (user) -> QuerySet of the records the user may see
    ledger: Ledger
    # The record page's facts (fields), framed by the kernel; "<key>/_facts.html" by default.
    facts_template: str = ""
    creation: Creation | None = None
    personal: dict = field(default_factory=dict)  # field -> masking function, revealed on request
    api_fields: Sequence[str] = ()  # the API's fields; every field people enter, unless given
    duties: Sequence[Duty] = ()
    workbench: Callable | None = None  # (user) -> QuerySet of open items with next_due_on
    # The open records that source lists, as a condition on the kernel's OpenItem (its status,
    # due_on), where it lists fewer than every open record: the workbench and the inbox read the
    # table, not the source (fazhi.core.inbox). A test holds the two together.
    workbench_lists: Q | None = None
    jobs: Sequence[tuple[str, str | Callable]] = ()  # (name, run(job_run) -> count, its path)
    importers: Sequence[str | type] = ()  # its Importer classes' paths
    metrics: str = ""  # module that registers the procedure's figures
    # the demo's module (build(context, progress), STEPS, perhaps build_county), by its dotted
    # path: imported by the demo alone, not by every command's start-up
    demo: str = ""
    report: Sequence[ReportText] = ()  # its paragraphs of the annual report
    # The procedure's own pages beside the ledger's: the module whose `urlpatterns` they are,
    # imported when the URLconf is built (their views import forms and services).
    extra_urls: Sequence | str = ()
    links: Sequence[tuple[str, str]] = ()  # (label, URL name) of its own pages, on the ledger
    extra_api: Callable | None = None  # (router) -> None: the procedure's own endpoints
    detail_context: Callable | None = None  # (record, user) -> more context for the facts
    # The unit field naming the unit that must act, by status, where the transition table's
    # ActsFor rules do not say it (fazhi.core.inbox), e.g. {"reported": "office"}.
    acting: Mapping[str, str] = field(default_factory=dict)
    instruments: Sequence = ()  # the kinds of 文书 its steps issue (fazhi.core.instruments.Kind)

    def __post_init__(self) -> None:
        if not self.facts_template:
            object.__setattr__(self, "facts_template", f"{self.names.key}/_facts.html")
        if isinstance(self.extra_urls, str):
            object.__setattr__(self, "extra_urls", UrlPatterns(self.extra_urls))

    key = property(lambda self: self.names.key)
    label = property(lambda self: self.names.label)
    noun = property(lambda self: self.names.noun)
    url_prefix = property(lambda self: self.names.url_prefix)
    menu = property(lambda self: self.names.menu)
    api_prefix = property(lambda self: self.names.api_prefix or f"/{self.names.key}")
    model = property(lambda self: self.steps.model)

    @property
    def fields_in_api(self) -> list[str]:
        """The declared API fields, or every concrete field people enter (not the record's id,
        its internal bookkeeping, or many-to-many relations)."""
        if self.api_fields:
            return list(self.api_fields)
        return [
            f.name
            for f in self.model._meta.concrete_fields
            if f.editable and not f.primary_key and f.name != "status"
        ]

    @property
    def former_label(self) -> str:
        """The app label the model had before its app was split out (its AppConfig says)."""
        config = apps.get_app_config(self.model._meta.app_label)
        return getattr(config, "former_label", "")

    @property
    def audit_types(self) -> list[str]:
        """The audit trail's object types of this procedure's records, now and before the app
        was split out (audit rows are never rewritten)."""
        types = [self.model._meta.label]
        if self.former_label:
            types.append(f"{self.former_label}.{self.model._meta.object_name}")
        return types


_PROCEDURES: dict[str, Procedure] = {}
_DUTIES: dict[str, Duty] = {}


class ProcedureConfig(AppConfig):
    """The AppConfig of a procedure app: it loads the app's declaration (`<app>/procedure.py`,
    `PROCEDURES`) when Django starts, and refuses to start without it. Subclass it in the app's
    apps.py as `procedures.ProcedureConfig` (importing the module, not the class, so that Django
    finds one AppConfig there)."""

    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        module_name = f"{self.name}.procedure"
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                raise ImproperlyConfigured(
                    f"办理事项应用 {self.name} 缺少声明文件 procedure.py(定义 PROCEDURES)。"
                ) from exc
            raise
        declared = getattr(module, "PROCEDURES", None)
        if not declared:
            raise ImproperlyConfigured(f"{module_name} 未定义 PROCEDURES(办理事项声明列表)。")
        for procedure in declared:
            register(procedure)


def register(procedure: Procedure) -> None:
    """Its duties, workbench source and jobs; its importers join the import registry when that is
    first read (fazhi.core.imports), its figures now."""
    from . import jobs, workbench

    if procedure.key in _PROCEDURES and _PROCEDURES[procedure.key] is not procedure:
        raise ImproperlyConfigured(f"办理事项 {procedure.key} 重复声明。")
    _PROCEDURES[procedure.key] = procedure
    for duty in procedure.duties:
        _DUTIES[duty.key] = duty
    if procedure.workbench:
        workbench.add(
            procedure.key, procedure.label, procedure.workbench, procedure.workbench_lists
        )
    for name, run in procedure.jobs:
        jobs.add(name, run)
    if procedure.metrics:
        import_module(procedure.metrics)


def all_procedures() -> list[Procedure]:
    """In INSTALLED_APPS order, so the menus, workbench and demo keep one order."""
    order = {config.label: i for i, config in enumerate(apps.get_app_configs())}
    return sorted(
        _PROCEDURES.values(), key=lambda p: (order.get(p.model._meta.app_label, 0), p.key)
    )


def registry() -> Mapping[str, Procedure]:
    """Every registered procedure by key, read-only (`.get(key)` is None for an unknown key)."""
    return MappingProxyType(_PROCEDURES)


def get(key: str) -> Procedure:
    return _PROCEDURES[key]


def for_model(model: type[models.Model]) -> Procedure | None:
    for procedure in _PROCEDURES.values():
        if procedure.model is model:
            return procedure
    return None


def menus() -> dict[str, list[tuple[str, str]]]:
    """The staff menus: each group's procedures as (label, list URL name), in declared order."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for procedure in all_procedures():
        groups.setdefault(procedure.menu, []).append((procedure.label, f"{procedure.key}:list"))
    return groups


def all_duties() -> list[Duty]:
    return list(_DUTIES.values())


def duty_label(key: str) -> str:
    duty = _DUTIES.get(key)
    return duty.label if duty else key


def model_for_label(label: str) -> type[models.Model]:
    """The model an app label names, also under the label it had before its app was split out
    (issued reports and audit rows keep the old one)."""
    for procedure in _PROCEDURES.values():
        if label in procedure.audit_types:
            return procedure.model
    return apps.get_model(label)


def demo_modules() -> list:
    """Every procedure's demo (a module with build(context, progress) and STEPS), in
    INSTALLED_APPS order, each once (an app with two ledgers builds its demo once)."""
    paths = []
    for procedure in all_procedures():
        if procedure.demo and procedure.demo not in paths:
            paths.append(procedure.demo)
    return [import_module(path) for path in paths]
