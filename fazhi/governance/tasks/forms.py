"""Forms of the 任务分工 pages: drafting a table, adding a task, and one small form per step."""

from django import forms

from fazhi.core.forms import OnForm, date_field
from fazhi.core.models import OrgUnit

from .models import Pace, TableStatus, TaskTable


def handling_units(government: OrgUnit):
    """The government's departments and towns (a government itself does not lead a task)."""
    return government.working_units()


class TableForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    drafted_on = date_field("起草日期")


class IssueTableForm(OnForm):
    on = date_field("印发日期")
    number = forms.CharField(label="文号", max_length=60, help_text="如：弥法治办〔2021〕1号")


class _TaskFields(forms.Form):
    text = forms.CharField(
        label="任务内容", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    unit = forms.ModelChoiceField(label="牵头单位", queryset=OrgUnit.objects.none())
    co_units = forms.ModelMultipleChoiceField(
        label="配合单位", queryset=OrgUnit.objects.none(), required=False
    )
    due_on = forms.DateField(label="完成时限", widget=date_field("").widget)
    milestone_q1 = forms.CharField(label="第一季度目标", max_length=200, required=False)
    milestone_q2 = forms.CharField(label="第二季度目标", max_length=200, required=False)
    milestone_q3 = forms.CharField(label="第三季度目标", max_length=200, required=False)
    milestone_q4 = forms.CharField(label="第四季度目标", max_length=200, required=False)

    def _units(self, government: OrgUnit | None) -> None:
        units = handling_units(government) if government else OrgUnit.objects.none()
        self.fields["unit"].queryset = self.fields["co_units"].queryset = units


class TaskForm(_TaskFields):
    """A task added to a table of the user's government: before 印发 freely, after it only as a
    recorded 调整 (增补任务) with its date and reason."""

    table = forms.ModelChoiceField(label="任务分工表", queryset=TaskTable.objects.none())
    on = date_field("增补日期", required=False, help_text="向已印发的分工表增补任务时填写。")
    reason = forms.CharField(
        label="增补理由",
        max_length=200,
        required=False,
        help_text="向已印发的分工表增补任务时填写。",
    )

    field_order = ["table", "text", "unit", "co_units", "due_on"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        government = user.unit.government() if user.unit_id else None
        self._units(government)
        if government is not None:
            self.fields["table"].queryset = TaskTable.objects.filter(
                government=government,
                status__in=[TableStatus.DRAFT, TableStatus.ISSUED],
            ).order_by("-year", "-pk")


class AmendForm(OnForm):
    """调整: the fields left empty keep their values; after 印发 the reason is required."""

    on = date_field("调整日期")
    text = forms.CharField(
        label="任务内容", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    unit = forms.ModelChoiceField(label="牵头单位", queryset=OrgUnit.objects.none(), required=False)
    co_units = forms.ModelMultipleChoiceField(
        label="配合单位(重新选定；不选则不变)", queryset=OrgUnit.objects.none(), required=False
    )
    due_on = forms.DateField(label="完成时限", required=False, widget=date_field("").widget)
    reason = forms.CharField(label="调整理由", max_length=200, required=False)

    def __init__(self, *args, government: OrgUnit, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = handling_units(government)
        self.fields["unit"].queryset = self.fields["co_units"].queryset = units


class ReturnForm(OnForm):
    on = date_field("报送日期")
    progress = forms.CharField(
        label="本季度进展情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    pace = forms.ChoiceField(label="推进情况", choices=Pace.choices)


class ContributeForm(OnForm):
    on = date_field("报送日期")
    text = forms.CharField(
        label="配合工作情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportDoneForm(OnForm):
    on = date_field("完成日期")
    report = forms.CharField(
        label="完成情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AcceptForm(OnForm):
    on = date_field("确认日期")


class SendBackForm(OnForm):
    on = date_field("退回日期")
    reason = forms.CharField(label="退回理由", max_length=200)


class EscalateForm(OnForm):
    on = date_field("督办日期")
    respond_by = forms.DateField(label="整改期限", widget=date_field("").widget)
    requirement = forms.CharField(label="督办要求", max_length=500)


class RespondForm(OnForm):
    on = date_field("报送日期")
    response = forms.CharField(
        label="整改情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class CancelForm(OnForm):
    on = date_field("撤销日期")
    reason = forms.CharField(label="撤销理由", max_length=200)
