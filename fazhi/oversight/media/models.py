"""政务新媒体: the government's new-media accounts, and the 集中整治 campaigns that inspect them.

An account is operated by a unit, may be registered in the 全国政务新媒体信息报送系统, and is
正常, 整改 or 关停. Its status changes only through the services: 整改 only on a campaign's
finding, 关停 with its date and reason. A `Finding` is one problem a campaign found on one account
and the action it took; "纳入监管" and "清理关停" are counted from these records.
"""

import datetime as dt

from django.db import models
from django.db.models import Q

from fazhi.core.choices import groups
from fazhi.core.records import Record, RecordQuerySet, unit_field


class Platform(models.TextChoices):
    WECHAT = "wechat", "微信公众号"
    WEIBO = "weibo", "微博"
    DOUYIN = "douyin", "抖音"
    TOUTIAO = "toutiao", "今日头条"
    KUAISHOU = "kuaishou", "快手"
    OTHER = "other", "其他"


@groups(open=["normal", "rectifying"])
class AccountStatus(models.TextChoices):
    NORMAL = "normal", "正常"
    RECTIFYING = "rectifying", "整改"
    CLOSED = "closed", "关停"


class CloseReason(models.TextChoices):
    ZOMBIE = "zombie", "僵尸"
    DORMANT = "dormant", "睡眠"
    POORLY_RUN = "poorly_run", "运营不良"
    MERGED = "merged", "合并"
    OTHER = "other", "其他"


class Problem(models.TextChoices):
    ZOMBIE = "zombie", "僵尸账号"
    DORMANT = "dormant", "睡眠账号"
    POORLY_RUN = "poorly_run", "运营不良"
    SECURITY = "security", "信息安全"
    OTHER = "other", "其他"

    def close_reason(self) -> str:
        """The 关停 reason a finding of this problem records."""
        return {
            Problem.ZOMBIE: CloseReason.ZOMBIE,
            Problem.DORMANT: CloseReason.DORMANT,
            Problem.POORLY_RUN: CloseReason.POORLY_RUN,
        }.get(self, CloseReason.OTHER)


class FindingAction(models.TextChoices):
    RECTIFY = "rectify", "整改"
    CLOSE = "close", "关停"


@groups(open=["ongoing"])
class CampaignStatus(models.TextChoices):
    ONGOING = "ongoing", "进行中"
    FINISHED = "finished", "已结束"


class AccountQuerySet(RecordQuerySet):
    def supervised_on(self, day: dt.date):
        """纳入监管 on a day: registered in the national system by then and not closed by then."""
        return self.filter(registered=True, registered_on__lte=day).exclude(
            Q(status=AccountStatus.CLOSED) & Q(closed_on__lte=day)
        )


class Account(Record):
    statuses = AccountStatus

    platform = models.CharField("平台", max_length=12, choices=Platform.choices)
    name = models.CharField("账号名称", max_length=100)
    unit = unit_field("主办单位", related_name="media_accounts")
    opened_on = models.DateField("开设日期")
    registered = models.BooleanField("已在全国政务新媒体信息报送系统填报", default=False)
    registered_on = models.DateField("填报日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=AccountStatus.choices, default=AccountStatus.NORMAL
    )
    status_since = models.DateField("状态起始日期")
    rectify_finding = models.ForeignKey(
        "Finding",
        verbose_name="整改依据",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_on = models.DateField("关停日期", null=True, blank=True)
    close_reason = models.CharField(
        "关停原因", max_length=12, choices=CloseReason.choices, blank=True
    )
    close_note = models.CharField("关停说明", max_length=200, blank=True)

    objects = AccountQuerySet.as_manager()

    class Meta:
        db_table = "oversight_account"  # kept from before the app was split out
        verbose_name = verbose_name_plural = "政务新媒体账号"
        ordering = ["unit__path", "platform", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "name"], name="media_account_unique")
        ]
        indexes = [
            models.Index(fields=["unit", "status"], name="media_account_unit"),
            models.Index(fields=["closed_on"], name="media_account_closed"),
            models.Index(fields=["registered", "registered_on"], name="media_account_reg"),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}“{self.name}”"


class Campaign(Record):
    """集中整治: a government's campaign over its new-media accounts."""

    statuses = CampaignStatus
    scope_field = "organ"

    organ = unit_field("组织政府")
    unit = unit_field("牵头单位", related_name="media_campaigns")
    name = models.CharField("整治名称", max_length=120)
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期", null=True, blank=True)
    scope = models.CharField("整治范围", max_length=300)
    status = models.CharField(
        "状态", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.ONGOING
    )
    summary = models.CharField("整治总结", max_length=500, blank=True)

    class Meta:
        db_table = "oversight_campaign"  # kept from before the app was split out
        verbose_name = verbose_name_plural = "政务新媒体集中整治"
        ordering = ["-start_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organ", "name"], name="media_campaign_unique")
        ]
        indexes = [models.Index(fields=["organ", "start_on"], name="media_campaign_start")]

    def __str__(self) -> str:
        return self.name


class Finding(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="findings")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="findings")
    found_on = models.DateField("发现日期")
    problem = models.CharField("问题", max_length=12, choices=Problem.choices)
    action = models.CharField("处置", max_length=10, choices=FindingAction.choices)
    note = models.CharField("情况说明", max_length=200, blank=True)

    class Meta:
        db_table = "oversight_finding"  # kept from before the app was split out
        verbose_name = verbose_name_plural = "集中整治发现问题"
        ordering = ["found_on", "id"]

    def __str__(self) -> str:
        return f"{self.account}：{self.get_problem_display()}({self.get_action_display()})"
