"""Forms of the 规范性文件 pages: registering a draft, a 清理 or a 备案审查, and one small form per
step. Field names are the service functions' keyword arguments."""

from django import forms

from fazhi.core.forms import OnForm, date_field
from fazhi.core.models import OrgUnit

from .models import Decision, DocStatus, NormativeDocument


def _text(label, required=True, rows=6, max_length=100000):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class RegisterForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    organ = forms.ModelChoiceField(label="制定机关", queryset=OrgUnit.objects.none())
    provisional = forms.BooleanField(label="暂行或试行", required=False)
    drafted_on = date_field("登记日期")
    text = _text("草案正文", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unit = user.unit
        # The drafting unit issues it itself, or drafts it for its government (以政府名义制发).
        ids = [unit.pk, unit.government().pk] if unit else []
        self.fields["organ"].queryset = OrgUnit.objects.filter(pk__in=ids).order_by("path")


class RequestReviewForm(OnForm):
    note = forms.CharField(label="提请说明", max_length=500, required=False)


class DeliberateForm(OnForm):
    meeting = forms.CharField(
        label="审议会议", max_length=100, help_text="如：市人民政府第12次常务会议"
    )


class PublishForm(OnForm):
    doc_number = forms.CharField(label="文号", max_length=60, help_text="如：弥政发〔2021〕5号")
    effective_from = date_field("施行日期", required=False)
    text = _text("公布文本", required=False)


class FileForm(OnForm):
    filing_organ = forms.CharField(
        label="备案机关",
        max_length=200,
        required=False,
        help_text="不填则为制定机关的上一级人民政府(政府文件同时报本级人大常委会)。",
    )


class AmendForm(OnForm):
    doc_number = forms.CharField(label="修改决定文号", max_length=60, required=False)
    effective_from = date_field("修改后施行日期", required=False)
    text = _text("修改后文本", required=False)
    reason = forms.CharField(label="修改理由", max_length=300)


class AbolishForm(OnForm):
    reason = forms.CharField(label="废止理由", max_length=300)


# --- 清理 -----------------------------------------------------------------------------------------


class CampaignForm(forms.Form):
    title = forms.CharField(label="清理名称", max_length=200)
    units = forms.ModelMultipleChoiceField(
        label="清理范围(制定机关)",
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text="不选则为本级政府及其部门、乡镇制定的全部文件。",
    )
    cutoff_on = date_field("清理基准日")
    opened_on = date_field("开始日期")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.unit_id:
            self.fields["units"].queryset = user.unit.government().subtree()


class DecideForm(OnForm):
    document = forms.ModelChoiceField(label="规范性文件", queryset=NormativeDocument.objects.none())
    decision = forms.ChoiceField(label="清理结果", choices=Decision.choices)
    reason = forms.CharField(label="理由", max_length=300)

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        if campaign is not None:
            from .queries import undecided

            self.fields["document"].queryset = undecided(campaign)


class CloseCampaignForm(OnForm):
    pass


# --- 备案审查 -------------------------------------------------------------------------------------


class FilingForm(forms.Form):
    document = forms.ModelChoiceField(
        label="报送备案的规范性文件", queryset=NormativeDocument.objects.none()
    )
    received_on = date_field("收到备案日期")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.unit_id:
            government = user.unit.government()
            self.fields["document"].queryset = NormativeDocument.objects.filter(
                organ__path__startswith=government.path,
                status__in=DocStatus.in_force(),
            ).order_by("-published_on")


class ConcludeForm(OnForm):
    outcome = forms.ChoiceField(
        label="审查结论",
        choices=[
            ("registered", "予以备案登记"),
            ("correcting", "存在问题，建议制定机关纠正"),
            ("refused", "不予备案登记"),
        ],
    )
    opinion = forms.CharField(
        label="审查意见", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class CorrectionReportForm(OnForm):
    report = forms.CharField(
        label="处理情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


# --- 附带审查 -------------------------------------------------------------------------------------


class IncidentalForm(forms.Form):
    case = forms.ModelChoiceField(label="行政复议案件", queryset=OrgUnit.objects.none())
    document = forms.ModelChoiceField(
        label="规范性文件(本平台登记的)",
        queryset=NormativeDocument.objects.none(),
        required=False,
    )
    document_title = forms.CharField(
        label="申请审查的规范性文件",
        max_length=200,
        required=False,
        help_text="未在本平台登记的文件，填写其名称和文号。",
    )
    clauses = forms.CharField(label="申请审查的条款", max_length=200, required=False)
    requested_on = date_field("中止审理日期")
    competent = forms.BooleanField(
        label="复议机关有权处理",
        required=False,
        initial=True,
        help_text="无权处理的，应在七个工作日内转送有权处理的机关(行政复议法第五十六条)。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from fazhi.core import procedures

        cases = procedures.get("reconsideration").visible(user)
        self.fields["case"].queryset = cases.filter(status="accepted")  # 审理中: it is 中止
        if user.unit_id:
            government = user.unit.government()
            self.fields["document"].queryset = NormativeDocument.objects.filter(
                organ__path__startswith=government.path, status__in=DocStatus.in_force()
            )


class IncidentalHandleForm(OnForm):
    result = forms.ChoiceField(
        label="处理结果",
        choices=[
            ("lawful", "相关条款合法"),
            ("unlawful", "相关条款超越权限或者违反上位法，决定停止执行并责令制定机关纠正"),
        ],
    )
    result_text = forms.CharField(
        label="处理意见", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ForwardForm(OnForm):
    forwarded_to = forms.CharField(label="转送机关", max_length=200)
