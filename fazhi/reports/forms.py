from django import forms
from django.utils import timezone


class CreateReportForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000)


class PartForm(forms.Form):
    body_template = forms.CharField(
        label="正文模板",
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 100}),
        help_text='每行为一个自然段；指标写作 {% fig "指标编号" %}；可用变量 {{ year }}、'
        "{{ next_year }}、{{ unit_name }}、{{ area }}；“（一）…。”开头的句子印为二级标题；"
        "“【待填写：…】”标出尚待填写的内容。",
    )


class IssueForm(forms.Form):
    doc_number = forms.CharField(label="文号", max_length=60, help_text="如 弥政报〔2022〕5号")
    index_number = forms.CharField(label="索引号", max_length=60)
    issued_on = forms.DateField(
        label="成文日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    acknowledge_problems = forms.BooleanField(
        label="我已核对下列一致性问题，确认印发", required=False
    )
