"""Forms of the 重大行政决策 pages: registering a catalogue and a meeting, one small form per step,
and the portal's public opinion form."""

from django import forms

from fazhi.core.forms import OnForm, date_field
from fazhi.core.models import OrgUnit

from .models import (
    Category,
    CommentChannel,
    Meeting,
    MeetingKind,
    OpinionOutcome,
    PublicOpinion,
    RiskConclusion,
)

TEXTAREA = forms.Textarea(attrs={"rows": 4})


def handling_units(government: OrgUnit):
    """The government's departments and towns (决策承办单位, 听证组织单位)."""
    return government.working_units()


# --- 决策事项目录 ---


class CatalogueForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2019, max_value=2100)
    title = forms.CharField(label="目录名称", max_length=200)
    drafted_on = date_field("编制日期")


class AgreeForm(OnForm):
    on = date_field("同级党委同意日期")
    party_document = forms.CharField(label="党委同意文件或会议", max_length=100, required=False)


class CataloguePublishForm(OnForm):
    on = date_field("公布日期")
    document_number = forms.CharField(label="文号", max_length=60, required=False)


class AddItemForm(OnForm):
    on = date_field("列入日期")
    title = forms.CharField(label="决策事项", max_length=200)
    category = forms.ChoiceField(label="事项类别(条例第三条)", choices=Category.choices)
    unit = forms.ModelChoiceField(label="决策承办单位", queryset=OrgUnit.objects.none())
    reason = forms.CharField(
        label="列入理由",
        max_length=300,
        required=False,
        help_text="目录公布后增列事项的，应写明理由。",
    )

    def __init__(self, *args, government: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = handling_units(government)


# --- 重大行政决策 ---


class StartForm(OnForm):
    on = date_field("启动日期")
    unit = forms.ModelChoiceField(label="决策承办单位(牵头)", queryset=OrgUnit.objects.none())
    needs_experts = forms.BooleanField(
        label="专业性、技术性较强，需组织专家论证(条例第十九条)", required=False
    )
    needs_risk = forms.BooleanField(
        label="实施可能对社会稳定、公共安全等造成不利影响，需风险评估(条例第二十二条)",
        required=False,
    )

    def __init__(self, *args, government: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = handling_units(government)


class OpenCommentForm(OnForm):
    on = date_field("在政府网站公布草案日期")
    draft = forms.CharField(label="决策草案及其说明", max_length=5000, widget=TEXTAREA)
    days = forms.IntegerField(label="征求意见期限(日)", min_value=1, max_value=365, initial=30)
    urgency_reason = forms.CharField(
        label="缩短期限的理由",
        max_length=300,
        required=False,
        help_text="期限少于30日的，应说明情况紧急等理由(条例第十五条)。",
    )


class CommentForm(OnForm):
    on = date_field("收到日期")
    way = forms.ChoiceField(label="提出方式", choices=CommentChannel.choices)
    name = forms.CharField(label="提出人", max_length=100)
    contact = forms.CharField(label="联系方式", max_length=100, required=False)
    text = forms.CharField(label="意见建议", max_length=3000, widget=TEXTAREA)


class PublicCommentForm(forms.Form):
    """The portal's form: the day is the day it is submitted, the way 政府网站."""

    name = forms.CharField(label="姓名或名称", max_length=100)
    contact = forms.CharField(
        label="联系电话或电子邮箱",
        max_length=100,
        required=False,
        help_text="仅用于联系您，不公开。",
    )
    text = forms.CharField(label="意见建议", max_length=3000, widget=TEXTAREA)


class CloseCommentForm(OnForm):
    on = date_field("征求意见结束日期")


class HandleOpinionForm(OnForm):
    on = date_field("处理日期")
    opinion = forms.ModelChoiceField(label="公众意见", queryset=PublicOpinion.objects.none())
    outcome = forms.ChoiceField(label="采纳情况", choices=OpinionOutcome.choices)
    reason = forms.CharField(label="理由", max_length=500, required=False)

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opinion"].queryset = decision.opinions.filter(outcome="")


class PublishHandlingForm(OnForm):
    on = date_field("公布日期")


class HearingForm(OnForm):
    on = date_field("听证日期")
    hearing_unit = forms.ModelChoiceField(label="听证组织单位", queryset=OrgUnit.objects.none())
    place = forms.CharField(label="听证地点", max_length=200)
    announced_on = date_field("听证参加人名单公布日期")
    materials_on = date_field("听证材料送达日期")
    participants = forms.CharField(label="听证参加人", max_length=2000, widget=TEXTAREA)
    record = forms.CharField(label="听证会记录摘要", max_length=2000, widget=TEXTAREA)

    def __init__(self, *args, government: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hearing_unit"].queryset = handling_units(government)


EXPERT_WAYS = [("论证会", "论证会"), ("书面咨询", "书面咨询"), ("委托咨询论证", "委托咨询论证")]


class ExpertsForm(OnForm):
    on = date_field("论证日期")
    way = forms.ChoiceField(label="论证方式(条例第二十条)", choices=EXPERT_WAYS)
    experts = forms.CharField(label="论证专家、专业机构", max_length=500)
    opinion = forms.CharField(label="论证意见及采纳情况", max_length=2000, widget=TEXTAREA)


class RiskForm(OnForm):
    on = date_field("评估日期")
    conclusion = forms.ChoiceField(label="评估结论", choices=RiskConclusion.choices)
    report = forms.CharField(label="风险评估报告摘要", max_length=2000, widget=TEXTAREA)


class RequestReviewForm(OnForm):
    on = date_field("送审日期")
    note = forms.CharField(label="送审说明", max_length=500, required=False)


class DecideForm(forms.Form):
    meeting = forms.ModelChoiceField(label="讨论会议", queryset=Meeting.objects.none())
    outcome = forms.ChoiceField(label="行政首长的决定", choices=[])
    dissent = forms.CharField(
        label="不同意见(如实载明)", max_length=2000, required=False, widget=TEXTAREA
    )

    def __init__(self, *args, government: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Outcome

        self.fields["outcome"].choices = Outcome.choices
        self.fields["meeting"].queryset = Meeting.objects.filter(government=government).order_by(
            "-held_on"
        )


class PublishForm(OnForm):
    on = date_field("公布日期")
    party_reported_on = date_field("向同级党委请示报告日期")
    document_number = forms.CharField(label="文号", max_length=60, required=False)
    text = forms.CharField(label="公布的决策", max_length=5000, widget=TEXTAREA)
    adoption_note = forms.CharField(
        label="公众意见、专家论证意见采纳情况说明", max_length=2000, required=False, widget=TEXTAREA
    )


EVALUATION_GROUNDS = [
    ("1", "实施后明显未达到预期效果"),
    ("2", "公民、法人或者其他组织提出较多意见"),
    ("3", "决策机关认为有必要"),
]


class EvaluateForm(OnForm):
    on = date_field("评估日期")
    ground = forms.ChoiceField(label="评估情形(条例第三十六条)", choices=EVALUATION_GROUNDS)
    evaluation_unit = forms.CharField(label="承担评估工作的单位", max_length=100)
    evaluation = forms.CharField(label="评估结论", max_length=2000, widget=TEXTAREA)


class RemoveForm(OnForm):
    on = date_field("调出日期")
    reason = forms.CharField(label="调出理由", max_length=300)


# --- 常务会议 ---


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="会议类型", choices=MeetingKind.choices)
    number = forms.CharField(label="届次", max_length=40)
    held_on = date_field("召开日期")
    chair = forms.CharField(label="主持人", max_length=50, required=False)
    agenda = forms.CharField(label="其他议题", max_length=3000, required=False, widget=TEXTAREA)
    study_topic = forms.CharField(label="会前学法主题", max_length=200, required=False)
    study_speaker = forms.CharField(label="会前学法主讲人", max_length=100, required=False)


class StudyForm(forms.Form):
    topic = forms.CharField(label="会前学法主题", max_length=200)
    speaker = forms.CharField(label="主讲人", max_length=100)


class MinutesForm(OnForm):
    on = date_field("纪要印发日期")
    number = forms.CharField(label="会议纪要编号", max_length=60)
