"""The pages of 依申请公开 that the kernel's ledger does not build (fazhi.core.ledger builds the
list, registration, request page, steps and export from procedure.py).

The public (no login): the portal form and the tracking page, which show the applicant the
tracking number and check code and never anyone's personal data or what they asked for; the
回执 (PDF), for the session that submitted the request or for whoever gives its number and check
code, also states what was asked, with the personal data in it masked (public.py). Staff:
table 三 of the 政府信息公开工作年度报告.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from fazhi.core import ratelimit
from fazhi.core.audit import Channel

from . import annual, public, rules, services
from .forms import PublicApplyForm, TrackForm, YearForm, agencies, public_government
from .models import DisclosureRequest


def public_apply(request):
    """The portal form (CSRF-protected, at most FAZHI_DISCLOSURE_APPLY_LIMIT successful
    submissions per address per window). It registers the request through the same service as
    staff entry (services.apply_on_portal), with channel 互联网 and receipt on the day of
    submission."""
    government = public_government()
    if government is None:
        raise Http404("未配置本级政府")
    limit = getattr(settings, "FAZHI_DISCLOSURE_APPLY_LIMIT", 5)
    window = getattr(settings, "FAZHI_DISCLOSURE_APPLY_WINDOW", 3600)
    key = "disclosure-apply"
    form = PublicApplyForm(
        request.POST or None, agencies=agencies(government), government=government
    )
    if request.method == "POST":
        if ratelimit.hits(request, key) >= limit:
            form.add_error(
                None, "您提交申请过于频繁，请一小时后再试，或到政府信息公开申请受理点当面提交。"
            )
        elif form.is_valid():
            try:
                made = services.apply_on_portal(government, Channel.WEB, form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                ratelimit.hit(request, key, window)
                request.session["disclosure_receipt"] = _receipt(made)
                # The 回执 of this session's own request is printed without the code typed again.
                request.session["disclosure_request_id"] = made.pk
                return redirect("disclosure:apply_done")
    return render(request, "disclosure/public_apply.html", {"form": form, "government": government})


def _receipt(made) -> dict:
    return {
        "number": made.number,
        "code": made.check_code,
        "agency": made.agency.name,
        "received_on": made.received_on.isoformat(),
        "due_on": made.reply_due_on.isoformat() if made.reply_due_on else "",
        "due_pending": rules.REPLY_DUE_PENDING if made.due_awaits_calendar else "",
    }


def public_apply_done(request):
    receipt = request.session.get("disclosure_receipt")
    if not receipt:
        return redirect("disclosure:apply")
    return render(request, "disclosure/public_apply_done.html", {"receipt": receipt})


def public_apply_receipt(request):
    """The 回执 (PDF) of the request this session has just submitted. Printing costs the server
    more than a page: it counts against the per-address limit of the tracking page."""
    made = DisclosureRequest.objects.select_related("agency").filter(
        pk=request.session.get("disclosure_request_id")
    )
    made = made.first()
    if made is None:
        return redirect("disclosure:apply")
    key = "disclosure-track"
    if ratelimit.hits(request, key) >= getattr(settings, "FAZHI_DISCLOSURE_TRACK_LIMIT", 30):
        return HttpResponse("打印过于频繁，请稍后再试。", status=429, content_type="text/plain")
    ratelimit.hit(request, key, getattr(settings, "FAZHI_DISCLOSURE_APPLY_WINDOW", 3600))
    return _receipt_response(made)


def _receipt_response(made) -> HttpResponse:
    response = HttpResponse(public.receipt_pdf(made), content_type="application/pdf")
    response["Content-Disposition"] = "inline; filename=receipt.pdf"
    response["Cache-Control"] = "no-store"  # it holds the check code
    return response


def public_track(request):
    """Number and check code together find a request; the page shows its progress and its
    thread and no personal data. Look-ups are limited per address so that codes cannot be
    guessed. The same form with `receipt` set prints the request's 回执 (PDF) instead."""
    form = TrackForm(request.POST or None)
    found, missed = None, False
    if request.method == "POST" and form.is_valid():
        key = "disclosure-track"
        if ratelimit.hits(request, key) >= getattr(settings, "FAZHI_DISCLOSURE_TRACK_LIMIT", 30):
            form.add_error(None, "查询过于频繁，请稍后再试。")
        else:
            ratelimit.hit(request, key, getattr(settings, "FAZHI_DISCLOSURE_APPLY_WINDOW", 3600))
            request_ = services.find_for_tracking(
                form.cleaned_data["number"], form.cleaned_data["code"]
            )
            if request_ is not None and request.POST.get("receipt"):
                return _receipt_response(request_)
            found = public.public_status(request_) if request_ else None
            missed = request_ is None
    return render(
        request,
        "disclosure/public_track.html",
        {"form": form, "found": found, "missed": missed, "code": _typed_code(form)},
    )


def _typed_code(form) -> str:
    return form.cleaned_data.get("code", "") if hasattr(form, "cleaned_data") else ""


@login_required
def annual_table(request):
    """Table 三 of the 政府信息公开工作年度报告 for the user's scope and a year (last year unless
    one of the offered years is chosen)."""
    scope = request.user.scope_unit()
    if scope is None:
        raise PermissionDenied("您的账号未关联单位。")
    form = YearForm(request.GET or {"year": timezone.localdate().year - 1})
    if not form.is_valid():
        context = {"form": form, "scope": scope, "year": None, "table": None}
        return render(request, "disclosure/annual_table.html", context, status=400)
    year = form.cleaned_data["year"]
    table = annual.build_table(scope, year)
    context = {"form": form, "table": table, "scope": scope, "year": year}
    return render(request, "disclosure/annual_table.html", context)
