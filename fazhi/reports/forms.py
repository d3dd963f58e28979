from django import forms
from django.utils import timezone

from fazhi.core.models import OrgUnit

from . import prose
from .models import ReportKind


class CreateReportForm(forms.Form):
    kind = forms.ChoiceField(
        label="报告类别",
        choices=ReportKind.choices,
        initial=ReportKind.RULE_OF_LAW,
        required=False,  # the 法治政府建设 report unless chosen otherwise
    )
    year = forms.IntegerField(label="年度", min_value=2000)
    unit = forms.ModelChoiceField(
        label="报告单位",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="本级人民政府",
        help_text="政府信息公开工作年度报告可由本级政府或其部门、乡镇（街道）编制"
        "（《政府信息公开条例》第四十九条）；不选即为本级人民政府。",
    )

    def __init__(self, *args, scope=None, unit_kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        if scope is not None:
            self.fields["unit"].queryset = OrgUnit.objects.filter(
                path__startswith=scope.path, kind__in=unit_kinds
            ).order_by("path")

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or ReportKind.RULE_OF_LAW


class ReturnsForm(forms.Form):
    """填报: one field per table 二 cell the platform does not count (fazhi.reports.ogi)."""

    def __init__(self, *args, cells=(), **kwargs):
        super().__init__(*args, **kwargs)
        for cell in cells:
            self.fields[cell.key] = forms.CharField(
                label=cell.label,
                required=False,
                max_length=20,
                help_text="万元，最多两位小数" if cell.amount else "件；没有的填0",
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )


class PartForm(forms.Form):
    body_template = forms.CharField(
        label="正文模板",
        required=False,
        max_length=prose.MAX_TEMPLATE_CHARS,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 100}),
        help_text='每行为一个自然段；指标写作 {% fig "指标编号" %}（可用下方“插入指标”查找），'
        "其后紧跟单位时（如“件”）只印一次单位；与上年比较写作 "
        '{% yoy "指标编号" %}（印为“较去年增加87件”“较去年的59.16%提高12.98个百分点”）'
        '或 {% yoy "指标编号" "同比" %}'
        "（印为“同比增长7.78%”）；可用变量 {{ year }}、{{ next_year }}、"
        "{{ unit_name }}、{{ area }}；“（一）…。”开头的句子印为二级标题；"
        "“【待填写：…】”标出尚待填写的内容，“【待补数据：…】”标出平台尚未统计的数据，"
        "二者都列入一致性检查，不会印在签发的报告中。",
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="审核意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text="退回修改时必填。",
    )


class SignForm(forms.Form):
    """签发. The signatory is the logged-in leader: the form names no user."""

    doc_number = forms.CharField(label="文号", max_length=60, help_text="如 弥政报〔2022〕5号")
    index_number = forms.CharField(label="索引号", max_length=60)
    issued_on = forms.DateField(
        label="成文日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
        help_text="一般为签发之日（GB/T 9704—2012 第7.3.5.1条）。",
    )
    problems_reason = forms.CharField(
        label="带问题签发的理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text="一致性检查仍有问题时必填：写明这些问题为何不影响签发。理由记入审计记录。",
    )
