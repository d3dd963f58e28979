"""调解 ledgers (台账) from XLSX or CSV, one row a concluded case. The rows go through
`services.record_concluded_cases`, which checks each by the same transitions as the pages
(受理 → 开始调解 → 成功/不成功, or 当事人拒绝; then 司法确认) and writes all or nothing."""

from fazhi.core.audit import Channel
from fazhi.core.imports import (
    Column,
    Importer,
    RowWriteError,
    choice,
    date,
    lookup,
    text,
)

from . import services
from .models import (
    AgreementForm,
    ConfirmationResult,
    DisputeType,
    MediationBody,
    Mediator,
    Origin,
    Status,
)


class MediationImporter(Importer):
    """The importing user records the ledger as on the page: only bodies of units the user acts
    for (the table's creator rule; a row naming another unit's or county's body is refused with
    its row number)."""

    kind = "mediation"
    actor_needed = "调解记录归属导入人可以代表的调解组织。"
    label = "调解案件台账(已办结)"
    key_columns = ("body", "number")  # a blank 编号 is given by the platform: no key (validation)
    # record_concluded_cases refuses a 编号 taken in the table or the batch before it inserts.
    checked_before_insert = True
    columns = [
        Column(
            "调解组织代码",
            "body",
            lookup(MediationBody, "code", "调解组织"),
            example="532504-gaj-jttjs",
        ),
        Column("编号", "number", text(40), required=False, default=""),
        Column("纠纷类型", "dispute_type", choice(DisputeType), example="道路交通事故"),
        Column("当事人", "parties", text(200), example="张三、李四"),
        Column("联系电话", "party_phone", text(20), required=False, default=""),
        Column("调解来源", "origin", choice(Origin), example="当事人申请"),
        Column("受理日期", "received_on", date, example="2021-03-01"),
        Column(
            "调解员",
            "mediator",
            text(50),
            required=False,
            default="",
            help="当事人拒绝调解的可不填",
        ),
        Column(
            "调解结果",
            "outcome",
            choice(Status),
            example="调解成功",
            help="调解成功、调解不成功或终止(当事人拒绝)",
        ),
        Column("结案日期", "closed_on", date, example="2021-03-05"),
        Column("协议形式", "agreement_form", choice(AgreementForm), required=False, default=""),
        Column("协议内容摘要", "agreement_summary", text(300), required=False, default=""),
        Column("协议生效日期", "agreement_effective_on", date, required=False),
        Column("申请司法确认日期", "confirmation_applied_on", date, required=False),
        Column("受理法院", "confirmation_court", text(100), required=False, default=""),
        Column(
            "司法确认结果",
            "confirmation_result",
            choice(ConfirmationResult),
            required=False,
            default="",
        ),
        Column("司法确认裁定日期", "confirmation_decided_on", date, required=False),
    ]

    def check_row(self, values: dict) -> list[tuple[str | None, str]]:
        problems = []
        if values["outcome"] not in Status.outcomes():
            problems.append(
                ("调解结果", "台账只登记已办结的案件：调解成功、调解不成功或当事人拒绝")
            )
        if values["outcome"] == Status.SUCCEEDED and not values["agreement_form"]:
            problems.append(("协议形式", "调解成功的应填写协议形式"))
        if values["outcome"] != Status.REFUSED and not values["mediator"]:
            problems.append(("调解员", "经调解的案件应填写调解员"))
        return problems

    def write(self, rows: list[dict], actor) -> int:
        mediators = self._mediators(rows)
        ledger = []
        for index, row in enumerate(rows):
            mediator = None
            if row["mediator"]:
                mediator = mediators.get((row["body"].pk, row["mediator"]))
                if mediator is None:
                    raise RowWriteError(
                        index, f"“{row['mediator']}”不是{row['body']}的在册调解员", "调解员"
                    )
            ledger.append(
                services.ConcludedCase(
                    body=row["body"],
                    intake=services.Intake(
                        dispute_type=row["dispute_type"],
                        parties=row["parties"],
                        origin=row["origin"],
                        received_on=row["received_on"],
                        party_phone=row["party_phone"],
                    ),
                    outcome=row["outcome"],
                    closed_on=row["closed_on"],
                    mediator=mediator,
                    number=row["number"],
                    agreement_form=row["agreement_form"],
                    agreement_summary=row["agreement_summary"],
                    agreement_effective_on=row["agreement_effective_on"],
                    confirmation_applied_on=row["confirmation_applied_on"],
                    confirmation_court=row["confirmation_court"],
                    confirmation_result=row["confirmation_result"],
                    confirmation_decided_on=row["confirmation_decided_on"],
                )
            )
        try:
            return services.record_concluded_cases(actor, self.channel or Channel.IMPORT, ledger)
        except services.RowRefusal as exc:
            raise RowWriteError(exc.index, "；".join(exc.messages)) from exc

    def _mediators(self, rows) -> dict:
        """The active 调解员 of the rows' bodies, {(body id, name): mediator}: read once per body
        and pass (the check, then the write), not once per transaction."""
        roll = getattr(self, "_roll", None)
        if roll is None or roll[0] != self.trial:
            roll = self._roll = (self.trial, set(), {})
        _, loaded, mediators = roll
        body_ids = {row["body"].pk for row in rows} - loaded
        if body_ids:
            found = Mediator.objects.filter(body_id__in=body_ids, active=True)
            mediators.update({(m.body_id, m.name): m for m in found})
            loaded.update(body_ids)
        return mediators
