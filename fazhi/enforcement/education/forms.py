"""Forms of the 普法学法 pages: registering an activity and a 清单事项, and one small form per
step."""

from django import forms

from fazhi.core.forms import OnForm, date_field
from fazhi.core.models import OrgUnit

from .models import (
    MAX_ATTENDANCE,
    MAX_QUANTITY,
    NEWS,
    ActivityKind,
    DutyItem,
    DutyStatus,
)


def acting_units(user):
    """The units the user acts for: their own, or every unit of their government for an overseer."""
    scope = user.scope_unit() if user.is_authenticated else None
    return scope.subtree().order_by("path") if scope else OrgUnit.objects.none()


def open_items(units, year: int | None = None):
    """The published 清单事项 of these units (of a year), to which an activity may be
    attributed."""
    items = DutyItem.objects.filter(unit__in=units, status=DutyStatus.PUBLISHED)
    return (
        (items.filter(year=year) if year else items)
        .select_related("unit")
        .order_by("-year", "unit__path", "id")
    )


class ActivityFields(forms.Form):
    """What an activity says, for its registration and its 更正."""

    kind = forms.ChoiceField(label="活动类型", choices=ActivityKind.choices)
    held_on = date_field("开展日期")
    title = forms.CharField(label="活动名称", max_length=200)
    place = forms.CharField(label="地点", max_length=200, required=False)
    audience = forms.CharField(label="对象", max_length=200, required=False)
    attendance = forms.IntegerField(
        label="参加人数",
        min_value=0,
        max_value=MAX_ATTENDANCE,
        required=False,
        help_text="“法律明白人”培训必填。",
    )
    quantity = forms.IntegerField(
        label="数量",
        min_value=1,
        max_value=MAX_QUANTITY,
        required=False,
        help_text="宣传资料发放填份数，展板更新填块数，法律咨询填人次，电视普法节目填期数；"
        "其他类型不填。",
    )
    programme = forms.CharField(
        label="节目(栏目)名称", max_length=100, required=False, help_text="电视普法节目必填。"
    )
    broadcaster = forms.CharField(label="播出频道", max_length=100, required=False)
    in_news = forms.BooleanField(
        label=f"在《{NEWS}》中播出",
        required=False,
        help_text="作为栏目在新闻节目中播出的勾选；单独拍摄播出的专题节目不勾选。",
    )
    duty_item = forms.ModelChoiceField(
        label="落实的普法责任清单事项", queryset=DutyItem.objects.none(), required=False
    )


class ActivityForm(ActivityFields):
    unit = forms.ModelChoiceField(label="组织单位", queryset=OrgUnit.objects.none())
    field_order = ["unit"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = acting_units(user)
        self.fields["unit"].queryset = units
        self.fields["duty_item"].queryset = open_items(units)


class CorrectForm(ActivityFields):
    reason = forms.CharField(label="更正原因", max_length=200)

    def __init__(self, *args, item_units=None, item_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.none() if item_units is None else item_units
        self.fields["duty_item"].queryset = open_items(units, item_year)


class RevokeForm(OnForm):
    on = date_field("撤销日期")
    reason = forms.CharField(label="撤销原因", max_length=200)


class DutyItemForm(forms.Form):
    unit = forms.ModelChoiceField(label="责任单位", queryset=OrgUnit.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    laws = forms.CharField(label="普法内容(法律法规)", max_length=300)
    audience = forms.CharField(label="普法对象", max_length=200)
    measures = forms.CharField(label="普法措施", max_length=1000, widget=forms.Textarea)
    planned_times = forms.CharField(label="计划时间", max_length=200)
    drafted_on = date_field("拟定日期")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = acting_units(user)


class PublishForm(OnForm):
    on = date_field("公布日期")


class WithdrawForm(OnForm):
    on = date_field("撤回日期")
    reason = forms.CharField(label="撤回原因", max_length=200)
