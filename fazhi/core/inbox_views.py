"""The inbox's pages: the list (/inbox/), the header's badge (loaded by htmx after the page, so a
page's own queries stay its own), marking reminders read, and the 催办 of one record."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import inbox, procedures, urge
from .models import Channel
from .validators import plain_int
from .workflow import Refusal


@login_required
def inbox_page(request):
    found = inbox.sections(request.user)
    total = inbox.counts(request.user)
    return render(request, "core/inbox/inbox.html", {**found, "counts": total})


@never_cache
def inbox_badge(request):
    """The header's count, swapped in by htmx. A session that expired while the page was open
    answers 204 (htmx swaps nothing), not a redirect whose login page would fill the badge."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(request, "core/inbox/_badge.html", {"count": inbox.badge_count(request.user)})


@login_required
@require_POST
def mark_read(request):
    ids = request.POST.getlist("notice")
    numbers = [plain_int(i) for i in ids]
    if None in numbers:
        raise Http404("参数无效")
    try:
        done = inbox.mark_read(request.user, Channel.WEB, numbers or None)
    except Refusal as refused:
        messages.error(request, "；".join(refused.messages))
    else:
        messages.success(request, f"已将{done}条提醒标为已读。")
    return redirect("core:inbox")


@login_required
def urge_page(request, app_label, model_name, pk):
    """Confirm and take a 催办. A record the user does not see answers 404 (its existence is not
    disclosed); one they see but may not urge shows the reason."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404("记录不存在") from None
    procedure = procedures.for_model(model)
    if procedure is None:
        raise Http404("记录不存在")
    record = procedure.visible(request.user).filter(pk=pk).first()
    if record is None:
        raise Http404("记录不存在或无权查看")
    if request.method == "POST":
        try:
            urge.urge(request.user, Channel.WEB, record, request.POST.get("note", ""))
        except Refusal as refused:
            messages.error(request, "；".join(refused.messages))
            return redirect(request.path)
        messages.success(request, f"已催办：{record}。")
        return redirect(record.get_absolute_url())
    context = {
        "p": procedure,
        "obj": record,
        "reason": inbox.urge_reason(procedure, record),
        "unit": inbox.acting_unit(procedure, record),
        "refusal": urge.refusal(request.user, record, procedure),
        "earlier": urge.earlier(record),
    }
    return render(request, "core/inbox/urge.html", context)
