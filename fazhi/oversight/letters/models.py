"""信箱: letters that reach the county from the prefecture's unified mailbox (州政府统一信箱).

The prefecture's system gives each letter its reference number; the county registers it (已收到),
assigns it to the unit that answers it (已交办), records the reply (已答复), and closes it
(已办结). A letter may be sent back and reassigned (退回/改派): each move is a `LetterTransfer`.
The reply period is a local rule (see rules.py), not a statute.
"""

from django.db import models

from fazhi.core.choices import groups
from fazhi.core.models import OrgUnit
from fazhi.core.records import ClockedRecord, ledger_indexes, unit_field


class LetterCategory(models.TextChoices):
    CONSULTATION = "consultation", "咨询"
    SUGGESTION = "suggestion", "建议"
    COMPLAINT = "complaint", "投诉"
    HELP = "help", "求助"
    OTHER = "other", "其他"


# awaiting_reply: Letters whose reply clock runs: they are the ones that can be overdue.
@groups(open=["received", "assigned", "answered"], awaiting_reply=["assigned"])
class LetterStatus(models.TextChoices):
    RECEIVED = "received", "已收到"
    ASSIGNED = "assigned", "已交办"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"


class Letter(ClockedRecord):
    statuses = LetterStatus
    scope_field = "organ"
    breakdown_field = "unit"  # the unit the letter was assigned to
    awaiting = "awaiting_reply"

    organ = unit_field("收信政府")
    registrar = models.ForeignKey(
        OrgUnit,
        verbose_name="登记交办单位",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="代表本级政府接收信箱信件并交办、督办的单位(如政府办)。",
    )
    unit = unit_field("承办单位", related_name="mailbox_letters", null=True, blank=True)
    reference = models.CharField("信件编号", max_length=40, help_text="州政府统一信箱系统的编号")
    received_on = models.DateField("收到日期")
    writer_name = models.CharField("来信人", max_length=60)
    writer_phone = models.CharField("联系电话", max_length=20, blank=True)
    subject = models.CharField("信件标题", max_length=200)
    category = models.CharField("信件类别", max_length=16, choices=LetterCategory.choices)
    status = models.CharField(
        "状态", max_length=10, choices=LetterStatus.choices, default=LetterStatus.RECEIVED
    )
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    reply_due_on = models.DateField("答复期限", null=True, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    reply_summary = models.CharField("答复摘要", max_length=500, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    transfer_count = models.PositiveSmallIntegerField("退回改派次数", default=0)
    overdue_notified_on = models.DateField("逾期提醒日期", null=True, blank=True)

    class Meta:
        db_table = "oversight_letter"  # kept from before the app was split out
        verbose_name = verbose_name_plural = "信箱信件"
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organ", "reference"], name="letter_reference_unique")
        ]
        indexes = ledger_indexes(
            "letter", "received_on", visible_by=("registrar", "unit"), scope="organ"
        )

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"[:200]


class LetterTransfer(models.Model):
    """退回/改派: the letter left one unit for another; the reply clock restarts."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="transfers")
    from_unit = unit_field("原承办单位")
    to_unit = unit_field("改派单位")
    on = models.DateField("改派日期")
    reason = models.CharField("退回理由", max_length=200)

    class Meta:
        db_table = "oversight_lettertransfer"  # kept from before the app was split out
        verbose_name = verbose_name_plural = "信件退回改派"
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.from_unit} → {self.to_unit} ({self.on})"
