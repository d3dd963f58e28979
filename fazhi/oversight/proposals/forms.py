"""Forms of the 建议提案 pages: the registration, and one small form per step."""

from django import forms

from fazhi.core.forms import OnForm, date_field
from fazhi.core.models import OrgUnit
from fazhi.core.permissions import unit_scope_q

from .models import Category, Proposal, Satisfaction, Source, Status
from .queries import visible_proposals


def handling_units(government: OrgUnit):
    """The government's departments and towns (a government itself does not handle one)."""
    return government.working_units()


class ReceiveForm(forms.Form):
    source = forms.ChoiceField(label="类别", choices=Source.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    session = forms.CharField(label="会议/届次", max_length=100, required=False)
    number = forms.CharField(label="编号(人大/政协所编)", max_length=40)
    title = forms.CharField(label="标题", max_length=200)
    proposers = forms.CharField(label="提出人", max_length=200)
    received_on = date_field("收到日期")


class AssignForm(OnForm):
    on = date_field("交办日期")
    unit = forms.ModelChoiceField(label="主办单位", queryset=OrgUnit.objects.none())
    co_units = forms.ModelMultipleChoiceField(
        label="协办单位", queryset=OrgUnit.objects.none(), required=False
    )

    def __init__(self, *args, government: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        units = handling_units(government)
        self.fields["unit"].queryset = self.fields["co_units"].queryset = units


class ExtendForm(OnForm):
    """The 主办 unit asks; whoever of the 交办机关 holds the authority approves, in their own
    session (fazhi.core.approvals): the form names no approver."""

    reason = forms.CharField(label="延期理由(涉及面广、处理难度大)", max_length=200)


def mergeable(proposal: Proposal, user):
    """The proposals `user` may merge into `proposal`: of the same government and year, visible to
    the user and registered by a unit the user acts for, not yet answered and in no other group."""
    return (
        visible_proposals(user)
        .filter(
            unit_scope_q(user, "office"),
            government_id=proposal.government_id,
            year=proposal.year,
            merged_into__isnull=True,
            merged__isnull=True,
            status__in=[Status.RECEIVED, Status.ASSIGNED, Status.HANDLING],
        )
        .exclude(pk=proposal.pk)
        .order_by("source", "number")
    )


class MergeForm(OnForm):
    on = date_field("并案日期")
    members = forms.ModelMultipleChoiceField(
        label="并入本件的建议提案", queryset=Proposal.objects.none()
    )

    def __init__(self, *args, proposal, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = mergeable(proposal, user)


class AnswerForm(OnForm):
    on = date_field("答复日期")
    category = forms.ChoiceField(label="答复类别", choices=Category.choices)
    summary = forms.CharField(label="答复要点", max_length=500, required=False)


class RateForm(OnForm):
    on = date_field("反馈日期")
    satisfaction = forms.ChoiceField(
        label="代表/委员的评价",
        choices=Satisfaction.choices,
        help_text="由交办机构根据代表、委员反馈的意见登记。",
    )
