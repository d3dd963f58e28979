"""Forms of the 政务新媒体 pages: the registrations, and one small form per step."""

from django import forms

from fazhi.core.forms import DateInput, OnForm, date_field
from fazhi.core.models import OrgUnit

from .models import Account, AccountStatus, CloseReason, FindingAction, Platform, Problem


class AccountForm(forms.Form):
    """An account of a unit the user acts for (their own, or any of their government's for a
    coordinator): the service refuses any other."""

    unit = forms.ModelChoiceField(label="主办单位", queryset=OrgUnit.objects.none())
    platform = forms.ChoiceField(label="平台", choices=Platform.choices)
    name = forms.CharField(label="账号名称", max_length=100)
    opened_on = date_field("开设日期")
    registered_on = forms.DateField(
        label="全国政务新媒体信息报送系统填报日期", widget=DateInput, required=False
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("path")


class CampaignForm(forms.Form):
    name = forms.CharField(label="整治名称", max_length=120)
    start_on = date_field("开始日期")
    scope = forms.CharField(label="整治范围", max_length=300)


class NoteForm(OnForm):
    note = forms.CharField(label="整改情况", max_length=200)


class CloseForm(OnForm):
    reason = forms.ChoiceField(label="关停原因", choices=CloseReason.choices)
    note = forms.CharField(label="说明", max_length=200, required=False)


class FinishForm(OnForm):
    summary = forms.CharField(label="整治总结", max_length=500, required=False)


class FindingForm(forms.Form):
    """A finding on one open account of the campaign's own government."""

    account = forms.ModelChoiceField(label="账号", queryset=Account.objects.none())
    on = date_field("发现日期")
    problem = forms.ChoiceField(label="问题", choices=Problem.choices)
    action = forms.ChoiceField(label="处置", choices=FindingAction.choices)
    note = forms.CharField(label="情况说明", max_length=200, required=False)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        accounts = Account.objects.in_scope(campaign.organ).filter(status__in=AccountStatus.open())
        self.fields["account"].queryset = accounts.select_related("unit").order_by("name", "pk")
