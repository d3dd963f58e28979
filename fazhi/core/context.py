"""Template context every page gets."""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .models import Role
from .procedures import menus


def navigation(request) -> dict:
    """The staff menus, built from the procedures' declarations (no template names a procedure)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"staff_links": staff_links(request.user.role, get_script_prefix(), get_urlconf())}


@functools.cache
def staff_links(role: str, script_prefix: str, urlconf: str | None) -> SafeString:
    """The staff header's links for a role, as HTML. They change only with the role (and where
    the site is mounted), so they are made once per process, not with ~30 reverse() calls and
    template nodes on every page."""
    menu_html = format_html_join(
        "\n",
        '<span class="menu"><button type="button" class="link">{} ▾</button>'
        '<span class="items">{}</span></span>',
        (
            (menu, format_html_join("", '<a href="{}">{}</a>', _links(entries)))
            for menu, entries in menus().items()
        ),
    )
    links = [("审批", "core:approvals")]
    if role in (Role.COORDINATOR, Role.LEADER):
        links += [("驾驶舱", "cockpit:index"), ("指标", "figures:index")]
    if role == Role.COORDINATOR:
        links.append(("文书模板", "core:instrument_templates"))
    links += [("年度报告", "reports:index"), ("导入", "core:imports")]
    inbox = format_html(
        '<a href="{}" id="inbox-link">待办 <span hx-get="{}" hx-trigger="load, every 120s">'
        "</span></a>",
        reverse("core:inbox"),
        reverse("core:inbox_badge"),
    )
    return mark_safe(
        "\n".join(
            [
                format_html('<a href="{}">工作台</a>', reverse("core:workbench")),
                inbox,  # the count comes after the page (fazhi.core.inbox: cached per user)
                menu_html,
                format_html_join("", '<a href="{}">{}</a>', _links(links)),
            ]
        )
    )


def _links(entries):
    return ((reverse(url_name), label) for label, url_name in entries)
