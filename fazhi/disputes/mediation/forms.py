"""Forms of the 调解 pages: the intake, and one small form per step."""

from django import forms

from fazhi.core.forms import DateInput, OnForm, date_field

from .models import AgreementForm, ConfirmationResult, DisputeType, MediationBody, Mediator, Origin


class ReceiveForm(forms.Form):
    body = forms.ModelChoiceField(
        label="调解组织", queryset=MediationBody.objects.none(), to_field_name="code"
    )
    dispute_type = forms.ChoiceField(label="纠纷类型", choices=DisputeType.choices)
    parties = forms.CharField(label="当事人(姓名，以顿号分隔)", max_length=200)
    party_phone = forms.CharField(label="联系电话", max_length=20, required=False)
    origin = forms.ChoiceField(label="调解来源", choices=Origin.choices)
    received_on = date_field("受理日期")
    summary = forms.CharField(label="纠纷简要情况", max_length=300, required=False)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class StartForm(OnForm):
    mediator = forms.ModelChoiceField(label="调解员", queryset=Mediator.objects.none())

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = Mediator.objects.filter(body=case.body, active=True)


class SucceedForm(OnForm):
    form = forms.ChoiceField(label="协议形式", choices=AgreementForm.choices)
    summary = forms.CharField(label="协议内容摘要", max_length=300)
    effective_on = forms.DateField(
        label="协议生效日期(书面协议各方签章晚于达成之日时填写)", widget=DateInput, required=False
    )


class NoteForm(OnForm):
    note = forms.CharField(label="说明", max_length=300, required=False)


class ConfirmationForm(OnForm):
    court = forms.CharField(label="受理的人民法院", max_length=100, initial="弥勒市人民法院")


class ConfirmationResultForm(OnForm):
    result = forms.ChoiceField(
        label="裁定结果",
        choices=[(c.value, c.label) for c in ConfirmationResult if c != ConfirmationResult.PENDING],
    )
