"""Forms of the 行政应诉 pages: one for registering a lawsuit, one small form per step."""

from django import forms

from fazhi.core.forms import DateInput, OnForm, date_field
from fazhi.core.models import OrgUnit

from .models import Appellant, Excuse, HeadRank, Instance, PlaintiffType, Result


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

    def __init__(self, *args, defendants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["defendant"].queryset = defendants


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
