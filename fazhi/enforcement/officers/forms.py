"""Forms of the 执法队伍 pages: registering a team, an officer, a certificate, an exam batch and a
training, and one small form per step."""

from django import forms

from fazhi.core.forms import DateInput, OnForm, date_field
from fazhi.core.models import OrgUnit

from . import rules
from .models import EnforcementField, ExamKind, Officer, OfficerStatus, Team, TeamStatus


def acting_units(user):
    """The units the user acts for: their own, or every unit of their government for an overseer."""
    scope = user.scope_unit() if user.is_authenticated else None
    return scope.subtree().order_by("path") if scope else OrgUnit.objects.none()


class TeamForm(forms.Form):
    unit = forms.ModelChoiceField(label="设立部门", queryset=OrgUnit.objects.none())
    name = forms.CharField(label="队伍名称", max_length=100)
    established_on = date_field("成立日期")
    fields_covered = forms.MultipleChoiceField(
        label="执法领域", choices=EnforcementField.choices, widget=forms.CheckboxSelectMultiple
    )
    staff_count = forms.IntegerField(
        label="编制(人)", min_value=0, max_value=rules.MAX_STAFF_COUNT, initial=0
    )
    approval_number = forms.CharField(label="批准文号", max_length=60, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = acting_units(user)


class RevokeTeamForm(OnForm):
    on = date_field("撤销日期")
    reason = forms.CharField(label="撤销原因", max_length=200)


class OfficerForm(forms.Form):
    unit = forms.ModelChoiceField(label="执法部门", queryset=OrgUnit.objects.none())
    team = forms.ModelChoiceField(
        label="所属执法队伍", queryset=Team.objects.none(), required=False
    )
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="身份证号", max_length=18)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    post = forms.CharField(label="职务(岗位)", max_length=60, required=False)
    registered_on = date_field("登记日期")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = acting_units(user)
        self.fields["unit"].queryset = units
        self.fields["team"].queryset = Team.objects.filter(
            unit__in=units, status=TeamStatus.ACTIVE
        ).order_by("name")


class LeaveForm(OnForm):
    on = date_field("离岗日期")
    reason = forms.CharField(label="离岗说明", max_length=200, required=False)


class CertificateForm(forms.Form):
    officer = forms.ModelChoiceField(label="持证人", queryset=Officer.objects.none())
    number = forms.CharField(label="证号", max_length=40)
    field = forms.ChoiceField(label="执法领域", choices=EnforcementField.choices)
    issuer = forms.CharField(label="发证机关", max_length=100)
    issued_on = date_field("发证日期")
    valid_until = forms.DateField(label="有效期至", widget=DateInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = (
            Officer.objects.filter(unit__in=acting_units(user), status=OfficerStatus.IN_POST)
            .select_related("unit")
            .order_by("unit__path", "name")
        )


class RenewCertificateForm(forms.Form):
    """换证: a new card (number, dates) for the same officer and field."""

    number = forms.CharField(label="新证号", max_length=40)
    issued_on = date_field("发证日期")
    valid_until = forms.DateField(label="有效期至", widget=DateInput)


class SuspendForm(OnForm):
    on = date_field("暂扣日期")
    reason = forms.CharField(label="暂扣原因", max_length=200)


class RestoreForm(OnForm):
    on = date_field("发还日期")


class CancelForm(OnForm):
    on = date_field("注销日期")
    reason = forms.CharField(label="注销原因", max_length=200)


class ExamForm(forms.Form):
    unit = forms.ModelChoiceField(label="组织单位", queryset=OrgUnit.objects.none())
    held_on = date_field("考试日期")
    venue = forms.CharField(label="考点", max_length=100)
    kind = forms.ChoiceField(label="考试类别", choices=ExamKind.choices)
    results = forms.CharField(
        label="考试成绩",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="每行一人：姓名,身份证号,成绩(缺考的成绩留空)；人数较多的，用导入功能。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = acting_units(user)


class TrainingForm(forms.Form):
    unit = forms.ModelChoiceField(label="组织单位", queryset=OrgUnit.objects.none())
    held_on = date_field("培训日期")
    topic = forms.CharField(label="培训内容", max_length=200)
    organiser = forms.CharField(label="主办或授课", max_length=100, required=False)
    hours = forms.DecimalField(label="学时", max_digits=5, decimal_places=1, min_value=0)
    headcount = forms.IntegerField(
        label="参训人数",
        min_value=0,
        max_value=rules.MAX_HEADCOUNT,
        required=False,
        help_text="未逐人签到登记的，填写参训人数；逐人登记的，可在导入功能中上传签到名单。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = acting_units(user)


class VoidForm(OnForm):
    on = date_field("作废日期")
    reason = forms.CharField(label="作废原因", max_length=200)
