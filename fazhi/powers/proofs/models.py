"""证明事项 and 告知承诺 (减证便民): the list of the proofs the government's units may still ask of
people and businesses, and the services handled on a written pledge instead of a proof.

优化营商环境条例 第四十四条: a proof needs a basis in law, regulation or a State Council
decision, and the list (证明事项清单: 设定依据, 索要单位, 开具单位) is published; no proof may be
asked outside it. 国办发〔2020〕42号 (reference/market_rules.md §5, ◐): for a proof under
告知承诺 the unit tells the applicant in writing what is to be proved and the liability for a
false pledge, the applicant pledges in writing, and the unit decides on the pledge and verifies it
afterwards (核查); a false pledge leads to 终止办理, 责令限期整改, 撤销行政决定 or 行政处罚 and a
credit record.
"""

from django.db import models

from fazhi.core.choices import groups
from fazhi.core.records import Record, unit_field


@groups(open=["kept", "pledge"])
class ProofStatus(models.TextChoices):
    KEPT = "kept", "保留(需提交证明)"
    PLEDGE = "pledge", "实行告知承诺"
    CANCELLED = "cancelled", "已取消"


class ProofItem(Record):
    """One proof a unit asks for (索要单位), on its legal basis, issued by someone (开具单位)."""

    statuses = ProofStatus

    government = unit_field("本级政府")
    office = unit_field("清单管理单位")
    unit = unit_field("索要单位")
    name = models.CharField("证明名称", max_length=200)
    basis = models.TextField("设定依据", max_length=2000)
    issuer = models.CharField("开具单位", max_length=200)
    matters = models.TextField("用于办理的事项", max_length=2000, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ProofStatus.choices, default=ProofStatus.KEPT
    )
    listed_on = models.DateField("列入清单日期")
    pledge_on = models.DateField("实行告知承诺日期", null=True, blank=True)
    cancelled_on = models.DateField("取消日期", null=True, blank=True)
    cancel_reason = models.CharField("取消理由", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "证明事项"
        ordering = ["government", "unit", "name"]
        indexes = [
            models.Index(
                fields=["listed_on", "id", "unit", "office", "government", "status"],
                name="proofitem_list",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ApplicantKind(models.TextChoices):
    PERSON = "person", "自然人"
    ENTERPRISE = "enterprise", "企业"
    SOLE_TRADER = "sole_trader", "个体工商户"
    COOPERATIVE = "cooperative", "农民专业合作社"
    OTHER = "other", "其他组织"


@groups(open=["accepted"])
class PledgeStatus(models.TextChoices):
    ACCEPTED = "accepted", "已承诺受理(待核查)"
    VERIFIED = "verified", "核查属实"
    FALSE = "false", "承诺不实"


class VerifyWay(models.TextChoices):
    WRITTEN = "written", "书面核查"
    ONLINE = "online", "网络核验"
    ON_SITE = "on_site", "实地调查"
    PUBLIC = "public", "公示核查"


class FalseMeasure(models.TextChoices):
    """What a false pledge leads to (国办发〔2020〕42号 as the local plans restate it, ◐)."""

    STOP = "stop", "终止办理"
    RECTIFY = "rectify", "责令限期整改"
    REVOKE = "revoke", "撤销行政决定"
    PENALTY = "penalty", "行政处罚"


class Pledge(Record):
    """One service handled on a written pledge in place of a proof (告知承诺办件)."""

    statuses = PledgeStatus

    government = unit_field("本级政府")
    unit = unit_field("受理单位")
    proof = models.ForeignKey(
        ProofItem, verbose_name="证明事项", on_delete=models.PROTECT, related_name="pledges"
    )
    received_on = models.DateField("承诺受理日期")
    matter = models.CharField("办理事项", max_length=200)
    applicant_kind = models.CharField("申请人类型", max_length=12, choices=ApplicantKind.choices)
    applicant_name = models.CharField("申请人", max_length=100)
    status = models.CharField(
        "状态", max_length=10, choices=PledgeStatus.choices, default=PledgeStatus.ACCEPTED
    )
    verified_on = models.DateField("核查日期", null=True, blank=True)
    verify_way = models.CharField("核查方式", max_length=10, choices=VerifyWay.choices, blank=True)
    false_measure = models.CharField(
        "处理措施", max_length=10, choices=FalseMeasure.choices, blank=True
    )
    note = models.CharField("核查情况", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "告知承诺办件"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(
                fields=["received_on", "id", "unit", "government", "status"],
                name="pledge_list",
            ),
            models.Index(fields=["unit", "received_on"], name="pledge_received"),
        ]

    def __str__(self) -> str:
        return f"{self.matter}(告知承诺，{self.received_on:%Y-%m-%d})"
