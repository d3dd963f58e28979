"""依申请公开 pages. Staff: the list, entry of requests from other channels, a request with its
steps, the annual table 三. The public (no login): the portal form and the tracking page, which
show the applicant the tracking number and check code and never anyone's personal data."""

from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.core.audit import Channel
from fazhi.core.exports import model_columns, xlsx_response
from fazhi.core.pages import (
    filter_by_status,
    history_of,
    keyset_page,
    offered_steps,
    perform_step,
    visible_or_404,
)
from fazhi.core.permissions import unit_in_scope
from fazhi.core.proxies import client_address
from fazhi.disputes.reconsideration.queries import visible_cases

from . import annual, services
from .actions import ACTIONS, form_for
from .forms import ChallengeForm, PublicApplyForm, ReceiveForm, TrackForm, public_government
from .models import DisclosureRequest, ReceiptChannel, Status
from .queries import (
    can_handle_request,
    can_register_request,
    can_view_request,
    public_status,
    visible_requests,
)

# The audit trail names who did a portal submission: the applicant, not a staff account.
PORTAL_APPLICANT = SimpleNamespace(pk=None, display_name="申请人(门户网站)")


# --- the public -------------------------------------------------------------------------------


def _limit_key(request, kind: str) -> str:
    return f"disclosure-{kind}:{client_address(request)}"


def _hits(key: str) -> int:
    return cache.get(key, 0)


def _hit(key: str, window: int) -> None:
    if not cache.add(key, 1, window):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)


def public_apply(request):
    """The portal form (CSRF-protected, at most FAZHI_DISCLOSURE_APPLY_LIMIT successful
    submissions per address per window). It registers the request through the same service as
    staff entry, with channel 互联网 and receipt on the day of submission."""
    government = public_government()
    if government is None:
        raise Http404("未配置本级政府")
    limit = getattr(settings, "FAZHI_DISCLOSURE_APPLY_LIMIT", 5)
    window = getattr(settings, "FAZHI_DISCLOSURE_APPLY_WINDOW", 3600)
    key = _limit_key(request, "apply")
    form = PublicApplyForm(request.POST or None, government=government)
    if request.method == "POST":
        if _hits(key) >= limit:
            form.add_error(
                None, "您提交申请过于频繁，请一小时后再试，或到政府信息公开申请受理点当面提交。"
            )
        elif form.is_valid():
            data = dict(form.cleaned_data)
            agency = data.pop("agency")
            today = timezone.localdate()
            app = services.Application(
                channel=ReceiptChannel.WEB, submitted_on=today, received_on=today, **data
            )
            try:
                made = services.receive(PORTAL_APPLICANT, Channel.WEB, agency=agency, app=app)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                _hit(key, window)
                request.session["disclosure_receipt"] = {
                    "number": made.number,
                    "code": made.check_code,
                    "agency": agency.name,
                    "received_on": made.received_on.isoformat(),
                    "due_on": made.reply_due_on.isoformat() if made.reply_due_on else "",
                }
                return redirect("disclosure:apply_done")
    return render(request, "disclosure/public_apply.html", {"form": form, "government": government})


def public_apply_done(request):
    receipt = request.session.get("disclosure_receipt")
    if not receipt:
        return redirect("disclosure:apply")
    return render(request, "disclosure/public_apply_done.html", {"receipt": receipt})


def public_track(request):
    """Number and check code together find a request; the page shows its progress and no
    personal data. Look-ups are limited per address so that codes cannot be guessed."""
    form = TrackForm(request.POST or None)
    found, missed = None, False
    if request.method == "POST" and form.is_valid():
        key = _limit_key(request, "track")
        if _hits(key) >= getattr(settings, "FAZHI_DISCLOSURE_TRACK_LIMIT", 30):
            form.add_error(None, "查询过于频繁，请稍后再试。")
        else:
            _hit(key, getattr(settings, "FAZHI_DISCLOSURE_APPLY_WINDOW", 3600))
            request_ = services.find_for_tracking(
                form.cleaned_data["number"], form.cleaned_data["code"]
            )
            found = public_status(request_) if request_ else None
            missed = request_ is None
    return render(
        request, "disclosure/public_track.html", {"form": form, "found": found, "missed": missed}
    )


# --- staff ------------------------------------------------------------------------------------


def _filtered(request):
    requests = visible_requests(request.user)
    requests = filter_by_status(requests, request, Status)
    if request.GET.get("overdue"):
        requests = requests.overdue()
    year = request.GET.get("year", "")
    if year.isdigit():
        requests = requests.filter(received_on__year=int(year))
    q = request.GET.get("q", "").strip()
    if q:
        requests = requests.filter(number__startswith=q)
    return requests


@login_required
def request_list(request):
    """Keyset pagination on (received_on, id): constant cost on any page, no COUNT(*)."""
    requests = _filtered(request)
    rows, next_after, query = keyset_page(request, requests, "received_on")
    return render(
        request,
        "disclosure/request_list.html",
        {
            "requests": rows,
            "next_after": next_after,
            "query": query,
            "statuses": Status.choices,
            "can_register": can_register_request(request.user),
        },
    )


@login_required
def request_new(request):
    if not can_register_request(request.user):
        raise PermissionDenied("只有承办单位的工作人员可以登记政府信息公开申请。")
    government = request.user.unit.government()
    form = ReceiveForm(request.POST or None, government=government)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agency = data.pop("agency")
        if not unit_in_scope(request.user, agency):
            form.add_error("agency", "只能登记本单位(或本级政府所辖机关)收到的申请。")
        else:
            try:
                made = services.receive(
                    request.user, Channel.WEB, agency=agency, app=services.Application(**data)
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    f"已登记 {made.number}(查询码 {made.check_code})，"
                    f"答复期限 {made.reply_due_on:%Y-%m-%d}。",
                )
                return redirect(made)
    return render(request, "disclosure/request_new.html", {"form": form})


def _request_or_404(request, pk) -> DisclosureRequest:
    return visible_or_404(
        DisclosureRequest.objects.select_related("agency", "extension_approver"),
        pk,
        can_view_request,
        request.user,
        "申请",
    )


@login_required
def request_detail(request, pk, forms=None, reveal=False):
    obj = _request_or_404(request, pk)
    handle = can_handle_request(request.user, obj)
    actions = offered_steps(ACTIONS, obj, form_for, forms) if handle else []
    challenge_form = None
    if obj.status in Status.concluded() and can_register_request(request.user):
        challenge_form = (forms or {}).get("challenge") or ChallengeForm(prefix="challenge")
    history = history_of(obj)
    return render(
        request,
        "disclosure/request_detail.html",
        {
            "req": obj,
            "actions": actions,
            "can_handle": handle,
            "history": history,
            "pauses": obj.pauses.all(),
            "challenges": obj.challenges.select_related("reconsideration"),
            "challenge_form": challenge_form,
            "reveal": reveal,
        },
    )


@login_required
@require_POST
def request_reveal(request, pk):
    """Show the applicant's ID, phone and address unmasked: for those who handle the request,
    and itself an audit row (个人信息保护法)."""
    obj = _request_or_404(request, pk)
    if not (can_register_request(request.user) and can_view_request(request.user, obj)):
        raise PermissionDenied("只有承办人员可以查看完整的个人信息。")
    services.record_personal_data_access(request.user, Channel.WEB, obj)
    return request_detail(request, pk, reveal=True)


@login_required
@require_POST
def request_action(request, pk, action):
    obj = _request_or_404(request, pk)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("未知的操作")
    if not can_handle_request(request.user, obj):
        raise PermissionDenied("您无权办理该申请，或申请已办结(只读)。")
    form = form_for(spec, obj, request.POST)
    if perform_step(request, obj, spec, form):
        return redirect(obj)
    return request_detail(request, pk, forms={action: form})


@login_required
@require_POST
def request_challenge(request, pk):
    """Link the 复议 or 诉讼 that followed the reply (条例 art. 51)."""
    obj = _request_or_404(request, pk)
    if not can_register_request(request.user):
        raise PermissionDenied("只有承办人员可以登记复议、诉讼。")
    form = ChallengeForm(request.POST, prefix="challenge")
    if form.is_valid():
        data = dict(form.cleaned_data)
        number = data.pop("reconsideration_number").strip()
        case = None
        if number:
            case = visible_cases(request.user).filter(number=number).first()
            if case is None:
                form.add_error("reconsideration_number", f"未找到您可查看的复议案件“{number}”。")
        if not form.errors:
            try:
                services.record_challenge(
                    request.user, Channel.WEB, obj, reconsideration=case, **data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "已登记复议/诉讼。")
                return redirect(obj)
    return request_detail(request, pk, forms={"challenge": form})


@login_required
def annual_table(request):
    """Table 三 of the 政府信息公开工作年度报告 for the user's scope and a year."""
    scope = request.user.scope_unit()
    if scope is None:
        raise PermissionDenied("您的账号未关联单位。")
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else timezone.localdate().year - 1
    table = annual.build_table(scope, year)
    return render(
        request, "disclosure/annual_table.html", {"table": table, "scope": scope, "year": year}
    )


@login_required
def export(request):
    """The list as filtered, in Excel; personal data masked (fazhi.core.exports)."""
    records = _filtered(request).order_by("-received_on", "-id")
    return xlsx_response(records, model_columns(DisclosureRequest), "依申请公开.xlsx", "依申请公开")
