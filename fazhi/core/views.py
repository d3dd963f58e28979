from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render, resolve_url
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import workbench
from .calendar import get_calendar
from .models import CalendarYear, DeadlineMove, Role
from .permissions import in_scope
from .validators import plain_int


class LoginView(auth_views.LoginView):
    """The staff login page. Throttling is not here but in authentication itself
    (fazhi.core.throttle), so that the admin's login is throttled alike."""

    template_name = "core/login.html"

    def get_default_redirect_url(self):
        """Leaders land on the 驾驶舱 (totals, units ranked, trends), everyone else on their
        workbench; a `next` the login page was given still wins."""
        if getattr(self.request.user, "role", "") == Role.LEADER:
            return resolve_url("cockpit:index")
        return super().get_default_redirect_url()


@login_required
def workbench_page(request):
    rows = workbench.Rows()
    return render(
        request,
        "core/workbench.html",
        {
            "groups": [
                (source, len(items), mark_safe("".join(rows.html(items))))
                for source, items in workbench.items_for(request.user)
            ],
            "calendar_gap": calendar_gap(timezone.localdate()),
        },
    )


def calendar_gap(today) -> int | None:
    """The next year, when its holiday notice is still missing and deadlines are about to need it:
    statutory periods of up to 60 日 started from November on end in the new year."""
    next_year = today.year + 1
    if today.month < 10 or next_year in get_calendar().known_years:
        return None
    return next_year


MOVES_PER_PAGE = 100


@login_required
def deadline_moves(request):
    """The due dates a holiday notice moved, of the records in the user's scope, newest first."""
    moves = in_scope(DeadlineMove.objects.select_related("calendar_year"), request.user)
    selected = _int_param(request, "year")
    if selected:
        moves = moves.filter(calendar_year_id=selected)
    before = _int_param(request, "before")
    if before:
        moves = moves.filter(pk__lt=before)
    rows = list(moves.order_by("-pk")[: MOVES_PER_PAGE + 1])
    more = len(rows) > MOVES_PER_PAGE
    rows = rows[:MOVES_PER_PAGE]
    return render(
        request,
        "core/deadline_moves.html",
        {
            "moves": rows,
            "years": CalendarYear.objects.order_by("-year"),
            "selected": selected,
            "next_before": rows[-1].pk if more else None,
        },
    )


def _int_param(request, name: str) -> int | None:
    """A positive id from the query string; anything else is refused as a bad request."""
    value = request.GET.get(name, "")
    if not value:
        return None
    number = plain_int(value)
    if number is None:
        raise Http404("参数无效")
    return number
