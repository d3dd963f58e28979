"""Forms of 依申请公开: staff registration, the public portal form and tracking, one small form
per step of the transition table (steps.py)."""

from django import forms

from fazhi.core.forms import DateInput, OnForm, ServedForm, date_field
from fazhi.core.ledger.filters import year_choices
from fazhi.core.models import OrgUnit, UnitKind
from fazhi.core.pages import portal_government

from . import rules
from .models import (
    ApplicantType,
    ChallengeKind,
    Collection,
    FeeMethod,
    Format,
    PauseKind,
    ReceiptChannel,
    ResultRow,
    Situation,
)

# The 行政机关 of a government that answer requests for their own information (条例 arts. 4, 10):
# its 工作部门 and its 乡镇人民政府、街道办事处. The government itself answers through its
# 办公室 (`government_office`), which is one of its departments.
AGENCY_KINDS = (UnitKind.DEPARTMENT, UnitKind.TOWN)


def agencies(government: OrgUnit):
    """The agencies a request can be made to: the government's departments (its 办公室 among
    them, answering for the government itself) and its towns and 街道 — not courts or other
    bodies, nor another government's units."""
    return government.subtree().filter(kind__in=AGENCY_KINDS).order_by("order", "path")


def government_office(government: OrgUnit) -> OrgUnit | None:
    """The 办公室 that answers requests made to the government itself: its department named
    "<government>办公室" (弥勒市人民政府办公室). The org tree has no other mark of it; a government
    without one registered is offered on the portal through its departments and towns only."""
    return (
        government.children.filter(kind=UnitKind.DEPARTMENT, name=f"{government.name}办公室")
        .order_by("order", "path")
        .first()
    )


class AgencyField(forms.ModelChoiceField):
    """The portal's list of agencies, grouped as the public looks for them: the government
    itself (its 办公室 handles the request), its departments, its towns and 街道."""

    def __init__(self, *args, office: OrgUnit | None = None, government=None, **kwargs):
        self.office, self.government = office, government
        super().__init__(*args, **kwargs)

    def label_from_instance(self, unit):
        if self.office is not None and unit.pk == self.office.pk:
            return f"{self.government.name}（由{unit.name}办理）"
        return unit.name

    def _get_choices(self):
        units = list(self.queryset)
        groups = [
            ("本级人民政府", [u for u in units if self.office and u.pk == self.office.pk]),
            (
                "政府工作部门",
                [
                    u
                    for u in units
                    if u.kind == UnitKind.DEPARTMENT
                    and not (self.office and u.pk == self.office.pk)
                ],
            ),
            ("乡镇人民政府、街道办事处", [u for u in units if u.kind == UnitKind.TOWN]),
        ]
        empty = [("", self.empty_label)] if self.empty_label is not None else []
        return empty + [
            (group, [(u.pk, self.label_from_instance(u)) for u in members])
            for group, members in groups
            if members
        ]

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


def agencies_for(user):
    """The agencies a staff member registers requests for: those the user acts for (their own
    unit; an overseer's whole government), as the table's creator rule allows."""
    scope = user.scope_unit()
    if scope is None:
        return OrgUnit.objects.none()
    return agencies(scope.government()).filter(path__startswith=scope.path)


def public_government() -> OrgUnit | None:
    return portal_government()


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
    delivery_email = forms.EmailField(
        label="接收信息的电子邮箱",
        required=False,
        help_text="选择“电子邮件”的必填。",
        error_messages={"invalid": "电子邮箱格式不正确，请检查后重新填写。"},
    )
    delivery_collection = forms.ChoiceField(
        label="纸质文本/光盘的获取方式",
        choices=[("", "—"), *Collection.choices],
        required=False,
        help_text="选择“纸质文本”或“光盘/移动存储介质”的必选。",
    )
    delivery_address = forms.CharField(
        label="邮寄地址",
        max_length=200,
        required=False,
        help_text="选择邮寄的必填，可与通信地址相同。",
    )
    delivery_other = forms.CharField(
        label="其他提供形式的说明",
        max_length=200,
        required=False,
        help_text="选择“其他”的必填。",
    )

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
    """The portal form: no dates (the portal's receipt is the confirmation, see services). It
    lists every agency of the government (`AgencyField`) and asks at once for what the chosen
    提供形式 needs (rules.delivery_gap), under the field that lacks it."""

    def __init__(self, *args, agencies, government: OrgUnit, **kwargs):
        super().__init__(*args, agencies=agencies, **kwargs)
        self.fields["agency"] = AgencyField(
            label="申请向哪个机关公开",
            queryset=agencies,
            office=government_office(government),
            government=government,
            empty_label="请选择",
            help_text="向制作或者保存该政府信息的行政机关申请(条例第十条)。",
        )
        self.order_fields(["agency"])

    def clean(self):
        cleaned = super().clean()
        gap = rules.delivery_gap(cleaned)
        if gap is not None:
            self.add_error(*gap)
        return cleaned


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


class ConsultServedForm(ServedForm):
    """The 征求意见书 reached the third party or agency: its 15 工作日 run from this day
    (条例 arts. 32, 34: 自收到征求意见书之日起)."""

    served_on = date_field("征求意见书送达(收到)日期")


class ExtendForm(OnForm):
    """The consent is the approver's own act (条例 art. 33 ¶2): who consents is whoever takes the
    step, or approves the handler's request for it — never a name chosen here. The number of
    工作日 is the approver's too: at most 20 (延长的期限最长不得超过20个工作日)."""

    on = date_field("同意延期日期")
    workdays = forms.IntegerField(
        label="延长的工作日数",
        min_value=1,
        max_value=rules.MAX_EXTENSION_WORKDAYS,
        help_text="最长不得超过20个工作日(条例第三十三条第二款)。",
    )
    reason = forms.CharField(label="延期理由", max_length=200)


class ReasonsForm(OnForm):
    """条例 art. 35: the requests clearly exceed a reasonable number or frequency."""

    on = date_field("要求说明理由日期")
    items = forms.CharField(
        label="申请数量、频次明显超过合理范围的情况及需要说明的事项",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DelayForm(OnForm):
    """条例 art. 35: reasons reasonable, but no answer possible within art. 33's period."""

    on = date_field("决定日期")
    due_on = forms.DateField(
        label="延迟答复期限",
        widget=DateInput,
        help_text="确定延迟答复的合理期限，并告知申请人(条例第三十五条)。",
    )
    reason = forms.CharField(label="理由", max_length=200)


class FeeForm(OnForm):
    method = forms.ChoiceField(label="收费方式", choices=FeeMethod.choices)
    pages = forms.IntegerField(label="页数(按量计收时填写)", min_value=0, required=False)

    def clean_pages(self):
        return self.cleaned_data.get("pages") or 0


class FeeServedForm(ServedForm):
    """The applicant received the 收费通知: the 20 工作日 to pay run from the next day (109号)."""

    served_on = date_field("收费通知送达(收到)日期")


class ReplyForm(OnForm):
    situation = forms.ChoiceField(
        label="答复情形",
        choices=Situation.choices,
        help_text="注意：答复不予公开的(含区分处理中不予公开的部分)，申请人不服的应当先申请行政复议，"
        "对复议决定不服再提起行政诉讼；答复书须告知申请人(行政复议法第二十三条第一款第四项、第二款)。"
        "本平台按所选情形记载救济途径。",
    )
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
