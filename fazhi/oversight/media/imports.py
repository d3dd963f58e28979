"""政务新媒体 accounts from a unit's 台账 (XLSX or CSV), one row an account, made through the
same service functions: registration, and 关停 with its date and reason where the ledger says so.
A row naming a unit the importing user does not act for (another department, another county) is
refused by the service, as on the page.
"""

from fazhi.core.audit import Channel
from fazhi.core.imports import Column, Importer, choice, date, text, unit_by_code

from . import services
from .models import Account, CloseReason, Platform


class AccountImporter(Importer):
    kind = "media_accounts"
    label = "政务新媒体账号台账"
    columns = [
        Column("主办单位代码", "unit", unit_by_code, example="532504-scjgj"),
        Column("平台", "platform", choice(Platform), example="微信公众号"),
        Column("账号名称", "name", text(100), example="弥勒市场监管发布"),
        Column("开设日期", "opened_on", date, example="2019-05-06"),
        Column("全国系统填报日期", "registered_on", date, required=False),
        Column("关停日期", "closed_on", date, required=False),
        Column("关停原因", "close_reason", choice(CloseReason), required=False, default=""),
        Column("关停说明", "close_note", text(200), required=False, default=""),
    ]
    key_columns = ("platform", "name")
    model = Account
    actor_needed = "账号只能登记在导入人可以代表的单位。"

    def check_row(self, values: dict) -> list[tuple[str | None, str]]:
        if bool(values["closed_on"]) != bool(values["close_reason"]):
            return [("关停原因", "关停日期与关停原因应同时填写")]
        return []

    def replay(self, row: dict, actor) -> None:
        channel = self.channel or Channel.IMPORT
        account = services.register_account(
            actor,
            channel,
            unit=row["unit"],
            platform=row["platform"],
            name=row["name"],
            opened_on=row["opened_on"],
            registered_on=row["registered_on"],
        )
        if row["closed_on"]:
            services.close_account(
                actor,
                channel,
                account,
                on=row["closed_on"],
                reason=row["close_reason"],
                note=row["close_note"],
            )
