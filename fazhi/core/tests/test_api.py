import datetime as dt


def test_openapi_lists_every_procedure_and_the_clock(org, people, client):
    client.force_login(people["coordinator"])
    spec = client.get("/api/openapi.json").json()
    prefixes = {path.split("/")[2] for path in spec["paths"]}
    assert prefixes >= {
        "core",
        "reconsideration",
        "litigation",
        "mediation",
        "proposals",
        "disclosure",
        "letters",
        "media",
    }


def test_due_date_endpoint_agrees_with_the_command_and_refuses_unknown_years(people, client):
    client.force_login(people["coordinator"])
    ok = client.get("/api/core/due-date", {"start": "2021-09-28", "limit": "20 工作日"})
    assert ok.json()["due"] == "2021-11-01"
    refused = client.get(
        "/api/core/due-date", {"start": dt.date(2026, 12, 20).isoformat(), "limit": "20 工作日"}
    )
    assert refused.status_code == 422 and "2027年" in refused.json()["detail"]


def test_api_requires_login(db, client):
    assert client.get("/api/reconsideration/records").status_code == 401


def test_api_choices_are_named_by_text_or_by_the_fields_own_key(org, people):
    """A choice of a model with no natural key is named by its 编号 as text (the schema says str);
    a field with `to_field_name` takes that value as it is."""
    from django import forms
    from django.utils import timezone

    from fazhi.core.ledger.api import input_schema, to_form_data
    from fazhi.core.models import JobRun, OrgUnit

    run = JobRun.objects.create(name="tick", started_at=timezone.now())

    class Choose(forms.Form):
        run = forms.ModelChoiceField(queryset=JobRun.objects.all())
        unit = forms.ModelChoiceField(queryset=OrgUnit.objects.all(), to_field_name="code")

    data = to_form_data(Choose(), {"run": str(run.pk), "unit": "532504-gaj"})
    form = Choose(data)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["run"], form.cleaned_data["unit"]) == (run, org["police"])
    assert not Choose(to_form_data(Choose(), {"run": "abc", "unit": "x"})).is_valid()
    fields = input_schema("ChooseIn", Choose).model_json_schema()["properties"]
    assert fields["unit"]["description"] == "单位代码"
