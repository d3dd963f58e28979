"""Forms of the 信箱 pages: the registration, and one small form per step."""

from django import forms

from fazhi.core.forms import OnForm, date_field
from fazhi.core.models import OrgUnit

from .models import LetterCategory


class ReceiveForm(forms.Form):
    reference = forms.CharField(label="信件编号(州信箱系统)", max_length=40)
    received_on = date_field("收到日期")
    writer_name = forms.CharField(label="来信人", max_length=60)
    writer_phone = forms.CharField(label="联系电话", max_length=20, required=False)
    subject = forms.CharField(label="信件标题", max_length=200)
    category = forms.ChoiceField(label="信件类别", choices=LetterCategory.choices)


class UnitForm(forms.Form):
    """交办: the units of the letter's own government, never the government itself nor (when
    the letter is moved) the unit that has it now."""

    unit = forms.ModelChoiceField(label="承办单位", queryset=OrgUnit.objects.none())
    on = date_field("日期")

    def __init__(self, *args, government: OrgUnit, current: OrgUnit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        units = government.subtree().exclude(pk=government.pk)
        if current is not None:
            units = units.exclude(pk=current.pk)
        self.fields["unit"].queryset = units.order_by("path")


class ReassignForm(UnitForm):
    reason = forms.CharField(label="退回理由", max_length=200)


class ReplyForm(forms.Form):
    on = date_field("答复日期")
    summary = forms.CharField(
        label="答复摘要", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReopenForm(OnForm):
    reason = forms.CharField(label="重新办理理由", max_length=200)
