"""Who may register accounts, open 集中整治 and close accounts with a finding (issue 6, writes):
an account is registered only for a unit the actor acts for, whatever the path (page, API, import,
a direct call of the service); a campaign is opened by the coordinator of the government or by
its 政务新媒体主管单位; its findings reach only accounts of the campaign's own government, and
only its lead unit records them."""

import datetime as dt
import re

import pytest
from django.core.management.base import CommandError
from django.urls import reverse

from fazhi.core import duties
from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.oversight.media import services
from fazhi.oversight.media.imports import AccountImporter
from fazhi.oversight.media.models import Account, AccountStatus, Campaign, Finding
from fazhi.oversight.media.steps import SUPERVISOR
from fazhi.testing.import_files import run_import_command, xlsx_for

from .factories import account, campaign

D = dt.date


def test_a_departments_import_cannot_write_accounts_of_other_units_or_counties(
    org, people, tmp_path
):
    row = {"平台": "微信公众号", "开设日期": "2019-05-06", "全国系统填报日期": "2019-06-01"}
    path = tmp_path / "accounts.xlsx"
    for code in ("532502-sfj", "532504-zrzyj"):  # 开远市司法局; 弥勒市自然资源局
        path.write_bytes(
            xlsx_for(AccountImporter, [row | {"主办单位代码": code, "账号名称": f"账号{code}"}])
        )
        with pytest.raises(CommandError):
            run_import_command("media_accounts", path, "police")
    assert not Account.objects.exists()
    with pytest.raises(Refusal, match="只能登记您所在单位"):
        account(org, people["police_staff"], unit=org["kaiyuan_justice"])
    assert not Account.objects.exists()


def test_the_registration_form_offers_only_the_users_own_units(org, people, client):
    client.force_login(people["police_staff"])
    page = client.get(reverse("media:new")).content.decode()
    select = page[page.index('name="unit"') :]
    offered = re.findall(r'<option value="(\d+)"', select[: select.index("</select>")])
    assert offered == [str(org["police"].pk)]
    response = client.post(
        reverse("media:new"),
        {
            "unit": org["land"].pk,
            "platform": "wechat",
            "name": "自然资源",
            "opened_on": "2020-01-02",
        },
    )
    assert response.status_code == 200 and not Account.objects.exists()


def test_a_staff_member_cannot_open_a_campaign_and_close_other_units_accounts(org, people, client):
    land_account = account(org, people["coordinator"], name="弥勒自然资源", unit=org["land"])
    police = people["police_staff"]
    with pytest.raises(Refusal, match="统筹协调人员或政务新媒体主管单位"):
        services.open_campaign(
            police,
            Channel.WEB,
            organ=org["mile"],
            unit=org["police"],
            name="公安局的整治",
            start_on=D(2021, 5, 10),
            scope="全市",
        )
    client.force_login(police)
    assert client.get(reverse("media_campaigns:new")).status_code == 403
    assert "登记集中整治" not in client.get(reverse("media_campaigns:list")).content.decode()
    # A campaign the coordinator opened, led by 司法局: another unit records no finding.
    run = campaign(org, people["coordinator"])
    rows = AuditEntry.objects.count()
    with pytest.raises(Refusal, match="牵头单位"):
        services.record_finding(
            police,
            Channel.WEB,
            run,
            account=land_account,
            on=D(2021, 5, 12),
            problem="zombie",
            action="close",
        )
    assert Account.objects.get(pk=land_account.pk).status == AccountStatus.NORMAL
    assert not Finding.objects.exists() and AuditEntry.objects.count() == rows


def test_the_governments_supervisor_unit_may_open_a_campaign(org, people):
    duties.assign(people["coordinator"], Channel.WEB, org["land"], SUPERVISOR)
    opened = services.campaign_from_form(
        people["land_staff"],
        Channel.WEB,
        {"name": "自然资源局牵头整治", "start_on": D(2021, 5, 10), "scope": "全市"},
    )
    assert (opened.unit, opened.organ) == (org["land"], org["mile"])
    with pytest.raises(Refusal, match="统筹协调人员或政务新媒体主管单位"):
        services.campaign_from_form(
            people["kaiyuan_staff"],
            Channel.WEB,
            {"name": "开远整治", "start_on": D(2021, 5, 10), "scope": "全市"},
        )
    assert Campaign.objects.count() == 1


def test_findings_reach_only_accounts_of_the_campaigns_government(org, people, client):
    other = account(org, people["kaiyuan_staff"], name="开远发布", unit=org["kaiyuan_justice"])
    mine = account(org, people["coordinator"])
    run = campaign(org, people["coordinator"])
    with pytest.raises(Refusal, match="不在本次整治的范围内"):
        services.record_finding(
            people["coordinator"],
            Channel.WEB,
            run,
            account=other,
            on=D(2021, 5, 12),
            problem="zombie",
            action="close",
        )
    assert Account.objects.get(pk=other.pk).status == AccountStatus.NORMAL
    client.force_login(people["coordinator"])
    page = client.get(run.get_absolute_url()).content.decode()
    select = page[page.index('name="finding-account"') :]
    offered = re.findall(r'<option value="(\d+)"', select[: select.index("</select>")])
    assert offered == [str(mine.pk)]
