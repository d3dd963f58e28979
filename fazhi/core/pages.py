"""Pieces every ledger page uses: a record's history, the search parameter. (Keyset paging is
fazhi.core.ledger.keyset.)"""

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from .models import AuditEntry, Channel, OrgUnit
from .validators import plain_int


def portal_government() -> OrgUnit | None:
    """The government whose portal this installation serves (FAZHI_GOVERNMENT_CODE): the one
    the public pages show, or None before it is set up."""
    return OrgUnit.objects.filter(code=settings.FAZHI_GOVERNMENT_CODE).first()


def audit_types(model) -> list[str]:
    """The audit trail's names for a model's records: its label now, and the label it had before
    its app was split out (audit rows are never rewritten)."""
    types = [model._meta.label]
    former = getattr(apps.get_app_config(model._meta.app_label), "former_label", "")
    if former:
        types.append(f"{former}.{model._meta.object_name}")
    return types


def history_of(obj) -> QuerySet:
    """The audit rows of one record, oldest first: its history as people read it."""
    return AuditEntry.objects.filter(
        object_type__in=audit_types(type(obj)), object_id=str(obj.pk)
    ).order_by("id")


def perform_step(request, obj, step, form, *, drop_empty: bool = False) -> bool:
    """Run one step from a record's page: validate its form and call the step's service function
    on the web channel. A refusal lands on the form with its reason; True when the step was done.
    `drop_empty` leaves unfilled optional fields to the service's own defaults."""
    if form.is_valid():
        data = form.cleaned_data
        if drop_empty:
            data = {key: value for key, value in data.items() if value is not None}
        try:
            step.service(request.user, Channel.WEB, obj, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已办理：{step.label}。")
            return True
    messages.error(request, f"未能办理“{step.label}”，请按提示修改。")
    return False


def offered_steps(steps, obj, form_for, bound: dict | None = None) -> list:
    """(step, form) for every step the record's state offers; a form that came back with errors
    (`bound`, by step key) is shown again instead of a blank one."""
    bound = bound or {}
    return [(s, bound.get(s.key) or form_for(s, obj)) for s in steps.values() if s.offered(obj)]


def filter_by_status(records: QuerySet, request, statuses) -> QuerySet:
    """The list filter every ledger has: `status=open` for all open ones, or one status."""
    status = request.GET.get("status", "")
    if status == "open":
        return records.filter(status__in=statuses.open())
    if status in statuses.values:
        return records.filter(status=status)
    return records


def visible_or_404(records: QuerySet, pk, may_view, user, noun: str):
    """One record the user may see, or 404 — a record outside the user's reach is not disclosed
    to exist (docs/architecture.md, 权限)."""
    obj = records.filter(pk=pk).first()
    if obj is None or not may_view(user, obj):
        raise Http404(f"{noun}不存在或无权查看")
    return obj


def year_param(request, default: int) -> int:
    """A year from the query string: one of the years the platform keeps (FAZHI_FIRST_YEAR to next
    year), or 404 with the reason — never a 500 from a year like 0, 99999 or twenty digits."""
    from django.conf import settings
    from django.utils import timezone

    raw = request.GET.get("year") or str(default)
    last = timezone.localdate().year + 1
    year = plain_int(raw, 4)
    if year is None or len(raw) != 4 or not settings.FAZHI_FIRST_YEAR <= year <= last:
        raise Http404(f"年度无效：应为 {settings.FAZHI_FIRST_YEAR} 至 {last} 之间的年份。")
    return year


# NUL among them: PostgreSQL refuses it in a text parameter.
CONTROL_CHARACTERS = dict.fromkeys(range(32))


def search_param(request, length: int, name: str = "q") -> str:
    """A search text from the query string as a public page may use it: control characters
    dropped (a NUL was a server error on PostgreSQL), trimmed and cut to `length`."""
    return request.GET.get(name, "").translate(CONTROL_CHARACTERS).strip()[:length]
