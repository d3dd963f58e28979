"""州政府统一信箱 as the kernel knows it: one declaration (fazhi.core.procedures)."""

from fazhi.core.masking import mask_name, mask_phone
from fazhi.core.procedures import Column, Creation, Duty, Ledger, Names, Procedure, ReportText

from . import queries
from .models import LetterStatus
from .steps import RECEIVER, STEPS


def _unit(letter) -> str:
    if letter.unit_id is None:
        return "待交办"
    return letter.unit.short_name or letter.unit.name


LETTERS = Procedure(
    names=Names("letters", "州政府统一信箱", "信件", "xinxiang/", "监督公开"),
    steps=STEPS,
    statuses=LetterStatus,
    visible=queries.visible_letters,
    ledger=Ledger(
        columns=[
            Column("信件编号", "reference", sort="reference", phone=True, link=True),
            Column("标题", "subject"),
            Column("来信人", lambda letter: mask_name(letter.writer_name), reads=("writer_name",)),
            Column("类别", "category"),
            Column("收到日期", "received_on", sort="received_on"),
            Column("承办单位", _unit, reads=("unit_id", "unit__short_name", "unit__name")),
            Column.status(),
            Column("答复期限", "next_due_on", sort="next_due_on", phone=True, due=True),
        ],
        date_field="received_on",
        filters=["unit", "category"],
        search=["reference", "subject"],
        search_label="编号/标题",
        related=["unit", "registrar", "organ"],
    ),
    creation=Creation(
        label="登记信件",
        form="fazhi.oversight.letters.forms.ReceiveForm",
        create="fazhi.oversight.letters.services.register",
        intro="登记州政府统一信箱转来的信件，信件编号以州信箱系统为准。交办后开始计算答复期限。",
    ),
    personal={"writer_name": mask_name, "writer_phone": mask_phone},
    duties=[Duty(RECEIVER, "信箱信件登记交办单位")],
    workbench=queries.open_letters,
    jobs=[("信箱·逾期提醒", "fazhi.oversight.letters.jobs.remind_overdue")],
    importers=["fazhi.oversight.letters.imports.LetterImporter"],
    metrics="fazhi.oversight.letters.metrics",
    demo="fazhi.oversight.letters.demo",
    report=[
        ReportText(
            5,
            30,
            "（三）畅通群众诉求渠道，规范政务新媒体。认真办理州政府统一信箱转办信件，全年受理"
            '{% fig "sup.letters.received" %}，逐件登记、限时交办、跟踪督办，办结率'
            '{% fig "sup.letters.closed_rate" %}。',
        )
    ],
    detail_context=lambda letter, user: {
        "transfers": letter.transfers.select_related("from_unit", "to_unit")
    },
)

PROCEDURES = [LETTERS]
