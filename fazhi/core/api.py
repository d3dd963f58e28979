"""Kernel endpoints: org units, the statutory clock calculator, and the calendar."""

import datetime as dt

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from .calendar import CalendarYearUnknown
from .clocks import ClockError, Limit, Pause, due_date
from .ledger.api import ERRORS
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


@router.get("/units", response={200: list[UnitOut], **ERRORS}, summary="本人范围内的单位")
def units(request):
    scope = request.user.scope_unit()
    if scope is None:
        return []
    return scope.subtree().select_related("parent")


class DueOut(Schema):
    start: dt.date
    limit: str
    due: dt.date | None


class DueQuery(Schema):
    start: dt.date = Field(..., description="起算日(不计入)")
    limit: str = Field(
        ...,
        pattern=r"^\d{1,4} ?(工作日|日|月)$",
        description="期限，如“20 工作日”“60 日”“3 月”",
    )
    pause: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="不计入期限的期间，可重复，如 pause=2021-10-01..2021-10-07",
    )


@router.get(
    "/due-date",
    response={200: DueOut, **ERRORS},
    summary="法定期限计算(与 fazhi due-date 相同)",
)
def due(request, query: Query[DueQuery]):
    try:
        parsed = Limit.parse(query.limit)
        pauses = [Pause.parse(p) for p in query.pause]
        due_on = due_date(query.start, parsed, pauses=pauses)
    except (ClockError, CalendarYearUnknown, ValueError) as exc:
        raise HttpError(422, str(exc)) from exc
    return {"start": query.start, "limit": str(parsed), "due": due_on}


__all__ = ["OrgUnit", "router", "unit_in_scope"]
