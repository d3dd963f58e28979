"""政务新媒体 pages: accounts (list, new, detail with steps) and campaigns (list, new, detail
with findings and steps). Every write goes through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fazhi.core.audit import Channel
from fazhi.core.exports import model_columns, xlsx_response
from fazhi.core.models import Role
from fazhi.core.pages import history_of, perform_step, visible_or_404

from . import services
from .actions import ACCOUNT_ACTIONS, CAMPAIGN_ACTIONS, form_for
from .forms import AccountForm, CampaignForm
from .models import Account, AccountStatus, Campaign
from .queries import (
    can_manage_account,
    can_manage_campaign,
    can_open_campaign,
    can_register_account,
    can_view_account,
    can_view_campaign,
    visible_accounts,
    visible_campaigns,
)

PAGE_SIZE = 50


def _history(obj):
    return history_of(obj)


def _keyset(request, qs):
    """Keyset pagination on descending id: constant cost on any page, no COUNT(*)."""
    after = request.GET.get("after", "")
    if after:
        if not after.isdigit():
            raise Http404("分页参数无效")
        qs = qs.filter(id__lt=int(after))
    rows = list(qs.order_by("-id")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    params = request.GET.copy()
    params.pop("after", None)
    return rows, (rows[-1].pk if more else ""), params.urlencode()


@login_required
def account_list(request):
    accounts = visible_accounts(request.user)
    status = request.GET.get("status", "")
    if status in AccountStatus.values:
        accounts = accounts.filter(status=status)
    rows, next_after, query = _keyset(request, accounts)
    return render(
        request,
        "media/account_list.html",
        {
            "accounts": rows,
            "next_after": next_after,
            "query": query,
            "statuses": AccountStatus.choices,
            "can_register": can_register_account(request.user),
        },
    )


def _account_units(user):
    unit = user.unit
    if user.role == Role.COORDINATOR:
        return unit.government().subtree()
    return unit.subtree()


@login_required
def account_new(request):
    if not can_register_account(request.user):
        raise PermissionDenied("只有工作人员可以登记政务新媒体账号。")
    form = AccountForm(request.POST or None, units=_account_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            account = services.register_account(request.user, Channel.WEB, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已登记{account}。")
            return redirect(account)
    return render(request, "media/form.html", {"form": form, "title": "登记政务新媒体账号"})


def _account_or_404(request, pk) -> Account:
    return visible_or_404(
        Account.objects.select_related("unit"), pk, can_view_account, request.user, "账号"
    )


@login_required
def account_detail(request, pk, forms=None):
    account = _account_or_404(request, pk)
    manage = can_manage_account(request.user, account)
    actions = [
        (a, (forms or {}).get(a.key) or form_for(a, account))
        for a in ACCOUNT_ACTIONS.values()
        if manage and a.offered(account)
    ]
    return render(
        request,
        "media/account_detail.html",
        {
            "account": account,
            "actions": actions,
            "findings": account.findings.select_related("campaign"),
            "history": _history(account),
        },
    )


@login_required
@require_POST
def account_action(request, pk, action):
    account = _account_or_404(request, pk)
    spec = ACCOUNT_ACTIONS.get(action)
    if spec is None:
        raise Http404("未知的操作")
    if not can_manage_account(request.user, account):
        raise PermissionDenied("您无权办理该账号，或账号已关停(只读)。")
    form = form_for(spec, account, request.POST)
    if perform_step(request, account, spec, form):
        return redirect(account)
    return account_detail(request, pk, forms={action: form})


@login_required
def campaign_list(request):
    rows, next_after, query = _keyset(request, visible_campaigns(request.user))
    return render(
        request,
        "media/campaign_list.html",
        {
            "campaigns": rows,
            "next_after": next_after,
            "query": query,
            "can_open": can_open_campaign(request.user),
        },
    )


@login_required
def campaign_new(request):
    if not can_open_campaign(request.user):
        raise PermissionDenied("只有统筹协调人员或牵头单位工作人员可以登记集中整治。")
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.open_campaign(
                request.user,
                Channel.WEB,
                organ=request.user.unit.government(),
                unit=request.user.unit,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已登记集中整治“{campaign}”。")
            return redirect(campaign)
    return render(request, "media/form.html", {"form": form, "title": "登记集中整治"})


def _campaign_or_404(request, pk) -> Campaign:
    return visible_or_404(
        Campaign.objects.select_related("unit", "organ"),
        pk,
        can_view_campaign,
        request.user,
        "集中整治",
    )


@login_required
def campaign_detail(request, pk, forms=None):
    campaign = _campaign_or_404(request, pk)
    manage = can_manage_campaign(request.user, campaign)
    actions = [
        (a, (forms or {}).get(a.key) or form_for(a, campaign))
        for a in CAMPAIGN_ACTIONS.values()
        if manage and a.offered(campaign)
    ]
    return render(
        request,
        "media/campaign_detail.html",
        {
            "campaign": campaign,
            "actions": actions,
            "findings": campaign.findings.select_related("account", "account__unit"),
            "history": _history(campaign),
        },
    )


@login_required
@require_POST
def campaign_action(request, pk, action):
    campaign = _campaign_or_404(request, pk)
    spec = CAMPAIGN_ACTIONS.get(action)
    if spec is None:
        raise Http404("未知的操作")
    if not can_manage_campaign(request.user, campaign):
        raise PermissionDenied("您无权办理该集中整治，或整治已结束(只读)。")
    form = form_for(spec, campaign, request.POST)
    if perform_step(request, campaign, spec, form):
        return redirect(campaign)
    return campaign_detail(request, pk, forms={action: form})


@login_required
def export(request):
    """The list as filtered, in Excel; personal data masked (fazhi.core.exports)."""
    records = visible_accounts(request.user).order_by("-id")
    return xlsx_response(records, model_columns(Account), "政务新媒体账号.xlsx", "政务新媒体账号")
