"""政务新媒体 figures (with the "40余" display rule), the import, the API and the demo."""

import datetime as dt

import pytest

from fazhi.core.audit import Channel
from fazhi.figures.registry import Period, get
from fazhi.figures.services import compute_all
from fazhi.oversight.media import services
from fazhi.oversight.media.imports import AccountImporter
from fazhi.oversight.media.models import Account, AccountStatus
from fazhi.testing.import_files import run_import_command, xlsx_for

from .factories import account, campaign

D = dt.date
IDS = ["sup.media.campaigns", "sup.media.accounts", "sup.media.closed"]


def figures(scope, year):
    return {c.figure.id: c.result for c in compute_all(scope, Period.year(year), IDS)}


def test_figures_count_records_as_of_their_dates(org, people):
    staff = people["coordinator"]
    c = campaign(org, staff)
    campaign(org, staff, name="2020年整治", start_on=D(2020, 9, 1))
    keep = account(org, staff, name="A")
    account(org, staff, name="B", registered_on=None)  # not registered: not 纳入监管
    account(org, staff, name="C", registered_on=D(2022, 1, 5))  # registered after year end
    gone = account(org, staff, name="D")
    services.record_finding(
        staff, Channel.WEB, c, account=gone, on=D(2021, 5, 12), problem="zombie", action="close"
    )
    services.record_finding(
        staff, Channel.WEB, c, account=keep, on=D(2021, 5, 12), problem="security", action="rectify"
    )
    got = figures(org["mile"], 2021)
    assert got["sup.media.campaigns"].value == 1
    assert got["sup.media.accounts"].value == 1  # A (under 整改, still supervised)
    assert got["sup.media.closed"].value == 1
    assert figures(org["mile"], 2020)["sup.media.accounts"].value == 2  # A and D open then


def test_closed_figure_displays_approximately():
    closed = get("sup.media.closed")
    assert closed.format(43) == "40余个"
    assert closed.format(40) == "40个"


GOOD = {
    "主办单位代码": "532504-gaj",
    "平台": "微信公众号",
    "账号名称": "弥勒公安",
    "开设日期": "2019-05-06",
    "全国系统填报日期": "2019-06-01",
}


def test_import_replays_and_a_bad_row_writes_nothing(org, people, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "accounts.xlsx"
    closed = GOOD | {"账号名称": "弥勒交警", "关停日期": "2021-03-01", "关停原因": "睡眠"}
    path.write_bytes(xlsx_for(AccountImporter, [GOOD, closed | {"关停原因": ""}]))
    with pytest.raises(CommandError):
        run_import_command("media_accounts", path, "coord")
    assert Account.objects.count() == 0
    path.write_bytes(xlsx_for(AccountImporter, [GOOD, closed]))
    run_import_command("media_accounts", path, "coord")
    assert Account.objects.get(name="弥勒交警").status == AccountStatus.CLOSED


def test_api_lists_visible_and_refuses_in_chinese(org, people, client):
    acc = account(org, people["coordinator"])
    client.force_login(people["police_staff"])
    listed = client.get("/api/media/accounts/records").json()
    assert [a["name"] for a in listed["items"]] == [acc.name] and listed["next"] is None
    refused = client.post(
        f"/api/media/accounts/records/{acc.pk}/rectified",
        content_type="application/json",
        data={"on": "2021-06-01", "note": "x"},
    )
    assert refused.status_code == 422 and "整改" in refused.json()["detail"]
    client.force_login(people["kaiyuan_staff"])
    assert client.get(f"/api/media/accounts/records/{acc.pk}").status_code == 404


def test_api_registers_accounts_and_opens_campaigns_through_the_services(org, people, client):
    client.force_login(people["police_staff"])
    created = client.post(
        "/api/media/accounts/records",
        {"unit": "532504-gaj", "platform": "douyin", "name": "弥勒警方", "opened_on": "2020-01-02"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["unit"] == "532504-gaj"
    refused = client.post(
        "/api/media/campaigns/records",
        {"name": "公安整治", "start_on": "2021-05-10", "scope": "全市"},
        content_type="application/json",
    )
    assert refused.status_code == 403 and "统筹协调人员" in refused.json()["detail"]
    client.force_login(people["coordinator"])
    opened = client.post(
        "/api/media/campaigns/records",
        {"name": "2021年集中整治", "start_on": "2021-05-10", "scope": "全市"},
        content_type="application/json",
    )
    assert opened.status_code == 201, opened.content
    campaign_id = opened.json()["id"]
    finding = client.post(
        f"/api/media/campaigns/records/{campaign_id}/finding",
        {
            "account": str(created.json()["id"]),
            "on": "2021-05-12",
            "problem": "zombie",
            "action": "close",
        },
        content_type="application/json",
    )
    assert finding.status_code == 200, finding.content
    assert Account.objects.get(name="弥勒警方").status == AccountStatus.CLOSED
