"""人民调解 and 行政调解 records: the mediating bodies, their mediators, and the cases.

人民调解 is done by 人民调解委员会 (村/社区, 乡镇/街道, 行业性专业性) and by the 调解室 they
station at the court or the traffic police (人民调解法 arts. 7, 34); 行政调解 by the
administrative agencies themselves. A case's kind follows from its body, never typed.
"""

from django.db import models

from fazhi.core.choices import groups
from fazhi.core.models import OrgUnit
from fazhi.core.records import ClockedRecord, ledger_indexes, unit_field


class MediationKind(models.TextChoices):
    PEOPLE = "people", "人民调解"
    ADMIN = "admin", "行政调解"


class BodyKind(models.TextChoices):
    VILLAGE = "village", "村(居)调解委员会"
    TOWN = "town", "乡镇(街道)调解委员会"
    PROFESSIONAL = "professional", "行业性专业性调解委员会"
    COURT_ROOM = "court_room", "派驻调解室(法院)"
    TRAFFIC_ROOM = "traffic_room", "派驻调解室(交警)"
    AGENCY = "agency", "行政机关"

    @property
    def mediation_kind(self) -> str:
        return MediationKind.ADMIN if self == BodyKind.AGENCY else MediationKind.PEOPLE


class DisputeType(models.TextChoices):
    FAMILY = "family", "婚姻家庭"
    NEIGHBOUR = "neighbour", "邻里"
    DAMAGES = "damages", "损害赔偿"
    CONTRACT = "contract", "合同"
    LABOUR = "labour", "劳动争议"
    LAND_CONTRACT = "land_contract", "土地承包"
    TRAFFIC = "traffic", "道路交通事故"
    MEDICAL = "medical", "医疗"
    EXPROPRIATION = "expropriation", "征地拆迁"
    OTHER = "other", "其他"


class Origin(models.TextChoices):
    """How the mediation started (人民调解法 arts. 17–18)."""

    APPLICATION = "application", "当事人申请"
    OWN_INITIATIVE = "initiative", "主动调解"
    COURT_ENTRUSTED = "court", "法院委派"
    TRANSFERRED = "transferred", "移交"


@groups(open=["received", "mediating"], concluded=["succeeded", "failed", "refused"])
class Status(models.TextChoices):
    RECEIVED = "received", "受理"
    MEDIATING = "mediating", "调解中"
    SUCCEEDED = "succeeded", "调解成功"
    FAILED = "failed", "调解不成功"
    REFUSED = "refused", "终止(当事人拒绝)"

    @classmethod
    def outcomes(cls):
        """The statuses a concluded case may be recorded with (bulk ledgers, imports)."""
        return cls.concluded()


class AgreementForm(models.TextChoices):
    WRITTEN = "written", "书面协议"  # 人民调解法 art. 28–29
    ORAL = "oral", "口头协议"  # art. 28, 30


class ConfirmationResult(models.TextChoices):
    PENDING = "pending", "审查中"
    VALID = "valid", "裁定调解协议有效"
    DISMISSED = "dismissed", "裁定驳回申请"


class MediationBody(models.Model):
    code = models.CharField("组织代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类别", max_length=16, choices=BodyKind.choices)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="所属单位",
        on_delete=models.PROTECT,
        related_name="mediation_bodies",
        help_text="村(居)调解委员会归所在乡镇；派驻法院的调解室归法院，交警的归公安局。",
    )
    active = models.BooleanField("在用", default=True)

    class Meta:
        db_table = "disputes_mediationbody"  # kept from before the app was split out
        verbose_name = verbose_name_plural = "调解组织"
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="mediation_body_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def mediation_kind(self) -> str:
        return BodyKind(self.kind).mediation_kind


class Mediator(models.Model):
    body = models.ForeignKey(
        MediationBody, verbose_name="调解组织", on_delete=models.PROTECT, related_name="mediators"
    )
    name = models.CharField("姓名", max_length=50)
    active = models.BooleanField("在用", default=True)

    class Meta:
        db_table = "disputes_mediator"  # kept from before the app was split out
        verbose_name = verbose_name_plural = "调解员"
        ordering = ["body", "name"]

    def __str__(self) -> str:
        return self.name


class MediationCase(ClockedRecord):
    statuses = Status

    body = models.ForeignKey(
        MediationBody, verbose_name="调解组织", on_delete=models.PROTECT, related_name="cases"
    )
    # Copied from the body at receipt, so lists and figures filter on the case table's own index.
    unit = unit_field("所属单位", related_name="mediation_cases")
    kind = models.CharField("调解类别", max_length=8, choices=MediationKind.choices)
    number = models.CharField("编号", max_length=40)
    dispute_type = models.CharField("纠纷类型", max_length=16, choices=DisputeType.choices)
    parties = models.CharField("当事人", max_length=200)
    party_phone = models.CharField("联系电话", max_length=20, blank=True)
    summary = models.CharField("纠纷简要情况", max_length=300, blank=True)
    origin = models.CharField("调解来源", max_length=12, choices=Origin.choices)
    mediator = models.ForeignKey(
        Mediator,
        verbose_name="调解员",
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
    )
    received_on = models.DateField("受理日期")
    started_on = models.DateField("开始调解日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    mediation_due_on = models.DateField("调解期限", null=True, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    closing_note = models.CharField("结案说明", max_length=300, blank=True)
    agreement_form = models.CharField(
        "协议形式", max_length=8, choices=AgreementForm.choices, blank=True
    )
    agreement_on = models.DateField("达成协议日期", null=True, blank=True)
    agreement_effective_on = models.DateField("协议生效日期", null=True, blank=True)
    agreement_summary = models.CharField("协议内容摘要", max_length=300, blank=True)
    confirmation_due_on = models.DateField("司法确认申请期限", null=True, blank=True)
    confirmation_applied_on = models.DateField("申请司法确认日期", null=True, blank=True)
    confirmation_court = models.CharField("受理法院", max_length=100, blank=True)
    confirmation_result = models.CharField(
        "司法确认结果", max_length=12, choices=ConfirmationResult.choices, blank=True
    )
    confirmation_decided_on = models.DateField("司法确认裁定日期", null=True, blank=True)
    overdue_notified_on = models.DateField("逾期提醒日期", null=True, blank=True)

    class Meta:
        db_table = "disputes_mediationcase"  # kept from before the app was split out
        verbose_name = verbose_name_plural = "调解案件"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="mediation_number_unique")
        ]
        indexes = ledger_indexes("med", "received_on", visible_by=("unit",), scope="unit")

    def __str__(self) -> str:
        # Numbers run per 调解组织, so the body's name makes the case unambiguous.
        return f"{self.body} {self.number} {self.parties}"
