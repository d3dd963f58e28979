"""Form pieces every procedure's step forms share: ISO date inputs, the dated step, 送达."""

from django import forms
from django.utils import timezone

from .instruments.models import ServiceWay


class DateInput(forms.DateInput):
    """An HTML date input: it only accepts ISO values, whatever the locale's display format."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


def date_field(label: str, **kwargs) -> forms.DateField:
    """A date that defaults to today (kwargs as DateField's, e.g. required=False)."""
    return forms.DateField(label=label, widget=DateInput, initial=timezone.localdate, **kwargs)


class OnForm(forms.Form):
    """A step that happens on a day and takes nothing else."""

    on = date_field("日期")


class ServedForm(forms.Form):
    """The 送达 of a notice: the day the addressee received it and how. Where the law runs a
    period from receipt ("自收到…之日起"), the period starts from this day."""

    served_on = date_field("送达(收到)日期")
    way = forms.ChoiceField(label="送达方式", choices=ServiceWay.choices)
