"""The ledger pages every procedure has, built from its declaration: the list (filters, sortable
columns, previous/next pages, a bounded total, bulk steps), the Excel export, the registration form,
the record's page (its facts, the steps the table offers this user, pending approvals, the full
history) and the steps themselves. A procedure writes only its facts template and what differs.
"""

import threading

from cachetools import TTLCache
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from .. import approvals
from ..exports import model_columns, xlsx_response
from ..forms import ServedForm
from ..instruments import services as instruments
from ..instruments import views as papers
from ..masking import masked_record
from ..models import Channel
from ..validators import plain_int
from . import keyset
from .filters import LedgerFilters
from .forms import raw_data, service_data, step_form
from .history import history_rows
from .rows import as_row_views, row_fields, rows_html

PAGE_SIZE = 50
COUNT_BOUND = 1000
BULK_LIMIT = 200


class LedgerViews:
    """The views of one procedure's ledger."""

    def __init__(self, procedure):
        self.p = procedure
        self.filters = LedgerFilters(procedure)
        self.totals = OverBound(settings.FAZHI_LIST_TOTAL_SECONDS)
        self.sortable = {c.sort for c in procedure.ledger.columns if c.sort}
        ledger = procedure.ledger
        self.row_fields = row_fields(
            procedure.model, ledger.columns, {ledger.date_field, *self.sortable}
        )

    # --- records -------------------------------------------------------------------------------

    def visible(self, user):
        return self.p.visible(user).select_related(*self.p.ledger.related)

    def record_or_404(self, request, pk):
        obj = self.visible(request.user).filter(pk=pk).first()
        if obj is None:
            raise Http404(f"{self.p.noun}不存在或无权查看")
        return obj

    def filtered(self, request):
        return self.filters.apply(request, self.visible(request.user))

    def sort_key(self, request) -> str:
        sort = request.GET.get("sort", "")
        if sort.lstrip("-") in self.sortable:
            return sort
        return f"-{self.p.ledger.date_field}"

    # --- pages ---------------------------------------------------------------------------------

    def list(self, request):
        filters, records = self.filtered(request)
        sort = self.sort_key(request)
        shown = as_row_views(records, self.row_fields) if self.row_fields else records
        page = keyset.requested_page(request, shown, sort, PAGE_SIZE)
        bulk_steps = self.bulk_steps(request.user) if page.rows else []
        params = request.GET.copy()
        for name in ("after", "before"):
            params.pop(name, None)
        context = {
            "p": self.p,
            "filters": filters,
            "rows": rows_html(page.rows, self.p.ledger.columns, pick=bool(bulk_steps)),
            "columns": [(c, sort_links(c, sort)) for c in self.p.ledger.columns],
            "page": page,
            "query": params.urlencode(),
            "sort": sort,
            "total": self.total(request.user, filters.key, records, sort, page),
            "count_bound": COUNT_BOUND,
            "bulk_steps": bulk_steps,
            "can_create": self.may_create(request.user),
            "today": timezone.localdate(),
        }
        status = 400 if filters.errors else 200
        return render(request, "core/ledger/list.html", context, status=status)

    def total(self, user, filters_key: tuple, records, sort: str, page: keyset.Page) -> int:
        """The bounded count of the filtered records; a total over the bound is remembered for
        the user and filters (a list over a thousand records is paged without counting again).
        A page with no page before or after it holds the whole list: its rows are the count."""
        if not (page.next_cursor or page.prev_cursor):
            return len(page.rows)
        key = (user.pk, user.unit_id, user.role, filters_key)
        total = self.totals.get(key)
        if total is None:
            total = keyset.bounded_count(records, COUNT_BOUND, sort)
            if total > COUNT_BOUND:
                self.totals.put(key, total)
        return total

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
        shown, masked = (obj, []) if reveal else masked_record(obj, self.p.personal)
        context = {
            "p": self.p,
            "obj": shown,
            "steps": steps,
            "history": history_rows(self.p, obj),
            "approvals": approvals.pending(self.p, obj).select_related("requested_by"),
            "reveal": reveal,
            # What the page masks: the record's text as typed, and its procedure's personal data
            # (some of it in rows beside the record, which its template masks until revealed).
            "can_reveal": bool(masked or self.p.personal)
            and bool(steps or self.p.steps.handles(user, obj)),
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
        if not self.p.steps.handles(request.user, obj):
            raise PermissionDenied("只有承办人员可以查看完整的个人信息。")
        from .. import audit

        _, masked = masked_record(obj, self.p.personal)
        opened = {"fields": masked or sorted(self.p.personal)}
        audit.record(request.user, Channel.WEB, "查看完整个人信息", obj, None, opened)
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


class OverBound:
    """Totals over the bound, per user and filters, for `seconds` (FAZHI_LIST_TOTAL_SECONDS).
    "超过 1000 件" stays true as records are added; within that time it can be shown after the
    matching records fell to the bound or below (open cases closing under 办理中), never longer."""

    def __init__(self, seconds: float):
        self._totals = TTLCache(maxsize=4096, ttl=seconds) if seconds > 0 else None
        self._lock = threading.Lock()  # cachetools' caches are not thread-safe

    def get(self, key) -> int | None:
        if self._totals is None:
            return None
        with self._lock:
            return self._totals.get(key)

    def put(self, key, total: int) -> None:
        if self._totals is not None:
            with self._lock:
                self._totals[key] = total


class _Prospective:
    """A record about to be registered by `user`, every unit of it the user's own: what the
    creator rule is asked when the page decides whether to offer the registration form (the
    service checks the real record)."""

    def __init__(self, user):
        self._unit = getattr(user, "unit", None)

    def __getattr__(self, name):
        return getattr(self._unit, "pk", None) if name.endswith("_id") else self._unit
