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


def test_a_choice_of_records_without_a_natural_key_is_named_by_its_id(org):
    """A step's form may choose a record that has no code (an account, a proposal): the API
    names it by its id as text; anything else is the form's invalid choice, never a 500."""
    from django import forms

    from fazhi.core.ledger.api import to_form_data
    from fazhi.core.models import AuditEntry

    entry = AuditEntry.objects.order_by("pk").first()

    class PickForm(forms.Form):
        entry = forms.ModelChoiceField(queryset=AuditEntry.objects.all())

    assert to_form_data(PickForm(), {"entry": str(entry.pk)}) == {"entry": entry.pk}
    for sent in ("abc", "9" * 30, "-1"):
        data = to_form_data(PickForm(), {"entry": sent})
        assert not PickForm(data).is_valid()
