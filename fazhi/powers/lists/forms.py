"""Forms of the 权责清单 pages: compiling a version, entering an item, and one small form per
step."""

from django import forms

from fazhi.core.forms import OnForm, date_field
from fazhi.core.models import OrgUnit

from . import queries
from .models import Category, PowerList


def exercising_units(government: OrgUnit | None):
    """The government's departments and towns: the 实施主体 an item may name."""
    if government is None:
        return OrgUnit.objects.none()
    return government.working_units()


class ListForm(forms.Form):
    title = forms.CharField(
        label="名称",
        max_length=200,
        help_text="如：弥勒市乡镇级和市级权力清单和责任清单目录(2021年版)",
    )
    year = forms.IntegerField(label="版本年度", min_value=2000, max_value=2100)
    drafted_on = date_field("编制日期")


class PublishForm(OnForm):
    on = date_field("公布日期")
    where = forms.CharField(
        label="公布渠道", max_length=200, help_text="如：云南省机构编制网、市人民政府门户网站"
    )


class _ItemFields(forms.Form):
    unit = forms.ModelChoiceField(label="实施主体", queryset=OrgUnit.objects.none())
    code = forms.CharField(label="职权编码", max_length=60)
    name = forms.CharField(label="职权名称", max_length=300)
    category = forms.ChoiceField(label="职权类型", choices=Category.choices)
    basis = forms.CharField(
        label="设定依据", max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    duties = forms.CharField(
        label="责任事项", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    accountability = forms.CharField(
        label="追责情形", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ItemForm(_ItemFields):
    """An item entered into a version of the user's government being compiled."""

    power_list = forms.ModelChoiceField(label="权责清单", queryset=PowerList.objects.none())
    field_order = ["power_list", "unit"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        government = user.unit.government() if user.unit_id else None
        self.fields["unit"].queryset = exercising_units(government)
        self.fields["power_list"].queryset = queries.drafts_of(user).order_by("-year", "-pk")


class AmendForm(OnForm, _ItemFields):
    """修改: the form starts from what the item says now."""

    on = date_field("修改日期")

    def __init__(self, *args, item, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"] |= {
            "unit": item.unit_id,
            **{f: getattr(item, f) for f in ("code", "name", "category", "basis", "duties")},
            "accountability": item.accountability,
        }
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = exercising_units(item.government)


class RemoveForm(OnForm):
    on = date_field("删除日期")
    reason = forms.CharField(
        label="删除理由", max_length=200, help_text="如：已取消、已下放乡镇、已划转至××局"
    )
