"""The procedures' declarations: what each registers, and the checks that stop start-up when a
piece is missing or misnamed."""

import dataclasses
import os
import subprocess
import sys

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from fazhi.core import imports, jobs, workbench
from fazhi.core.checks import check_procedure
from fazhi.core.procedures import (
    Column,
    Creation,
    Ledger,
    ProcedureConfig,
    all_procedures,
    get,
    resolve,
)
from fazhi.core.steps import Steps
from fazhi.figures.registry import all_figures


def registrations(procedure) -> dict:
    return {
        "steps": [step.key for step in procedure.steps],
        "importers": [resolve(importer).kind for importer in procedure.importers],
        "jobs": [name for name, _ in procedure.jobs],
        "workbench": bool(procedure.workbench),
        "figures": [f.id for f in all_figures() if f.compute.__module__ == procedure.metrics],
    }


def test_every_procedure_registers_its_pieces_in_the_kernel(capsys):
    importer_kinds = {importer.kind for importer in imports.all_importers()}
    job_names = {step.name for step in jobs.steps()}
    sources = {source.key for source in workbench.sources()}
    for procedure in all_procedures():
        found = registrations(procedure)
        print(procedure.key, found)  # the list of what every procedure registers (pytest -s)
        assert found["steps"], procedure.key
        assert set(found["importers"]) <= importer_kinds
        assert set(found["jobs"]) <= job_names
        assert not found["workbench"] or procedure.key in sources
        assert not procedure.metrics or found["figures"], procedure.key


def test_declarations_pass_their_checks():
    assert [str(e) for p in all_procedures() for e in check_procedure(p)] == []


def test_a_misnamed_piece_is_reported_with_the_procedure_and_the_piece():
    good = get("reconsideration")
    steps = list(good.steps)
    broken_steps = Steps(
        good.model,
        good.steps.services_module,
        [dataclasses.replace(steps[0], service="no_such_function"), *steps[1:]],
        creator=good.steps.creator,
    )
    broken = dataclasses.replace(
        good,
        steps=broken_steps,
        facts_template="reconsideration/missing.html",
        metrics="fazhi.disputes.reconsideration.models",
        demo="fazhi.disputes.reconsideration.demos",
        ledger=Ledger(columns=[Column("案号", "no_such_field", sort="nope")], date_field="nope"),
    )
    messages = {e.id: e.msg for e in check_procedure(broken)}
    assert "no_such_function" in messages["fazhi.E011"]
    assert "missing.html" in messages["fazhi.E004"]
    assert "未登记任何指标" in messages["fazhi.E030"]
    assert "reconsideration.demos 不存在" in messages["fazhi.E033"]
    assert {"fazhi.E020", "fazhi.E021", "fazhi.E022"} <= set(messages)
    assert all(m.startswith("办理事项“行政复议”") for m in messages.values())


def test_an_app_without_its_declaration_stops_start_up():
    config = ProcedureConfig("fazhi.portal", apps.get_app_config("portal").module)
    with pytest.raises(ImproperlyConfigured, match=r"procedure\.py"):
        config.ready()


def test_a_misnamed_path_of_a_piece_imported_when_used_is_reported():
    good = get("reconsideration")
    steps = list(good.steps.declared)
    broken = dataclasses.replace(
        good,
        steps=Steps(
            good.model,
            good.steps.services_module,
            [dataclasses.replace(steps[0], form="NoSuchForm"), *steps[1:]],
            creator=good.steps.creator,
            forms=good.steps.forms_module,
        ),
        creation=Creation(
            "登记",
            form="fazhi.disputes.reconsideration.forms.NoSuchForm",
            create="fazhi.disputes.reconsideration.services.no_such_function",
        ),
        importers=["fazhi.disputes.reconsideration.imports.NoSuchImporter"],
        jobs=[("提醒", "fazhi.disputes.reconsideration.jobs.no_such_job")],
        extra_urls="fazhi.disputes.reconsideration.no_such_urls",
    )
    messages = {e.id: e.msg for e in check_procedure(broken)}
    assert "NoSuchForm" in messages["fazhi.E015"]
    assert "forms.NoSuchForm" in messages["fazhi.E034"]
    assert "no_such_function" in messages["fazhi.E035"]
    assert "NoSuchImporter" in messages["fazhi.E031"]
    assert "no_such_job" in messages["fazhi.E032"]
    assert "no_such_urls" in messages["fazhi.E036"]


def test_start_up_imports_no_form_service_importer_job_page_or_admin_of_a_procedure():
    """`django.setup()` (every command's start-up) imports the procedures' declarations with their
    models, steps and figures, and none of what only some commands use."""
    code = (
        "import django, sys; django.setup(); "
        "print('\\n'.join(m for m in sys.modules if m.startswith('fazhi.')))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "fazhi.settings"}
    env.setdefault("FAZHI_SECRET_KEY", "start-up-test-only-key")
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert {
        "fazhi.disputes.reconsideration.procedure",
        "fazhi.disputes.reconsideration.metrics",
    } <= loaded
    apps_ = {procedure.model._meta.app_config.name for procedure in all_procedures()}
    pieces = ("forms", "services", "imports", "jobs", "views", "urls", "admin", "demo")
    deferred = {f"{app}.{piece}" for app in apps_ for piece in pieces}
    deferred |= {"fazhi.core.imports", "fazhi.core.importers", "fazhi.core.admin"}
    assert sorted(deferred & loaded) == []
