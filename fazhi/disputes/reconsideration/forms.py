"""Forms of the 行政复议 pages: one for the receipt, one small form per step."""

from django import forms

from fazhi.core.forms import DateInput, OnForm, ServedForm, date_field
from fazhi.core.models import OrgUnit, User

from .models import (
    ApplicantType,
    Category,
    CommitteeGround,
    Compensation,
    LawVersion,
    MediationGround,
    Outcome,
    Procedure,
    ReceiptChannel,
    SimplifiedGround,
    SuspensionGround,
    ViewsWay,
)
from .rules import MAX_EXTENSION_DAYS


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
    # 申请期限 (行政复议法(2023) arts. 20–21): checked at receipt, a warning for the review.
    knew_on = forms.DateField(
        label="申请人知道或者应当知道该行政行为之日",
        widget=DateInput,
        required=False,
        help_text="第二十条：自该日起六十日内申请；未告知复议权利和期限的，最长一年。",
    )
    informed_of_right = forms.NullBooleanField(
        label="行政行为是否告知了申请复议的权利、复议机关和申请期限",
        required=False,
        widget=forms.Select(
            choices=[("unknown", "未说明"), ("true", "已告知"), ("false", "未告知")]
        ),
    )
    act_made_on = forms.DateField(
        label="行政行为作出日期",
        widget=DateInput,
        required=False,
        help_text="第二十一条：自作出之日起超过五年(不动产二十年)的，不予受理。",
    )
    real_property = forms.BooleanField(label="因不动产提出", required=False)

    def __init__(self, *args, government: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent"].queryset = government.subtree().order_by("path")


class NoFields(forms.Form):
    """A step that takes nothing but the decision to take it (视为受理 falls on a date the law
    fixes)."""


class CorrectionForm(OnForm):
    items = forms.CharField(
        label="需要补正的事项(一次性载明)", widget=forms.Textarea(attrs={"rows": 3})
    )


class CorrectionServedForm(ServedForm):
    """补正通知的送达: the applicant's 10 日 run from this day (2023 art. 31 ¶2)."""

    served_on = date_field("补正通知送达(申请人收到)日期")


class CopyServedForm(ServedForm):
    """申请书副本的送达: the respondent's period to answer runs from this day (2023 art. 48)."""

    served_on = date_field("被申请人收到申请书副本日期")


class ReplyForm(OnForm):
    on = date_field("答复日期")
    with_evidence = forms.BooleanField(
        label="同时提交了作出行政行为的证据、依据和其他有关材料", required=False
    )
    note = forms.CharField(label="答复要点", max_length=300, required=False)


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label="承办人(行政复议人员)", queryset=User.objects.none())

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.fields["handler"].queryset = User.objects.filter(
                unit=unit, is_active=True
            ).order_by("username")


class ExtendCorrectionForm(OnForm):
    due_on = date_field("延长后的补正期限")
    reason = forms.CharField(label="不能按期补正的正当理由", max_length=200)


class AcceptForm(OnForm):
    procedure = forms.ChoiceField(label="审理程序", choices=Procedure.choices)
    simplified_ground = forms.ChoiceField(
        label="适用简易程序的情形(第五十三条)",
        choices=[("", "—"), *SimplifiedGround.choices],
        required=False,
    )

    def __init__(self, *args, law: str = LawVersion.FY2023, **kwargs):
        super().__init__(*args, **kwargs)
        if law != LawVersion.FY2023:  # 简易程序 exists only under the 2023 law (arts. 53–54)
            self.fields["procedure"].choices = [(Procedure.ORDINARY, Procedure.ORDINARY.label)]
            del self.fields["simplified_ground"]


class RejectForm(OnForm):
    reason = forms.CharField(label="不予受理理由", widget=forms.Textarea(attrs={"rows": 2}))


class ReferForm(OnForm):
    competent_organ = forms.CharField(label="有权受理的行政复议机关", max_length=100)


class SuspendForm(OnForm):
    ground = forms.ChoiceField(label="中止情形", choices=SuspensionGround.choices)
    note = forms.CharField(label="具体情况", max_length=150, required=False)

    def __init__(self, *args, law: str = LawVersion.FY2023, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = SuspensionGround.for_law(law)
        self.fields["ground"].choices = [c for c in SuspensionGround.choices if c[0] in allowed]


class HearViewsForm(OnForm):
    way = forms.ChoiceField(label="听取方式(第四十九条)", choices=ViewsWay.choices)
    note = forms.CharField(
        label="听取的意见(或不能听取的原因)", widget=forms.Textarea(attrs={"rows": 2})
    )


class MarkMajorForm(OnForm):
    reason = forms.CharField(label="重大、疑难、复杂的理由", max_length=200)


class NotifyHearingForm(OnForm):
    on = date_field("通知日期")
    hearing_on = date_field("听证时间", help_text="应于听证五个工作日前通知(第五十一条第一款)。")
    place = forms.CharField(label="听证地点", max_length=100)
    matters = forms.CharField(label="拟听证事项", max_length=200)


class HearingForm(OnForm):
    on = date_field("听证日期")
    respondent_head_attended = forms.BooleanField(
        label="被申请人的负责人参加了听证", required=False
    )
    delegate_reason = forms.CharField(
        label="负责人不能参加的理由及受委托的工作人员", max_length=200, required=False
    )

    def __init__(self, *args, law: str = LawVersion.FY2023, **kwargs):
        super().__init__(*args, **kwargs)
        if law != LawVersion.FY2023:  # 2023 art. 51 ¶3; 实施条例 art. 33 has no such rule
            del self.fields["respondent_head_attended"]
            del self.fields["delegate_reason"]


class ConsultCommitteeForm(OnForm):
    ground = forms.ChoiceField(label="提请咨询的情形", choices=CommitteeGround.choices)
    opinion = forms.CharField(label="咨询意见", widget=forms.Textarea(attrs={"rows": 2}))


class DismissApplicationForm(OnForm):
    reason = forms.CharField(
        label="不符合受理条件的理由(第三十条第一款)", widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtendForm(OnForm):
    days = forms.IntegerField(label="延长天数", min_value=1, max_value=MAX_EXTENSION_DAYS)
    reason = forms.CharField(label="延长理由", max_length=200)


def outcome_choices(law: str, *, terminated: bool) -> list:
    """The outcomes the law of the case allows (确认无效 is new in 2023 art. 67)."""
    allowed = Outcome.for_law(law)
    return [
        (v, label)
        for v, label in Outcome.choices
        if v in allowed and (terminated or v not in Outcome.terminating())
    ]


class DecideForm(OnForm):
    outcome = forms.ChoiceField(label="结案结果", choices=Outcome.choices)
    note = forms.CharField(label="说明", required=False, max_length=300)
    mediation_ground = forms.ChoiceField(
        label="调解的情形(实施条例第五十条)",
        choices=[("", "—"), *MediationGround.choices],
        required=False,
    )

    compensation = forms.ChoiceField(
        label="行政赔偿(第七十二条)",
        choices=[("", "—"), *Compensation.choices],
        required=False,
    )

    def __init__(self, *args, law: str = LawVersion.FY2023, no_reply: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = outcome_choices(law, terminated=True)
        if law != LawVersion.FY2023:
            self.fields.pop("compensation", None)
        if no_reply:  # 2023 art. 70
            self.fields["outcome"].help_text = no_reply
            self.fields["outcome"].initial = Outcome.REVOKED
        if law != LawVersion.FY2017:  # the 2023 law allows 调解 in any case (arts. 5, 73)
            self.fields.pop("mediation_ground", None)


class CorrectForm(DecideForm):
    """The closing of a decided case corrected: another decision, never a 终止."""

    note = forms.CharField(label="更正理由", max_length=300)
    mediation_ground = None
    compensation = None

    def __init__(self, *args, law: str = LawVersion.FY2023, **kwargs):
        super().__init__(*args, law=law, **kwargs)
        self.fields["outcome"].label = "更正后的结果"
        self.fields["outcome"].choices = outcome_choices(law, terminated=False)
