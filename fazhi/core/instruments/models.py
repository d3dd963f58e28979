"""The stored 文书, their templates and numbers, and attachments (see the package's docstring)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from ..models import OrgUnit


class ServiceWay(models.TextChoices):
    """How a written instrument reached its addressee (民事诉讼法 arts. 87–95, which 行政复议法
    (2023) art. 88 ¶1 and the courts apply to 送达; 政府信息公开条例 uses the same ways)."""

    IN_PERSON = "in_person", "直接送达"
    POST = "post", "邮寄送达"
    ELECTRONIC = "electronic", "电子送达"
    LEFT = "left", "留置送达"
    PUBLIC_NOTICE = "public_notice", "公告送达"


class InstrumentTemplate(models.Model):
    """A government's own text of one kind of 文书; without one the procedure's default is used."""

    government = models.ForeignKey(OrgUnit, verbose_name="政府", on_delete=models.PROTECT)
    kind = models.CharField("文书种类", max_length=80)
    title = models.CharField("标题", max_length=60)
    code = models.CharField("机关代字", max_length=20)
    body = models.TextField("正文模板", max_length=20000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "文书模板"
        constraints = [
            models.UniqueConstraint(fields=["government", "kind"], name="instrument_template_one")
        ]

    def __str__(self) -> str:
        return f"{self.government} {self.title}"


class InstrumentSequence(models.Model):
    """The last number given under one 机关代字 in one year (GB/T 9704 7.2.4: 〔年份〕序号号)."""

    government = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["government", "code", "year"], name="instrument_seq")
        ]

    def __str__(self) -> str:
        return f"{self.code}〔{self.year}〕{self.last}号"


class RecordLink(models.Model):
    """What a stored paper belongs to: one record of any procedure."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["content_type", "object_id"])]


class Instrument(RecordLink):
    """One issued 文书: its number, its text as issued (frozen), and its 送达."""

    government = models.ForeignKey(
        OrgUnit, verbose_name="制作机关", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("文书种类", max_length=80)
    title = models.CharField("标题", max_length=60)
    number = models.CharField("文号", max_length=60)
    step = models.CharField("办理环节", max_length=60)
    issued_on = models.DateField("制作日期")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="制作人",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    issued_at = models.DateTimeField("录入时间", auto_now_add=True)
    addressee = models.CharField("主送", max_length=200, blank=True)
    body = models.TextField("正文")
    signer = models.CharField("署名", max_length=100)
    served_on = models.DateField("送达日期", null=True, blank=True)
    served_way = models.CharField("送达方式", max_length=16, choices=ServiceWay.choices, blank=True)

    class Meta(RecordLink.Meta):
        verbose_name = verbose_name_plural = "文书"
        ordering = ["issued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["government", "number"], name="instrument_number")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="instrument_record")]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]


class Attachment(RecordLink):
    """Evidence or another paper attached to a record, kept with its checksum."""

    file = models.FileField("文件", upload_to="attachments/%Y/%m/", max_length=200)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小(字节)")
    sha256 = models.CharField("SHA-256", max_length=64)
    note = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta(RecordLink.Meta):
        verbose_name = verbose_name_plural = "附件"
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_record")]

    def __str__(self) -> str:
        return self.name
