"""The demo prefecture: 红河州's counties each get a year of records of their own, made through the
services, and the 州's figures are the sums of its counties'. Built once for the module, on the
city demo's org tree alone (its records are the slow part and are not needed here), at a small
scale."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse

from fazhi.cockpit import services as cockpit
from fazhi.core.models import AuditEntry, OrgUnit, User
from fazhi.figures.registry import Period, all_figures, get
from fazhi.figures.services import compute_all

SCALE = 0.15
YEAR = 2021
# A figure about the scope's own government, not its subtree: 市政府为被告 counts the lawsuits
# naming the scope itself as defendant, so the 州's counts those against the 州政府 (none here),
# not its counties'.
OWN_GOVERNMENT_FIGURES = {"lit.gov_defendant"}


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    from fazhi.demo import build, prefecture

    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        build.build_org()
        done = prefecture.build(YEAR, SCALE, seed=7)
        state = {"done": done, "snapshot": _snapshot()}
        yield state
        transaction.set_rollback(True)


def _counted_figures():
    return [f for f in all_figures() if f.table is not None]


def _figures(unit: OrgUnit) -> dict:
    ids = [f.id for f in _counted_figures()]
    return {c.figure.id: c.result for c in compute_all(unit, Period.year(YEAR), ids)}


def _counties() -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(parent__code="532500").order_by("code"))


def _record_models():
    from fazhi.demo.prefecture import county_modules

    models = []
    for module in county_modules():
        app = module.__name__.rsplit(".", 1)[0]
        models += [
            f.table.model for f in _counted_figures() if f.table.model._meta.app_config.name == app
        ]
    return list(dict.fromkeys(models))


def _snapshot() -> dict:
    counts = {m._meta.label: m.objects.count() for m in _record_models()}
    counts["audit"] = AuditEntry.objects.count()
    return counts


def test_every_county_gets_records_in_proportion_to_its_weight(built, db):
    assert built["done"]["skipped"] == [] and len(built["done"]["built"]) == 13
    by_county = {c.code: _figures(c) for c in _counties()}
    assert len(by_county) == 13
    mediation = {code: f["med.people.cases"].value for code, f in by_county.items()}
    assert all(n > 0 for n in mediation.values())
    # 蒙自 (weight 58) has several times the cases of 河口 (11)
    assert mediation["532503"] > 3 * mediation["532532"]
    prefecture = _figures(OrgUnit.objects.get(code="532500"))
    for fid in ("rec.reviewed", "rec.closed", "lit.total", "med.admin.cases"):
        assert prefecture[fid].value > 0, fid
    assert prefecture["sup.disclosure.requests"].value > 0


def test_the_prefectures_figures_are_the_sums_of_its_counties(built, db):
    prefecture = _figures(OrgUnit.objects.get(code="532500"))
    counties = [_figures(c) for c in _counties()]
    wrong = {}
    for fig in _counted_figures():
        if fig.id in OWN_GOVERNMENT_FIGURES:
            continue
        whole = prefecture[fig.id]
        if fig.unit == "%":
            parts = (
                sum(c[fig.id].numerator for c in counties),
                sum(c[fig.id].denominator for c in counties),
            )
            if (whole.numerator, whole.denominator) != parts:
                wrong[fig.id] = ((whole.numerator, whole.denominator), parts)
        elif whole.value != sum(c[fig.id].value for c in counties):
            wrong[fig.id] = (whole.value, sum(c[fig.id].value for c in counties))
    assert wrong == {}
    assert len(_counted_figures()) - len(OWN_GOVERNMENT_FIGURES) >= 20
    # the exception: suits against each county's own government, none against the 州政府
    assert prefecture["lit.gov_defendant"].value == 0
    assert sum(c["lit.gov_defendant"].value for c in counties) > 0


def test_the_cockpit_of_the_prefecture_shows_each_county_from_its_own_records(built, db):
    prefecture = OrgUnit.objects.get(code="532500")
    for fid in ("med.people.cases", "rec.on_time_rate", "lit.total"):
        shown = dict(cockpit.by_unit(get(fid), prefecture, YEAR))
        assert {u.code for u in shown} == {c.code for c in _counties()}
        for county, value in shown.items():
            assert value == _figures(county)[fid].value, (fid, county.code)


def test_a_prefecture_leader_sees_the_counties_side_by_side(built, db, client):
    client.force_login(User.objects.get(username="zhou-leader"))
    page = client.get(reverse("cockpit:index") + f"?year={YEAR}&figure=med.people.cases")
    units = {u["name"]: u["value"] for u in page.context["charts"]["units"]}
    assert page.context["scope"].code == "532500"
    assert len(units) == 13 and units["蒙自"] > units["河口"] > 0


def test_every_record_was_made_through_the_services(built, db):
    """Each record, unit and user has its audit rows, as a service leaves them."""
    missing = {}
    for model in [*_record_models(), OrgUnit, User]:
        audited = set(
            AuditEntry.objects.filter(object_type=model._meta.label).values_list(
                "object_id", flat=True
            )
        )
        ids = {str(pk) for pk in model.objects.values_list("pk", flat=True)}
        if ids - audited:
            missing[model._meta.label] = len(ids - audited)
    assert missing == {}
    made = built["snapshot"]
    for label in (
        "reconsideration.ReconsiderationCase",
        "litigation.Lawsuit",
        "mediation.MediationCase",
        "disclosure.DisclosureRequest",
    ):
        assert made[label] > 0, label


def test_the_records_go_through_the_steps_of_their_procedure(built, db):
    """Not only registered: accepted and decided 复议, answered 公开 requests, 应诉 heard."""
    actions = set(AuditEntry.objects.values_list("action", flat=True).distinct())
    prefecture = _figures(OrgUnit.objects.get(code="532500"))
    assert prefecture["rec.accepted"].value > prefecture["rec.rejected"].value > 0
    assert prefecture["lit.head_appearances"].value > 0
    assert prefecture["sup.disclosure.on_time_rate"].denominator > 0
    assert len(actions) > 15


def test_running_again_adds_nothing(built, db):
    from fazhi.demo import prefecture

    again = prefecture.build(YEAR, SCALE, seed=7)
    assert again["built"] == [] and len(again["skipped"]) == 13
    assert _snapshot() == built["snapshot"]


def test_the_command_skips_counties_that_have_the_years_records(built, db, capsys):
    call_command("demo", "--prefecture", "--year", str(YEAR), "--scale", "0.1")
    out = capsys.readouterr().out
    assert "跳过：个旧市" in out and "zhou-leader" in out
    assert _snapshot() == built["snapshot"]
