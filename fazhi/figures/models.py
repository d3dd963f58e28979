"""Figures defined without code: a coordinator declares a count, sum or rate over one procedure's
records as data (field, operator, value rows), and the registry builds it at compute time
(fazhi.figures.custom). Nothing here is ever evaluated as code or SQL."""

from django.db import models

from fazhi.core.records import unit_field, user_field

from .registry import Display


class Kind(models.TextChoices):
    COUNT = "count", "计数(件数)"
    RATE = "rate", "比率(分子/分母)"
    SUM = "sum", "求和(数值字段之和)"


class CustomFigure(models.Model):
    """A figure a coordinator defined in the browser. It belongs to the coordinator's government
    and is computed for that government and the units under it (a county's own indicator does
    not appear in the neighbouring county's table; a prefecture's one appears in its counties')."""

    figure_id = models.CharField("指标编号", max_length=60, unique=True)
    label = models.CharField("指标名称", max_length=100)
    unit = models.CharField("计量单位", max_length=10)
    section = models.CharField("报告部分", max_length=20)
    definition = models.TextField("口径说明")
    display = models.CharField(
        "显示方式", max_length=8, choices=Display.choices, default=Display.EXACT
    )
    kind = models.CharField("类型", max_length=8, choices=Kind.choices)
    procedure = models.CharField("办理事项", max_length=40)
    conditions = models.JSONField("条件(计数)/分母条件(比率)", default=list)
    numerator_conditions = models.JSONField("分子另加条件(比率)", default=list, blank=True)
    sum_field = models.CharField("求和字段", max_length=60, blank=True)
    government = unit_field("所属人民政府")
    version = models.PositiveIntegerField("版本", default=1)
    created_by = user_field("定义人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "自定义指标"
        ordering = ["section", "figure_id"]

    def __str__(self) -> str:
        return f"{self.label}({self.figure_id})"
