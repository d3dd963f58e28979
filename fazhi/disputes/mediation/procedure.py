"""人民调解、行政调解 as the kernel knows it: one declaration (fazhi.core.procedures)."""

from fazhi.core.masking import mask_phone
from fazhi.core.procedures import Column, Creation, Ledger, Names, Procedure, ReportText

from . import queries
from .models import Status
from .steps import STEPS

CASES = Procedure(
    names=Names("mediation", "调解", "案件", "tiaojie/", "纠纷化解"),
    steps=STEPS,
    statuses=Status,
    visible=queries.visible_cases,
    ledger=Ledger(
        columns=[
            Column("编号", "number", sort="number", phone=True, link=True),
            Column("调解组织", "body.name"),
            Column("类别", "kind"),
            Column("纠纷类型", "dispute_type"),
            Column("当事人", "parties"),
            Column("受理日期", "received_on", sort="received_on"),
            Column.status(),
            Column.next_due(),
        ],
        date_field="received_on",
        filters=["unit", "kind", "dispute_type", "origin"],
        search=["number", "parties"],
        related=["body", "unit", "mediator"],
    ),
    creation=Creation(
        label="受理调解",
        form="fazhi.disputes.mediation.forms.ReceiveForm",
        create="fazhi.disputes.mediation.services.register",
        form_args=lambda user: {"bodies": queries.visible_bodies(user).filter(active=True)},
        intro=(
            "当事人一方明确拒绝调解的，不得调解(人民调解法第十七条)。调解期限为提示期限，"
            "人民调解法未作规定。"
        ),
    ),
    personal={"party_phone": mask_phone},
    workbench=queries.open_cases,
    jobs=[("调解·逾期提醒", "fazhi.disputes.mediation.jobs.remind_overdue")],
    importers=["fazhi.disputes.mediation.imports.MediationImporter"],
    metrics="fazhi.disputes.mediation.metrics",
    demo="fazhi.disputes.mediation.demo",
    report=[
        ReportText(
            6,
            20,
            "（二）完善多元化纠纷解决机制。坚持和发展新时代“枫桥经验”，推动人民调解、行政调解、"
            "司法调解衔接联动，在人民法院和道路交通事故纠纷调解工作室推行“人民调解+司法确认”。"
            '全年各级调解组织调解民间纠纷{% fig "med.people.cases" %}，调处成功'
            '{% fig "med.people.success" %}；行政机关组织行政调解{% fig "med.admin.cases" %}，'
            '调处成功{% fig "med.admin.success" %}。',
        ),
    ],
)

PROCEDURES = [CASES]
