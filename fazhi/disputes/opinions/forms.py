"""Forms of the 意见书 pages: drafting it, and one small form per step."""

from django import forms

from fazhi.core import procedures
from fazhi.core.forms import OnForm, ServedForm, date_field
from fazhi.core.models import OrgUnit


class DraftForm(forms.Form):
    addressee = forms.ModelChoiceField(label="制发对象", queryset=OrgUnit.objects.none())
    case = forms.ModelChoiceField(
        label="所涉行政复议案件", queryset=OrgUnit.objects.none(), required=False
    )
    act = forms.CharField(label="违法或者不当的行政行为", max_length=200)
    opinion = forms.CharField(
        label="意见和建议", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    drafted_on = date_field("拟稿日期")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        government = user.unit.government()
        # art. 76: the respondent or another lower organ of the 复议机关
        self.fields["addressee"].queryset = government.subtree().exclude(pk=government.pk)
        # the cases the user sees, through the kernel (a procedure imports no other)
        self.fields["case"].queryset = procedures.get("reconsideration").visible(user)


class IssueForm(OnForm):
    pass


class OpinionServedForm(ServedForm):
    """The day the organ received the 意见书: its 60 日 start the next day (art. 76)."""


class ReportForm(OnForm):
    report = forms.CharField(
        label="纠正相关违法或者不当行政行为的情况",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
