"""政务新媒体 as the kernel knows it: two ledgers in one app (fazhi.core.procedures) — the accounts
the units operate, and the 集中整治 campaigns that inspect them."""

from django.db.models import Q

from fazhi.core.models import OrgUnit
from fazhi.core.procedures import Column, Creation, Duty, Ledger, Names, Procedure, ReportText

from . import queries
from .models import AccountStatus, CampaignStatus
from .steps import ACCOUNT_STEPS, CAMPAIGN_STEPS, SUPERVISOR


def _registered(account) -> str:
    return f"{account.registered_on:%Y-%m-%d}" if account.registered else "未填报"


def _units_of(user) -> dict:
    """The units whose accounts the user may register: those the user acts for."""
    scope = user.scope_unit()
    return {"units": scope.subtree() if scope else OrgUnit.objects.none()}


ACCOUNTS = Procedure(
    names=Names(
        "media", "政务新媒体", "账号", "xinmeiti/", "监督公开", api_prefix="/media/accounts"
    ),
    steps=ACCOUNT_STEPS,
    statuses=AccountStatus,
    visible=queries.visible_accounts,
    ledger=Ledger(
        columns=[
            Column("账号", "name", sort="name", phone=True, link=True),
            Column("平台", "platform"),
            Column.unit("主办单位", "unit"),
            Column("全国系统填报", _registered, reads=("registered", "registered_on")),
            Column("开设日期", "opened_on", sort="opened_on"),
            Column.status(),
            Column("关停日期", "closed_on", sort="closed_on"),
        ],
        date_field="opened_on",
        filters=["unit", "platform", "registered", "close_reason"],
        search=["name"],
        related=["unit"],
    ),
    facts_template="media/_account_facts.html",
    creation=Creation(
        label="登记账号",
        form="fazhi.oversight.media.forms.AccountForm",
        create="fazhi.oversight.media.services.account_from_form",
        form_args=_units_of,
    ),
    duties=[Duty(SUPERVISOR, "政务新媒体主管单位")],
    workbench=queries.rectifying_accounts,
    workbench_lists=Q(status=AccountStatus.RECTIFYING),
    importers=["fazhi.oversight.media.imports.AccountImporter"],
    metrics="fazhi.oversight.media.metrics",
    demo="fazhi.oversight.media.demo",
    report=[
        ReportText(
            5,
            35,
            '开展政务新媒体集中整治{% fig "sup.media.campaigns" %}，'
            "对“僵尸”“睡眠”、运营不良等账号分类处置，清理关停账号"
            '{% fig "sup.media.closed" %}；截至年底，纳入全国政务新媒体信息报送系统监管的账号'
            '{% fig "sup.media.accounts" %}。',
        )
    ],
    detail_context=lambda account, user: {"findings": account.findings.select_related("campaign")},
)

CAMPAIGNS = Procedure(
    names=Names(
        "media_campaigns",
        "政务新媒体集中整治",
        "集中整治",
        "xinmeiti/zhengzhi/",
        "监督公开",
        api_prefix="/media/campaigns",
    ),
    steps=CAMPAIGN_STEPS,
    statuses=CampaignStatus,
    visible=queries.visible_campaigns,
    ledger=Ledger(
        columns=[
            Column("名称", "name", sort="name", phone=True, link=True),
            Column.unit("牵头单位", "unit"),
            Column("开始日期", "start_on", sort="start_on"),
            Column("结束日期", "end_on", sort="end_on"),
            Column.status(),
        ],
        date_field="start_on",
        filters=["unit"],
        search=["name"],
        related=["unit", "organ"],
    ),
    facts_template="media/_campaign_facts.html",
    creation=Creation(
        label="登记集中整治",
        form="fazhi.oversight.media.forms.CampaignForm",
        create="fazhi.oversight.media.services.campaign_from_form",
        intro="集中整治由本级政府统筹协调人员或政务新媒体主管单位开展，由登记人所在单位牵头；"
        "发现的问题只能涉及本级政府所属单位的账号。",
    ),
    detail_context=lambda campaign, user: {
        "findings": campaign.findings.select_related("account", "account__unit")
    },
)

PROCEDURES = [ACCOUNTS, CAMPAIGNS]
