"""The demo city reproduces the seed report's figures (shared/seed/figures.tsv, copied into
fazhi/demo/data/) from records made through the service functions. Built once for the module."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.validators import is_valid_id_number
from fazhi.figures.registry import Display, Period, Value, all_checks, approx, get
from fazhi.figures.services import compute_all, problems

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_figures.tsv"

# Where the platform, computing from records, disagrees with the seed on purpose — and says so.
KNOWN_DIFFERENCES = {
    # 207 + 119 = 326: no documented practice counts a 并案 group once, so the total is the sum,
    # and the consistency check reports the seed's 325 (oversight/proposals/metrics.py).
    "sup.proposals.total": 326,
}


def seed_rows() -> list[dict]:
    with SEED.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.fixture(scope="module")
def city_2021(django_db_setup, django_db_blocker):
    from fazhi.core.models import OrgUnit
    from fazhi.demo import build
    from fazhi.oversight.disclosure import annual

    with django_db_blocker.unblock(), transaction.atomic():
        build.build()
        government = OrgUnit.objects.get(code="532504")
        computed = compute_all(government, Period.year(2021))
        table = annual.build_table(government, 2021)
        yield {
            "computed": {c.figure.id: c for c in computed},
            "problems": problems(computed),
            "disclosure_table": table,
        }
        transaction.set_rollback(True)


def _number(text: str) -> Decimal:
    return Decimal(text)


def test_every_platform_figure_of_the_seed_matches(city_2021, db):
    computed = city_2021["computed"]
    compared, mismatched = 0, {}
    for row in seed_rows():
        if row["id"] not in computed:
            continue
        compared += 1
        figure, got = computed[row["id"]].figure, computed[row["id"]].result.value
        if got is not None and figure.display == Display.APPROX:
            got = approx(int(got))[0]  # the seed states "40余": its value column holds the 40
        expected = KNOWN_DIFFERENCES.get(row["id"], _number(row["value"]))
        if got is None or Decimal(got) != Decimal(expected):
            mismatched[row["id"]] = (row["value"], got)
    assert mismatched == {}
    assert compared >= 26  # rec.*, lit.*, med.*, sup.*: all of issues 2 and 3


def test_the_seed_sections_of_disputes_and_oversight_are_all_computed(city_2021, db):
    wanted = [r["id"] for r in seed_rows() if r["id"].split(".")[0] in {"rec", "lit", "med", "sup"}]
    missing = [fid for fid in wanted if fid not in city_2021["computed"]]
    assert missing == []


def test_figures_from_records_are_consistent_and_the_seeds_own_sum_is_flagged(city_2021, db):
    assert city_2021["problems"] == []
    stated = {
        row["id"]: Value(int(row["value"]))
        for row in seed_rows()
        if row["id"].startswith("sup.proposals.") and row["unit"] == "件"
    }
    parts_check = next(c for c in all_checks() if c.id == "sup.proposals.parts")
    assert "325" in parts_check.test(stated)


def test_display_rules(city_2021, db):
    closed = city_2021["computed"]["sup.media.closed"]
    assert closed.text == "40余个" and closed.result.value > 40
    assert (
        get("lit.head_appearance_rate").format(
            city_2021["computed"]["lit.head_appearance_rate"].result.value
        )
        == "95.00%"
    )


def test_disclosure_annual_table_balances(city_2021, db):
    assert city_2021["disclosure_table"].problems == []


EXPORTS = [
    "reconsideration:export",
    "litigation:export",
    "mediation:export",
    "proposals:export",
    "disclosure:export",
    "letters:export",
    "media:export",
]
ID_NUMBER = re.compile(r"\b\d{17}[\dXx]\b")
MOBILE = re.compile(r"\b1[3-9]\d{9}\b")


@pytest.mark.parametrize("name", EXPORTS)
def test_every_ledger_exports_to_excel_with_personal_data_masked(city_2021, db, client, name):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="coordinator"))
    response = client.get(reverse(name))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert len(rows) > 1 and all(isinstance(h, str) and h for h in rows[0])
    cells = [str(c) for row in rows[1:] for c in row if c is not None]
    ids = [m for c in cells for m in ID_NUMBER.findall(c) if is_valid_id_number(m)]
    assert ids == [] and [c for c in cells if MOBILE.search(c)] == []
