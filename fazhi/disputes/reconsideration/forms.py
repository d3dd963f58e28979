"""Forms of the 行政复议 pages: one for the receipt, one small form per step."""

from django import forms
from django.utils import timezone

from fazhi.core.models import OrgUnit, User

from .models import ApplicantType, Category, Outcome, Procedure, ReceiptChannel


class DateInput(forms.DateInput):
    """An HTML date input: it only accepts ISO values, whatever the locale's display format."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


def date_field(label: str) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput, initial=timezone.localdate)


class ReceiveForm(forms.Form):
    applicant_name = forms.CharField(label="申请人", max_length=100)
    applicant_type = forms.ChoiceField(label="申请人类型", choices=ApplicantType.choices)
    applicant_id_number = forms.CharField(label="身份证号码", max_length=18, required=False)
    applicant_uscc = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    applicant_phone = forms.CharField(label="联系电话", max_length=20, required=False)
    respondent = forms.ModelChoiceField(label="被申请人", queryset=OrgUnit.objects.none())
    act = forms.CharField(label="被申请复议的行政行为", max_length=200)
    category = forms.ChoiceField(label="案件类别", choices=Category.choices)
    receipt_channel = forms.ChoiceField(label="申请方式", choices=ReceiptChannel.choices)
    submitted_on = date_field("递交/寄出日期")
    received_on = forms.DateField(
        label="收到(签收/确认)日期",
        widget=DateInput,
        required=False,
        help_text="邮寄以签收之日、传真和网上申请以确认收到之日为准；当面递交可不填。",
    )

    def __init__(self, *args, government: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent"].queryset = government.subtree().order_by("path")


class OnForm(forms.Form):
    on = date_field("日期")


class CorrectionForm(OnForm):
    items = forms.CharField(
        label="需要补正的事项(一次性载明)", widget=forms.Textarea(attrs={"rows": 3})
    )


class AcceptForm(OnForm):
    procedure = forms.ChoiceField(label="审理程序", choices=Procedure.choices)
    simplified_ground = forms.CharField(label="适用简易程序的情形", required=False, max_length=200)


class RejectForm(OnForm):
    reason = forms.CharField(label="不予受理理由", widget=forms.Textarea(attrs={"rows": 2}))


class ReferForm(OnForm):
    competent_organ = forms.CharField(label="有权受理的行政复议机关", max_length=100)


class SuspendForm(OnForm):
    ground = forms.CharField(label="中止情形", max_length=200)


class ApproverForm(OnForm):
    approver = forms.ModelChoiceField(label="批准人", queryset=User.objects.none())

    def __init__(self, *args, government: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approver"].queryset = User.objects.filter(
            can_approve_extension=True, unit__path__startswith=government.path
        )


class ExtendForm(ApproverForm):
    days = forms.IntegerField(label="延长天数", min_value=1, max_value=30)
    reason = forms.CharField(label="延长理由", max_length=200)


class CorrectForm(OnForm):
    outcome = forms.ChoiceField(label="更正后的结果", choices=Outcome.choices)
    note = forms.CharField(label="更正理由", max_length=300)


class DecideForm(OnForm):
    outcome = forms.ChoiceField(label="结案结果", choices=Outcome.choices)
    note = forms.CharField(label="说明", required=False, max_length=300)
