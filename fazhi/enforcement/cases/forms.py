"""Forms of the 行政执法案件 pages: 立案, and one small form per step."""

from django import forms
from django.utils import timezone

from fazhi.core.forms import OnForm, date_field
from fazhi.core.instruments.models import Attachment
from fazhi.core.instruments.services import attachments_of
from fazhi.core.models import OrgUnit
from fazhi.core.permissions import unit_scope_q
from fazhi.enforcement.officers import queries as officers_queries
from fazhi.enforcement.officers.queries import EnforcementField

from .models import (
    CaseKind,
    Criterion,
    FilingOpinion,
    Medium,
    Outcome,
    PartyKind,
    RecordStep,
    ReviewOpinion,
    RevocationKind,
)

__all__ = ["OnForm"]


class OfficerChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, officer) -> str:
        return f"{officer.name}({officer.unit.short_name or officer.unit.name})"


class CaseForm(forms.Form):
    unit = forms.ModelChoiceField(label="执法部门", queryset=OrgUnit.objects.none())
    kind = forms.ChoiceField(label="执法类别", choices=CaseKind.choices)
    field = forms.ChoiceField(label="执法领域", choices=EnforcementField.choices)
    number = forms.CharField(label="案号", max_length=60, required=False)
    title = forms.CharField(label="案由(事项)", max_length=200)
    party_kind = forms.ChoiceField(label="当事人类型", choices=PartyKind.choices)
    party_name = forms.CharField(label="当事人", max_length=200)
    party_id_number = forms.CharField(
        label="身份证号码或统一社会信用代码", max_length=18, required=False
    )
    party_phone = forms.CharField(label="联系电话", max_length=20, required=False)
    opened_on = date_field("立案日期")
    officers = OfficerChoice(
        label="执法人员(不少于两人，须持有本领域有效执法证件)",
        queryset=officers_queries.officers_named((), ()),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.filter(unit_scope_q(user, "pk")).order_by("path")
        self.fields["unit"].queryset = units
        self.fields["unit"].initial = user.unit_id
        self.fields["officers"].queryset = officers_queries.officers_in_scope(user)


class AssignForm(forms.Form):
    officers = OfficerChoice(label="执法人员", queryset=officers_queries.officers_named((), ()))
    on = date_field("参与办案日期")

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            on_it = case.assignments.values("officer_id")
            self.fields["officers"].queryset = officers_queries.officers_of(case.unit_id).exclude(
                pk__in=on_it
            )


class MajorForm(forms.Form):
    criterion = forms.ModelChoiceField(
        label="适用的法制审核目录清单事项", queryset=Criterion.objects.none()
    )
    on = date_field("认定日期")

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["criterion"].queryset = Criterion.objects.filter(
                unit_id=case.unit_id, published_on__isnull=False, removed_on__isnull=True
            )


class ReviewForm(forms.Form):
    opinion = forms.ChoiceField(label="审核意见", choices=ReviewOpinion.choices)
    on = date_field("审核日期")
    text = forms.CharField(
        label="审核意见内容(存在问题的须写明)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExtendForm(forms.Form):
    on = date_field("延长日期")
    reason = forms.CharField(label="延长理由", max_length=300)


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(label="决定结果", choices=Outcome.choices)
    on = date_field("决定日期")
    conclusion = forms.CharField(
        label="决定内容(结论，将公示)", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ServeForm(forms.Form):
    served_on = date_field("送达日期")


class FilingReviewForm(forms.Form):
    opinion = forms.ChoiceField(label="审查意见", choices=FilingOpinion.choices)
    on = date_field("审查日期")
    text = forms.CharField(label="审查意见内容(提出意见的须写明)", max_length=1000, required=False)


class RevokeForm(forms.Form):
    revocation = forms.ChoiceField(label="情形", choices=RevocationKind.choices)
    on = date_field("日期")
    reason = forms.CharField(label="说明(将随撤回公开)", max_length=300)


class WithdrawForm(forms.Form):
    on = date_field("撤下日期")


class MeasureForm(forms.Form):
    on = date_field("实施日期")
    note = forms.CharField(label="说明", max_length=200, required=False)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class AttachmentChoice(forms.ModelChoiceField):
    def label_from_instance(self, attachment) -> str:
        return f"{attachment.name}({attachment.uploaded_at:%Y-%m-%d %H:%M})"


class ProcessRecordForm(forms.Form):
    step = forms.ChoiceField(label="执法环节", choices=RecordStep.choices)
    medium = forms.ChoiceField(label="记录形式", choices=Medium.choices)
    recorder = forms.CharField(label="记录人", max_length=50)
    recorded_at = forms.DateTimeField(
        label="记录时间",
        initial=timezone.now,
        widget=DateTimeInput(format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )
    attachment = AttachmentChoice(
        label="文件(先在本页“附件”中上传)", queryset=Attachment.objects.none()
    )
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["attachment"].queryset = attachments_of(case)
