import datetime as dt

import pytest


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


def test_unauthenticated_answer_is_chinese(db, client):
    response = client.get("/api/reconsideration/records")
    assert response.json() == {"detail": "请先登录。"}


def test_due_date_honours_pauses(people, client):
    """The endpoint used to ignore ?pause= and answer a wrong deadline with 200."""
    from io import StringIO

    from django.core.management import call_command

    client.force_login(people["coordinator"])
    params = {"start": "2021-09-28", "limit": "20 工作日", "pause": "2021-10-08..2021-10-15"}
    paused = client.get("/api/core/due-date", params)
    out = StringIO()
    call_command(
        "due-date", "2021-09-28", "20 工作日", "--pause", "2021-10-08..2021-10-15", stdout=out
    )
    assert paused.status_code == 200 and paused.json()["due"] == out.getvalue().strip()
    assert paused.json()["due"] > "2021-11-01"
    bad = client.get("/api/core/due-date", params | {"pause": "2021-10-08"})
    assert bad.status_code == 422 and "无法识别" in bad.json()["detail"]


def test_absurd_parameters_are_refused_in_chinese_not_500(people, client):
    client.force_login(people["coordinator"])
    for params in ({"limit": -1}, {"limit": 10**20}, {"after": "x" * 500}, {"status": "nope"}):
        response = client.get("/api/reconsideration/records", params)
        assert response.status_code == 422, params
        assert isinstance(response.json()["detail"], str)
    assert client.get("/api/reconsideration/records", {"after": "abc"}).status_code == 400
    assert client.get("/api/reconsideration/records/99999999999999999999").status_code == 422


def test_step_bodies_are_typed_and_lengths_enforced(org, people, client):
    from fazhi.disputes.reconsideration.tests.factories import received

    case = received(org, people["reviewer"])
    client.force_login(people["reviewer"])
    url = f"/api/reconsideration/records/{case.pk}/reject"
    for body in (
        {"on": 20210929, "reason": "x", "confirmed": True},
        {"on": "2021-09-29", "reason": ["x"], "confirmed": True},
        {"on": "2021-09-29", "reason": "x" * 100_000, "confirmed": True},
        {"on": "2021-09-29", "reason": {"a": 1}, "confirmed": "maybe"},
    ):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 422, body
        assert isinstance(response.json()["detail"], str)
    case.refresh_from_db()
    assert case.status == "received"


def test_a_multipart_post_without_boundary_is_a_400(people, client):
    client.force_login(people["reviewer"])
    response = client.generic(
        "POST", "/api/reconsideration/records", b"--x--", content_type="multipart/form-data"
    )
    assert response.status_code == 400 and "无法解析" in response.json()["detail"]


def test_openapi_documents_refusals_and_unique_schemas(people, client):
    client.force_login(people["coordinator"])
    spec = client.get("/api/openapi.json").json()
    create = spec["paths"]["/api/reconsideration/records"]["post"]
    assert {"201", "400", "401", "403", "404", "422"} <= set(create["responses"])
    body = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body.endswith("/ReconsiderationCreateIn")
    reject = spec["components"]["schemas"]["ReconsiderationRejectIn"]
    assert reject["properties"]["reason"]["type"] == "string"
    refused = spec["components"]["schemas"]["Refused"]
    assert refused["properties"]["detail"]["type"] == "string"


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
    for sent in ("abc", "9" * 30, "-1", "¹", "٣"):  # digits to str.isdigit(), not to int()
        data = to_form_data(PickForm(), {"entry": sent})
        assert not PickForm(data).is_valid()


def test_a_nul_character_in_any_value_is_a_422_not_a_500(org, people, client):
    """PostgreSQL refuses NUL even in a lookup: the schema fuzzing found a 500 where a value
    reached the database before the form could refuse it (a unit's code, a chosen record)."""
    from django import forms
    from ninja.errors import HttpError

    from fazhi.core.ledger.api import to_form_data
    from fazhi.core.models import OrgUnit
    from fazhi.disputes.reconsideration.tests.factories import received

    class ByCode(forms.Form):
        unit = forms.ModelChoiceField(queryset=OrgUnit.objects.all(), to_field_name="code")

    with pytest.raises(HttpError) as refused:
        to_form_data(ByCode(), {"unit": "532504\x00"})
    assert refused.value.status_code == 422 and "空字符" in str(refused.value)

    case = received(org, people["reviewer"])
    client.force_login(people["reviewer"])
    response = client.post(
        f"/api/reconsideration/records/{case.pk}/reject",
        {"on": "2021-09-29", "reason": "x\x00", "confirmed": True},
        content_type="application/json",
    )
    assert response.status_code == 422 and "空字符" in response.json()["detail"]
    case.refresh_from_db()
    assert case.status == "received"


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
