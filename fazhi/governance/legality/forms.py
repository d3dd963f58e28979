"""Forms of the 合法性审核 pages: sending a draft, and one small form per step."""

from django import forms

from fazhi.core.forms import OnForm, date_field
from fazhi.core.models import OrgUnit
from fazhi.core.permissions import unit_scope_q

from .models import Opinion, ReviewKind


class RequestForm(forms.Form):
    unit = forms.ModelChoiceField(label="送审单位", queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label="送审类别", choices=ReviewKind.choices)
    title = forms.CharField(label="送审文件名称", max_length=200)
    counterparty = forms.CharField(label="合同相对方(合同协议填写)", max_length=200, required=False)
    submitted_on = date_field("送审日期")
    note = forms.CharField(
        label="送审说明(依据、履行程序的说明等)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # the units the user acts for: their own (and those under it), or an overseer's government
        self.fields["unit"].queryset = OrgUnit.objects.filter(unit_scope_q(user, "pk")).order_by(
            "path"
        )
        self.fields["unit"].initial = user.unit_id


class AcceptForm(OnForm):
    pass


class ReturnForm(OnForm):
    reason = forms.CharField(
        label="需要补充的材料", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ResubmitForm(OnForm):
    pass


class OpinionForm(forms.Form):
    opinion = forms.ChoiceField(label="审核意见", choices=Opinion.choices)
    opinion_on = date_field("出具意见日期")
    text = forms.CharField(
        label="审核意见内容(修改后合法、不合法的须写明)",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class WithdrawForm(OnForm):
    reason = forms.CharField(label="撤回理由", max_length=200)


class SignedForm(forms.Form):
    signed_on = date_field("合同签订日期")
