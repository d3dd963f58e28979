"""Kernel endpoints: org units, the statutory clock calculator, and the calendar."""

import datetime as dt

from ninja import Router, Schema
from ninja.errors import HttpError

from .calendar import CalendarYearUnknown
from .clocks import ClockError, Limit, Pause, due_date
from .models import OrgUnit
from .permissions import unit_in_scope

router = Router(tags=["基础"])


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    division_code: str
    parent_code: str | None

    @staticmethod
    def resolve_parent_code(obj):
        return obj.parent.code if obj.parent_id else None


@router.get("/units", response=list[UnitOut], summary="本人范围内的单位")
def units(request):
    scope = request.user.scope_unit()
    if scope is None:
        return []
    return scope.subtree().select_related("parent")


class DueOut(Schema):
    start: dt.date
    limit: str
    due: dt.date | None


@router.get("/due-date", response=DueOut, summary="法定期限计算(与 fazhi due-date 相同)")
def due(request, start: dt.date, limit: str, pause: list[str] | None = None):
    try:
        parsed = Limit.parse(limit)
        pauses = [Pause.parse(p) for p in pause or []]
        return {"start": start, "limit": str(parsed), "due": due_date(start, parsed, pauses=pauses)}
    except (ClockError, CalendarYearUnknown) as exc:
        raise HttpError(422, str(exc)) from exc


__all__ = ["OrgUnit", "router", "unit_in_scope"]
