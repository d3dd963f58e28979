from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from . import workbench
from .calendar import get_calendar


class LoginView(auth_views.LoginView):
    """The staff login page. Throttling is not here but in authentication itself
    (fazhi.core.throttle), so that the admin's login is throttled alike."""

    template_name = "core/login.html"


@login_required
def workbench_page(request):
    return render(
        request,
        "core/workbench.html",
        {
            "groups": [
                (source, [workbench.row_html(item) for item in items])
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
