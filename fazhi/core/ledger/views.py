"""The ledger pages every procedure has, built from its declaration: the list (filters, sortable
columns, previous/next pages, a bounded total, bulk steps), the Excel export, the registration form,
the record's page (its facts, the steps the table offers this user, pending approvals, the full
history) and the steps themselves. A procedure writes only its facts template and what differs.
"""

import datetime as dt
import functools
import html

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template import Context
from django.template.base import render_value_in_context
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .. import approvals
from ..exports import model_columns, xlsx_response
from ..forms import ServedForm
from ..instruments import services as instruments
from ..instruments import views as papers
from ..masking import mask_text
from ..models import Channel
from ..templatetags.deadlines import due_badge
from ..validators import plain_int
from . import keyset
from .filters import filterset_for
from .forms import raw_data, service_data, step_form
from .history import history_rows

PAGE_SIZE = 50
COUNT_BOUND = 1000
BULK_LIMIT = 200


class LedgerViews:
    """The views of one procedure's ledger."""

    def __init__(self, procedure):
        self.p = procedure
        self.filterset = filterset_for(procedure)
        self.sortable = {c.sort for c in procedure.ledger.columns if c.sort}

    # --- records -------------------------------------------------------------------------------

    def visible(self, user):
        return self.p.visible(user).select_related(*self.p.ledger.related)

    def record_or_404(self, request, pk):
        obj = self.visible(request.user).filter(pk=pk).first()
        if obj is None:
            raise Http404(f"{self.p.noun}不存在或无权查看")
        return obj

    def filtered(self, request):
        filters = self.filterset(request.GET or None, self.visible(request.user), request=request)
        if filters.is_bound and not filters.is_valid():
            return filters, self.p.model.objects.none()
        return filters, filters.qs

    def sort_key(self, request) -> str:
        sort = request.GET.get("sort", "")
        if sort.lstrip("-") in self.sortable:
            return sort
        return f"-{self.p.ledger.date_field}"

    # --- pages ---------------------------------------------------------------------------------

    def list(self, request):
        filters, records = self.filtered(request)
        sort = self.sort_key(request)
        page = keyset.requested_page(request, records, sort, PAGE_SIZE)
        params = request.GET.copy()
        for name in ("after", "before"):
            params.pop(name, None)
        context = {
            "p": self.p,
            "filters": filters,
            "rows": rows_html(page.rows, self.p.ledger.columns),
            "columns": [(c, sort_links(c, sort)) for c in self.p.ledger.columns],
            "page": page,
            "query": params.urlencode(),
            "sort": sort,
            "total": keyset.bounded_count(records, COUNT_BOUND, sort),
            "count_bound": COUNT_BOUND,
            "bulk_steps": self.bulk_steps(request.user) if page.rows else [],
            "can_create": self.may_create(request.user),
            "today": timezone.localdate(),
        }
        status = 400 if filters.errors else 200
        return render(request, "core/ledger/list.html", context, status=status)

    def bulk_steps(self, user) -> list:
        """The bulk steps offered to `user`, each with its blank form (its fields are filled in
        once for every ticked record): those whose rule allows the user on a record of the
        user's own unit, as the registration form is offered; the service checks each record.
        A bulk step's `form_args` is called with no record here."""
        prospective = _Prospective(user)
        return [
            (step, step_form(step, None, user))
            for step in self.p.steps
            if step.bulk and step.who.allows(user, prospective)
        ]

    def export(self, request):
        """The list as filtered, in Excel; personal data masked (fazhi.core.exports)."""
        filters, records = self.filtered(request)
        if filters.errors:
            raise Http404("筛选条件无效")
        records = records.order_by(f"-{self.p.ledger.date_field}", "-id")
        name = f"{self.p.label}台账"
        return xlsx_response(records, model_columns(self.p.model), f"{name}.xlsx", name)

    def may_create(self, user) -> bool:
        creation = self.p.creation
        return bool(creation) and self.p.steps.creator.allows(user, _Prospective(user))

    def new(self, request):
        creation = self.p.creation
        if creation is None:
            raise Http404("本台账不在此登记")
        if not self.may_create(request.user):
            raise PermissionDenied(
                self.p.steps.creator.refusal(request.user, _Prospective(request.user))
            )
        kwargs = creation.form_args(request.user) if creation.form_args else {}
        form = creation.form(request.POST or None, **kwargs)
        if request.method == "POST" and form.is_valid():
            try:
                obj = creation.create(request.user, Channel.WEB, form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"已登记：{obj}。")
                return redirect(obj)
        return render(request, "core/ledger/new.html", {"p": self.p, "form": form})

    def detail(self, request, pk, bound=None, reveal=False, status=200):
        obj = self.record_or_404(request, pk)
        user = request.user
        bound = bound or {}
        steps = [
            (
                step,
                bound.get(step.key) or step_form(step, obj, user),
                self.p.steps.needs_request(step, user, obj),
            )
            for step in self.p.steps.offered(user, obj)
        ]
        context = {
            "p": self.p,
            "obj": obj,
            "steps": steps,
            "history": history_rows(self.p, obj),
            "approvals": approvals.pending(self.p, obj).select_related("requested_by"),
            "reveal": reveal,
            "can_reveal": bool(self.p.personal) and bool(steps or self.p.steps.handles(user, obj)),
            "today": timezone.localdate(),
        }
        context |= papers_context(self.p, obj, user)
        if self.p.detail_context:
            context |= self.p.detail_context(obj, user)
        return render(request, "core/ledger/detail.html", context, status=status)

    def reveal(self, request, pk):
        """The record's personal data unmasked: for those who handle it, and itself an audit row
        (个人信息保护法: access to personal data is recorded)."""
        obj = self.record_or_404(request, pk)
        if not self.p.personal or not self.p.steps.handles(request.user, obj):
            raise PermissionDenied("只有承办人员可以查看完整的个人信息。")
        from .. import audit

        audit.record(
            request.user,
            Channel.WEB,
            "查看完整个人信息",
            obj,
            None,
            {"fields": sorted(self.p.personal)},
        )
        return self.detail(request, pk, reveal=True)

    def attach(self, request, pk):
        return papers.upload(self.p, request, self.record_or_404(request, pk))

    def step(self, request, pk, key):
        obj = self.record_or_404(request, pk)
        step = self.p.steps.steps.get(key)
        if step is None or step.by_system:
            raise Http404("未知的操作")
        user = request.user
        asking = self.p.steps.needs_request(step, user, obj)
        reason = self.p.steps.refusal(step, user, obj, performing=not asking)
        if reason and self.p.steps.state_refusal(step, obj) is None:
            raise PermissionDenied(reason)
        if reason:  # the record has moved on: the step's form is no longer on the page
            messages.error(request, f"未能办理“{step.label}”：{reason}")
            return self.detail(request, pk, status=422)
        form = step_form(step, obj, user, request.POST)
        if form.is_valid():
            try:
                if asking:
                    approvals.ask(
                        self.p, step, user, Channel.WEB, obj, raw_data(form), summary(step, form)
                    )
                    messages.success(request, f"已提交审批：{step.label}。")
                else:
                    self.p.steps.service(step)(user, Channel.WEB, obj, **service_data(form))
                    messages.success(request, f"已办理：{step.label}。")
                return redirect(obj)
            except ValidationError as exc:
                form.add_error(None, exc)
        messages.error(request, f"未能办理“{step.label}”，请按提示修改。")
        return self.detail(request, pk, bound={key: form}, status=422)

    def bulk(self, request, key):
        """One step on the records ticked in the list, each through the same service function and
        checks; all or nothing, each refusal named with its record."""
        step = self.p.steps.steps.get(key)
        if step is None or not step.bulk:
            raise Http404("该环节不能批量办理")
        ids = [n for n in map(plain_int, request.POST.getlist("ids")) if n is not None]
        if not ids or len(ids) > BULK_LIMIT:
            messages.error(request, f"请勾选要{step.label}的记录(一次最多{BULK_LIMIT}件)。")
            return redirect(f"{self.p.key}:list")
        records = list(self.visible(request.user).filter(pk__in=ids))
        if len(records) != len(set(ids)):
            raise Http404(f"部分{self.p.noun}不存在或无权查看")
        form = step_form(step, records[0], request.user, request.POST)
        if not form.is_valid():
            messages.error(request, f"未能{step.label}：{form_errors(form)}")
            return redirect(f"{self.p.key}:list")
        done, failed = run_bulk(self.p, step, request.user, Channel.WEB, records, form)
        if failed:
            messages.error(request, f"未能{step.label}，均未办理：" + "；".join(failed))
        else:
            messages.success(request, f"已{step.label} {done} 件。")
        return redirect(f"{self.p.key}:list")


def papers_context(procedure, obj, user) -> dict:
    """The record's 文书 (each with how its 送达 is recorded) and attachments."""
    handles = procedure.steps.handles(user, obj)
    rows = [
        (instrument, papers.served_by_step(procedure, instrument))
        for instrument in instruments.instruments_of(obj)
    ]
    return {
        "instruments": rows,
        "attachments": instruments.attachments_of(obj),
        "handles": handles,
        "served_form": ServedForm(auto_id=False) if handles else None,
        "upload_form": papers.UploadForm() if papers.may_attach(procedure, user, obj) else None,
    }


def cell(obj, column) -> dict:
    """What one column shows for one record: its text, and its due date where it is one."""
    if callable(column.value):
        value = column.value(obj)
    else:
        value = obj
        for name in column.value.split("."):
            value = _attribute_shown(value, name)
            if value is None:
                break
    if isinstance(value, str):
        value = mask_text(value)  # an ID or mobile number typed into free text stays masked
    return {
        "text": "" if value is None else value,
        "due": value if column.due else None,
        "link": obj.get_absolute_url() if column.link else "",
        "phone": column.phone,
    }


def _attribute_shown(obj, name: str):
    """`obj.get_<name>_display()` where the field has choices, else the attribute itself. The
    labels come from a dict made once per field: Django's get_FOO_display builds that dict again
    on every call, a few hundred times per list page."""
    field = _choices_field(type(obj), name)
    if field is None:
        return getattr(obj, name, None)
    raw = getattr(obj, field.attname)
    shown = _translated_labels(field, get_language()).get(make_hashable(raw))
    return force_str(raw, strings_only=True) if shown is None else shown


@functools.cache
def _choices_field(model, name: str):
    meta = getattr(model, "_meta", None)
    if meta is None:
        return None
    try:
        field = meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # Exactly the fields Django gives a get_FOO_display (Field.contribute_to_class).
    has_display = field.choices is not None and hasattr(model, f"get_{name}_display")
    return field if has_display and not field.is_relation else None


@functools.cache
def _translated_labels(field, language: str | None) -> dict:
    """The labels as text in `language`: the lazy labels were translated again in every cell."""
    labels = dict(make_hashable(field.flatchoices))
    return {value: force_str(label, strings_only=True) for value, label in labels.items()}


def rows_html(records, columns) -> list[tuple]:
    """(record, its cells as HTML) for each record of a page. Built here rather than by a loop of
    {% if %}s over every cell in the template: that was ~350 cells a page, each a dozen template
    nodes, and most of the page's rendering time. The HTML is what the template made."""
    context = Context(autoescape=True)  # values shown as {{ }} shows them (localised, escaped)
    seen: dict = {}  # a page shows the same dates again and again: each formatted once
    return [
        (obj, mark_safe("".join(cell_html(cell(obj, c), context, seen) for c in columns)))
        for obj in records
    ]


def cell_html(c: dict, context: Context, seen: dict | None = None) -> str:
    seen = {} if seen is None else seen
    css = "phone" if c["phone"] else ""
    if c["link"]:
        inner = f'<a href="{conditional_escape(c["link"])}">{_shown(c["text"], context, seen)}</a>'
    elif c["due"]:
        key = ("due", c["due"])
        if key not in seen:
            seen[key] = due_badge(c["due"])
        inner = seen[key]
    elif c["text"] == "":
        inner = '<span class="muted">—</span>'
    else:
        inner = _shown(c["text"], context, seen)
    return f'<td class="{css}">{inner}</td>'


def _shown(value, context: Context, seen: dict) -> str:
    if type(value) is str:  # most cells: {{ }} of plain text is just escape(), done directly
        return html.escape(value)
    if not isinstance(value, dt.date | int | float):  # anything else is shown as it comes
        return render_value_in_context(value, context)
    key = (type(value), value)  # the type too: True == 1, and a date is never a datetime
    if key not in seen:
        seen[key] = render_value_in_context(value, context)
    return seen[key]


def sort_links(column, current: str) -> dict:
    """The sort this column's header links to, and whether the list is sorted by it now."""
    if not column.sort:
        return {}
    active = current.lstrip("-") == column.sort
    descending = current.startswith("-")
    following = column.sort if (active and descending) else f"-{column.sort}"
    arrow = ("▼" if descending else "▲") if active else ""
    return {"sort": following, "arrow": arrow}


def run_bulk(procedure, step, actor, channel, records, form) -> tuple[int, list[str]]:
    """All or nothing: every record through the service in one transaction; on any refusal
    nothing is kept and every refusal is reported with its record."""
    from django.db import transaction

    service, data, failed = procedure.steps.service(step), service_data(form), []

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            for obj in records:
                try:
                    with transaction.atomic():
                        service(actor, channel, obj, **data)
                except ValidationError as exc:
                    failed.append(f"{obj}：{'；'.join(exc.messages)}")
            if failed:
                raise Rollback
    except Rollback:
        return 0, failed
    return len(records), []


def form_errors(form) -> str:
    """A form's errors in one line, each with its field's label."""
    return "；".join(
        f"{form.fields[name].label if name in form.fields else ''}{' '.join(errors)}"
        for name, errors in form.errors.items()
    )


def summary(step, form) -> str:
    parts = []
    for name, value in form.cleaned_data.items():
        field = form.fields[name]
        if value in (None, "") or name == "confirmed":
            continue
        shown = dict(getattr(field, "choices", ())).get(value, value)
        parts.append(f"{field.label}：{shown}")
    return f"{step.label}（{'；'.join(parts)}）" if parts else step.label


class _Prospective:
    """A record about to be registered by `user`, every unit of it the user's own: what the
    creator rule is asked when the page decides whether to offer the registration form (the
    service checks the real record)."""

    def __init__(self, user):
        self._unit = getattr(user, "unit", None)

    def __getattr__(self, name):
        return getattr(self._unit, "pk", None) if name.endswith("_id") else self._unit
