"""The forms of a ledger's steps, shared by the pages, the API and the approvals."""

from django import forms

CONFIRM = "confirmed"


def form_class(step) -> type[forms.Form]:
    """The step's form; a destructive step's form also asks the person to confirm."""
    if not step.confirm:
        return step.form
    field = forms.BooleanField(label=f"确认：{step.confirm}", required=True)
    field.error_messages["required"] = f"请勾选确认后再{step.label}。"
    return type(f"Confirm{step.form.__name__}", (step.form,), {CONFIRM: field})


def step_form(step, obj, user, data=None) -> forms.Form:
    kwargs = step.form_args(obj, user) if step.form_args else {}
    return form_class(step)(data, prefix=step.key, **kwargs)


def service_data(form: forms.Form) -> dict:
    """What the service function takes: the cleaned fields, without the confirmation box, and
    without optional fields left empty (the service's own defaults apply)."""
    return {
        name: value
        for name, value in form.cleaned_data.items()
        if name != CONFIRM and not (value is None and not form.fields[name].required)
    }


def raw_data(form: forms.Form) -> dict:
    """The form's data as typed, prefix removed: what an approval request keeps, to be checked
    again through the same form when the approver decides."""
    data = {}
    for name in form.fields:
        key = form.add_prefix(name)
        if key in form.data:
            values = form.data.getlist(key) if hasattr(form.data, "getlist") else [form.data[key]]
            data[name] = values if len(values) > 1 else values[0]
    return data


def prefixed(step, data: dict) -> dict:
    return {f"{step.key}-{name}": value for name, value in data.items()}
