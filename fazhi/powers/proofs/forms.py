"""Forms of the 证明事项 pages: listing a proof, registering a service handled on a pledge, and
one small form per step."""

from django import forms

from fazhi.core.forms import OnForm, date_field
from fazhi.core.models import OrgUnit

from .models import ApplicantKind, FalseMeasure, ProofItem, ProofStatus, VerifyWay


def _units(user):
    if not user.unit_id:
        return OrgUnit.objects.none()
    government = user.unit.government()
    return government.working_units()


class ProofForm(forms.Form):
    unit = forms.ModelChoiceField(label="索要单位", queryset=OrgUnit.objects.none())
    name = forms.CharField(label="证明名称", max_length=200)
    basis = forms.CharField(
        label="设定依据", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    issuer = forms.CharField(label="开具单位", max_length=200)
    matters = forms.CharField(
        label="用于办理的事项", max_length=2000, required=False, widget=forms.Textarea({"rows": 2})
    )
    listed_on = date_field("列入清单日期")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(user)


class AdoptForm(OnForm):
    on = date_field("实行日期")


class CancelForm(OnForm):
    on = date_field("取消日期")
    reason = forms.CharField(label="取消理由", max_length=200)


class PledgeForm(forms.Form):
    """A service the user's unit handled on the applicant's written pledge."""

    unit = forms.ModelChoiceField(label="受理单位", queryset=OrgUnit.objects.none())
    proof = forms.ModelChoiceField(label="证明事项", queryset=ProofItem.objects.none())
    received_on = date_field("承诺受理日期")
    matter = forms.CharField(label="办理事项", max_length=200)
    applicant_kind = forms.ChoiceField(label="申请人类型", choices=ApplicantKind.choices)
    applicant_name = forms.CharField(label="申请人", max_length=100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units(user)
        government = user.unit.government() if user.unit_id else None
        self.fields["proof"].queryset = ProofItem.objects.filter(
            government=government, status=ProofStatus.PLEDGE
        ).order_by("name")


class VerifyForm(OnForm):
    on = date_field("核查日期")
    way = forms.ChoiceField(label="核查方式", choices=VerifyWay.choices)
    note = forms.CharField(label="核查情况", max_length=500, required=False)


class FalseForm(OnForm):
    on = date_field("核查日期")
    way = forms.ChoiceField(label="核查方式", choices=VerifyWay.choices)
    measure = forms.ChoiceField(label="处理措施", choices=FalseMeasure.choices)
    note = forms.CharField(
        label="不实情况", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
