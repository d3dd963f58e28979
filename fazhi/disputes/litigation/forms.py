"""Forms of the 行政应诉 pages: one for registering a lawsuit, one small form per step."""

from django import forms

from fazhi.core.forms import DateInput, OnForm, date_field
from fazhi.core.models import OrgUnit

from .models import (
    AdviceGround,
    Appellant,
    Excuse,
    ExtensionDecision,
    HeadRank,
    Instance,
    PlaintiffType,
    Result,
    RetrialProcedure,
    SummonsBasis,
)


class ReceiveForm(forms.Form):
    number = forms.CharField(label="案号", max_length=60)
    court = forms.CharField(label="审理法院", max_length=60)
    instance = forms.ChoiceField(label="审级", choices=Instance.choices)
    cause = forms.CharField(label="案由(被诉行政行为)", max_length=200)
    plaintiff_type = forms.ChoiceField(label="原告类型", choices=PlaintiffType.choices)
    plaintiff_name = forms.CharField(label="原告", max_length=100)
    plaintiff_id_number = forms.CharField(label="原告身份证号码", max_length=18, required=False)
    defendant = forms.ModelChoiceField(label="被告", queryset=OrgUnit.objects.none())
    copy_received_on = date_field("收到起诉状(上诉状)副本日期")
    previous_number = forms.CharField(
        label="前一审级案号",
        max_length=60,
        required=False,
        help_text="二审、再审案件填写：本案前一审级在本平台登记的案号。",
    )
    retrial_procedure = forms.ChoiceField(
        label="再审程序",
        choices=[("", "—"), *RetrialProcedure.choices],
        required=False,
        help_text=(
            "再审案件填写(行诉解释第一百一十九条)：原生效裁判由第二审法院作出的，按第二审程序；"
            "由第一审法院作出的，原审法院再审按第一审程序，上级法院提审按第二审程序。"
        ),
    )

    def __init__(self, *args, defendants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["defendant"].queryset = defendants


class AnswerForm(OnForm):
    evidence_later = forms.BooleanField(
        label="证据另行提交",
        required=False,
        help_text=(
            "经人民法院准许延期提供证据的(行诉解释第三十四条)，勾选后证据另行登记；"
            "不勾选即答辩状和证据同日提交(行政诉讼法第六十七条)。"
        ),
    )


class ScheduleForm(OnForm):
    hearing_on = forms.DateField(label="开庭日期", widget=DateInput)


class HearingForm(OnForm):
    head_appeared = forms.BooleanField(label="负责人出庭", required=False)
    head_name = forms.CharField(label="出庭负责人姓名", max_length=40, required=False)
    head_post = forms.CharField(label="职务", max_length=60, required=False)
    head_rank = forms.ChoiceField(
        label="负责人类别", choices=[("", "—"), *HeadRank.choices], required=False
    )
    head_spoke_on_resolution = forms.BooleanField(
        label="负责人就实质性解决争议发表意见", required=False
    )
    excuse = forms.ChoiceField(
        label="未出庭事由", choices=[("", "—"), *Excuse.choices], required=False
    )
    excuse_note = forms.CharField(label="事由说明", max_length=200, required=False)
    excuse_rejected = forms.BooleanField(label="人民法院认定理由不成立", required=False)
    stand_in_name = forms.CharField(label="出庭工作人员", max_length=40, required=False)
    stand_in_post = forms.CharField(label="工作人员职务", max_length=60, required=False)
    lawyer_name = forms.CharField(label="委托律师", max_length=60, required=False)


class DecideForm(OnForm):
    result = forms.ChoiceField(label="裁判结果", choices=Result.choices)
    served_on = forms.DateField(label="送达日期", widget=DateInput, required=False)

    def __init__(self, *args, instance: str = Instance.SECOND, **kwargs):
        super().__init__(*args, **kwargs)
        if instance != Instance.SECOND:  # 驳回上诉、发回重审 are 二审 results (art. 89)
            second_only = {Result.UPHELD, Result.REMANDED}
            self.fields["result"].choices = [
                (value, label) for value, label in Result.choices if value not in second_only
            ]


class AppealForm(OnForm):
    by = forms.ChoiceField(label="上诉人", choices=Appellant.choices)


class ExtensionForm(OnForm):
    """延期提供证据申请 (行诉解释第三十四条)."""

    reason = forms.CharField(label="不能按期提供证据的正当事由", max_length=200)


class ExtensionDecisionForm(OnForm):
    decision = forms.ChoiceField(label="法院决定", choices=ExtensionDecision.choices)
    reason_ends_on = forms.DateField(
        label="正当事由消除日期",
        widget=DateInput,
        required=False,
        help_text="准许的，填写正当事由消除之日；举证期限为其后15日(行诉解释第三十四条)。",
    )


class SummonsForm(OnForm):
    """负责人出庭通知书 (出庭应诉规定第四条、第五条第二款)."""

    hearing_on = forms.DateField(label="通知出庭的开庭日期", widget=DateInput)
    basis = forms.ChoiceField(label="通知出庭的情形", choices=SummonsBasis.choices)


class AdviceForm(OnForm):
    """司法建议 (出庭应诉规定第十二条；行诉解释第一百二十九条第四款、第一百三十二条)."""

    ground = forms.ChoiceField(label="司法建议事由", choices=AdviceGround.choices)
    addressee = forms.CharField(label="司法建议对象(监察机关、上一级行政机关)", max_length=60)
    reply_due_on = forms.DateField(
        label="答复期限",
        widget=DateInput,
        required=False,
        help_text="司法建议书载明的答复期限；未载明的，按默认60日计算(无法定期限，见rules.py)。",
    )


class AdviceReplyForm(OnForm):
    reply = forms.CharField(label="答复内容(处理情况)", max_length=200)
