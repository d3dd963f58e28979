from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone

from . import workbench
from .calendar import get_calendar


def _throttle_key(request) -> str:
    username = (request.POST.get("username") or "").strip().lower()
    return f"login-fail:{request.META.get('REMOTE_ADDR', '')}:{username}"


class ThrottledLoginView(auth_views.LoginView):
    """Login that refuses further attempts for a while after repeated failures."""

    template_name = "core/login.html"

    def post(self, request, *args, **kwargs):
        key = _throttle_key(request)
        if cache.get(key, 0) >= settings.LOGIN_THROTTLE_LIMIT:
            minutes = settings.LOGIN_THROTTLE_WINDOW // 60
            messages.error(request, f"登录失败次数过多，请{minutes}分钟后再试。")
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        key = _throttle_key(self.request)
        cache.set(key, cache.get(key, 0) + 1, settings.LOGIN_THROTTLE_WINDOW)
        return super().form_invalid(form)

    def form_valid(self, form):
        cache.delete(_throttle_key(self.request))
        return super().form_valid(form)


@login_required
def workbench_page(request):
    return render(
        request,
        "core/workbench.html",
        {
            "groups": workbench.items_for(request.user),
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
