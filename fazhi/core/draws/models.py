"""The stored draw (see the package's docstring for the design)."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from ..models import OrgUnit


class DrawKind(models.TextChoices):
    """The random selections the platform makes. A procedure with a selection of its own passes
    its own key and label (`draws.register_kind`); the column stores the key as it is."""

    CASE_REVIEW = "case_review", "案卷评查"
    INSPECTION_OBJECTS = "inspection_objects", "双随机抽查对象"
    INSPECTION_OFFICERS = "inspection_officers", "双随机执法人员"
    COMMITMENT_CHECK = "commitment_check", "告知承诺核查"


class DrawStatus(models.TextChoices):
    COMMITTED = "committed", "已公示"
    DRAWN = "drawn", "已抽取"


class SeedMethod(models.TextChoices):
    COMMIT_REVEAL = "commit_reveal", "承诺后揭示"
    PUBLIC_SOURCE = "public_source", "事先指定的公开随机源"


class Draw(models.Model):
    """One verifiable random draw: its pool, parameters and seed source fixed and published when
    committed (已公示), its seed and selection recorded when drawn (已抽取)."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name="抽取单位", on_delete=models.PROTECT, related_name="+"
    )
    government = models.ForeignKey(
        OrgUnit, verbose_name="所属政府", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("抽取类别", max_length=40, db_index=True)
    purpose = models.CharField("抽取事由", max_length=200)
    status = models.CharField(
        "状态", max_length=12, choices=DrawStatus.choices, default=DrawStatus.COMMITTED
    )
    labels_are_names = models.BooleanField(
        "条目名称为个人姓名", default=False, help_text="公开时按姓名打码。"
    )
    # The pool as [[key, label, stratum], ...] in canonical order (fazhi.core.draws.selection).
    pool = models.JSONField("抽取名单")
    pool_size = models.PositiveIntegerField("名单条目数")
    pool_sha256 = models.CharField("名单哈希(SHA-256)", max_length=64)
    labels_sha256 = models.CharField("名称哈希(SHA-256，不公开)", max_length=64)
    parameters = models.JSONField("抽取参数")
    seed_method = models.CharField("随机种子来源", max_length=16, choices=SeedMethod.choices)
    seed_commitment = models.CharField("种子承诺(SHA-256)", max_length=64, blank=True)
    public_source = models.CharField("公开随机源", max_length=200, blank=True)
    public_source_on = models.DateField("公开随机源开奖日期", null=True, blank=True)
    public_values = models.CharField("公开随机源开奖号码", max_length=200, blank=True)
    seed = models.CharField("随机种子", max_length=200, blank=True)
    selection = models.JSONField("抽取结果(条目编号)", default=list)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="公示人", on_delete=models.PROTECT, related_name="+"
    )
    committed_at = models.DateTimeField("公示时间")
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="抽取人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "随机抽取"
        ordering = ["-committed_at", "-id"]
        indexes = [models.Index(fields=["government", "kind", "-committed_at"], name="draw_list")]

    def __str__(self) -> str:
        return f"随机抽取第{self.pk}号：{self.purpose}"

    def get_absolute_url(self) -> str:
        return reverse("draws:draw", args=[self.pk])
