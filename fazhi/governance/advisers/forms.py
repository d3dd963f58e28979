"""Forms of the 法律顾问 pages: registering an adviser, an engagement and a line of the work log,
and one small form per step."""

from django import forms

from fazhi.core.forms import DateInput, OnForm, date_field
from fazhi.core.models import OrgUnit

from .models import MAX_COUNT, Adviser, AdviserKind, AdviserStatus, Engagement, WorkKind


def acting_units(user):
    """The units the user acts for: their own, or every unit of their government for an overseer."""
    scope = user.scope_unit() if user.is_authenticated else None
    return scope.subtree().order_by("path") if scope else OrgUnit.objects.none()


def engageable_advisers(user):
    """The advisers of the user's government still in the register (a unit may engage an adviser
    another unit of its government registered: one register per government)."""
    if not user.is_authenticated or user.unit_id is None:
        return Adviser.objects.none()
    government = user.unit.government()
    return Adviser.objects.filter(
        unit__path__startswith=government.path, status=AdviserStatus.ACTIVE
    ).order_by("name", "id")


class AdviserForm(forms.Form):
    unit = forms.ModelChoiceField(label="登记单位", queryset=OrgUnit.objects.none())
    name = forms.CharField(label="姓名", max_length=50)
    kind = forms.ChoiceField(label="类别", choices=AdviserKind.choices)
    organisation = forms.CharField(label="律师事务所或工作单位", max_length=100)
    licence_id_number = forms.CharField(
        label="执业证号",
        max_length=30,
        required=False,
        help_text="社会律师填律师执业证号，公职律师填公职律师证号(17位数字)。",
    )
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    expertise = forms.CharField(label="专业领域", max_length=200, required=False)
    registered_on = date_field("登记日期")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = acting_units(user)


class WithdrawForm(OnForm):
    reason = forms.CharField(label="停用原因", max_length=200)


class EngagementForm(forms.Form):
    unit = forms.ModelChoiceField(label="聘请单位", queryset=OrgUnit.objects.none())
    adviser = forms.ModelChoiceField(label="法律顾问", queryset=Adviser.objects.none())
    start_on = date_field("聘期开始日期")
    end_on = forms.DateField(label="聘期届满日期", widget=DateInput)
    fee = forms.DecimalField(
        label="顾问费(元)", max_digits=12, decimal_places=2, min_value=0, required=False
    )
    contract_number = forms.CharField(label="合同编号", max_length=60, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = acting_units(user)
        self.fields["adviser"].queryset = engageable_advisers(user)


class RenewForm(forms.Form):
    """续聘: a new period, by default from the day after the current one ends."""

    end_on = forms.DateField(label="新聘期届满日期", widget=DateInput)
    start_on = forms.DateField(
        label="新聘期开始日期",
        widget=DateInput,
        required=False,
        help_text="不填的，自原聘期届满的次日起。",
    )
    fee = forms.DecimalField(
        label="顾问费(元)", max_digits=12, decimal_places=2, min_value=0, required=False
    )
    contract_number = forms.CharField(label="合同编号", max_length=60, required=False)


class TerminateForm(OnForm):
    on = date_field("解聘日期")
    reason = forms.CharField(label="解聘原因", max_length=200)


class WorkForm(forms.Form):
    engagement = forms.ModelChoiceField(
        label="聘任(聘请单位·法律顾问)", queryset=Engagement.objects.none()
    )
    done_on = date_field("日期")
    kind = forms.ChoiceField(label="工作类型", choices=WorkKind.choices)
    subject = forms.CharField(label="事项", max_length=200)
    reference = forms.CharField(label="关联文号或链接", max_length=200, required=False)
    count = forms.IntegerField(
        label="件次",
        min_value=1,
        max_value=MAX_COUNT,
        initial=1,
        help_text="一行登记多件同类事项的(如“审核合同12份”)，填写件数。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .queries import visible_engagements

        units = acting_units(user)
        self.fields["engagement"].queryset = (
            visible_engagements(user).filter(unit__in=units).order_by("unit__path", "-start_on")
        )


class VoidForm(OnForm):
    reason = forms.CharField(label="作废原因", max_length=200)
