"""Forms of 依申请公开: staff registration, the public portal form and tracking, one small form
per step of the transition table (steps.py)."""

from django import forms
from django.conf import settings

from fazhi.core.forms import DateInput, OnForm, date_field
from fazhi.core.ledger.filters import year_choices
from fazhi.core.models import OrgUnit, UnitKind

from .models import (
    ApplicantType,
    ChallengeKind,
    FeeMethod,
    Format,
    PauseKind,
    ReceiptChannel,
    ResultRow,
    Situation,
)


def agencies(government: OrgUnit):
    """The agencies a request can be made to: the government's departments (its 办公室 among
    them) — not towns, courts or other bodies."""
    return government.subtree().filter(kind=UnitKind.DEPARTMENT).order_by("order", "path")


def agencies_for(user):
    """The agencies a staff member registers requests for: those the user acts for (their own
    unit; an overseer's whole government), as the table's creator rule allows."""
    scope = user.scope_unit()
    if scope is None:
        return OrgUnit.objects.none()
    return agencies(scope.government()).filter(path__startswith=scope.path)


def public_government() -> OrgUnit | None:
    return OrgUnit.objects.filter(code=settings.FAZHI_GOVERNMENT_CODE).first()


class ApplicantFields(forms.Form):
    agency = forms.ModelChoiceField(label="申请向哪个机关公开", queryset=OrgUnit.objects.none())
    applicant_type = forms.ChoiceField(label="申请人类型", choices=ApplicantType.choices)
    applicant_name = forms.CharField(label="姓名/名称", max_length=100)
    applicant_id_number = forms.CharField(
        label="身份证号码", max_length=18, required=False, help_text="自然人填写。"
    )
    applicant_uscc = forms.CharField(
        label="统一社会信用代码", max_length=18, required=False, help_text="法人或其他组织填写。"
    )
    applicant_phone = forms.CharField(label="联系电话", max_length=20, required=False)
    applicant_address = forms.CharField(label="通信地址", max_length=200, required=False)
    description = forms.CharField(
        label="所需政府信息的名称、文号或者便于查询的其他特征性描述",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    format_wanted = forms.ChoiceField(label="信息的提供形式", choices=Format.choices)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class ReceiveForm(ApplicantFields):
    """Staff entry of a request that came in person, by post, by fax or by e-mail."""

    channel = forms.ChoiceField(label="申请方式", choices=ReceiptChannel.choices)
    submitted_on = date_field("提交/寄出日期")
    received_on = forms.DateField(
        label="收到日期(签收/确认)",
        widget=DateInput,
        required=False,
        help_text="挂号信以签收之日；平信以与申请人确认之日；互联网、传真以双方确认之日为准；"
        "当面提交可不填(条例第三十一条)。",
    )


class PublicApplyForm(ApplicantFields):
    """The portal form: no dates (the portal's receipt is the confirmation, see services)."""


class TrackForm(forms.Form):
    number = forms.CharField(label="受理编号", max_length=40)
    code = forms.CharField(label="查询码", max_length=12)


class CorrectionForm(OnForm):
    items = forms.CharField(
        label="需要补正的事项(一次性载明)", max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_on = forms.DateField(label="补正期限", widget=DateInput)


class ConsultForm(OnForm):
    kind = forms.ChoiceField(
        label="征求对象类别",
        choices=[(k.value, k.label) for k in (PauseKind.THIRD_PARTY, PauseKind.OTHER_AGENCY)],
    )
    party = forms.CharField(label="征求意见的对象", max_length=100)


class ExtendForm(OnForm):
    """The consent is the approver's own act (条例 art. 33 ¶2): who consents is whoever takes the
    step, or approves the handler's request for it — never a name chosen here."""

    on = date_field("同意延期日期")
    reason = forms.CharField(label="延期理由", max_length=200)


class FeeForm(OnForm):
    method = forms.ChoiceField(label="收费方式", choices=FeeMethod.choices)
    pages = forms.IntegerField(label="页数(按量计收时填写)", min_value=0, required=False)

    def clean_pages(self):
        return self.cleaned_data.get("pages") or 0


class ReplyForm(OnForm):
    situation = forms.ChoiceField(label="答复情形", choices=Situation.choices)
    result = forms.ChoiceField(
        label="计入年度报告的办理结果(可不选，按情形默认)",
        choices=[("", "按情形默认")]
        + [(r.value, r.label) for r in ResultRow if r.value < "6.1"]
        + [(ResultRow.OTHER.value, ResultRow.OTHER.label)],
        required=False,
    )
    note = forms.CharField(label="答复说明/理由", max_length=300, required=False)


class ChallengeForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=ChallengeKind.choices)
    filed_on = date_field("提起日期")
    reconsideration_number = forms.CharField(
        label="行政复议案号(如已在本平台登记)", max_length=40, required=False
    )
    note = forms.CharField(label="说明(法院案号等)", max_length=200, required=False)


class YearForm(forms.Form):
    """The year of table 三: one of the years the platform holds, never a number typed in."""

    year = forms.TypedChoiceField(label="年度", choices=year_choices, coerce=int)
