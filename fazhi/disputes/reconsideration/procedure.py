"""行政复议 as the kernel knows it: one declaration (fazhi.core.procedures)."""

from fazhi.core.masking import mask_id_number, mask_phone
from fazhi.core.procedures import Column, Creation, Duty, Ledger, Names, Procedure, ReportText

from . import queries
from .instruments import INSTRUMENTS
from .models import Status
from .steps import OFFICE, STEPS

CASES = Procedure(
    names=Names("reconsideration", "行政复议", "案件", "fuyi/", "纠纷化解"),
    steps=STEPS,
    statuses=Status,
    visible=queries.visible_cases,
    ledger=Ledger(
        columns=[
            Column("案号", "number", sort="number", phone=True, link=True),
            Column("申请人", "applicant_name"),
            Column.unit("被申请人", "respondent"),
            Column("类别", "category"),
            Column("收到日期", "received_on", sort="received_on"),
            Column.status(),
            Column.next_due(),
        ],
        date_field="received_on",
        filters=["respondent", "category", "applicant_type", "law"],
        search=["number", "applicant_name"],
        related=["unit", "respondent", "organ"],
    ),
    creation=Creation(
        label="登记复议申请",
        form="fazhi.disputes.reconsideration.forms.ReceiveForm",
        create="fazhi.disputes.reconsideration.services.register",
        form_args=lambda user: {"government": user.unit.government()},
    ),
    personal={"applicant_id_number": mask_id_number, "applicant_phone": mask_phone},
    duties=[Duty(OFFICE, "行政复议机构")],
    workbench=queries.open_cases,
    jobs=[
        ("行政复议·视为受理", "fazhi.disputes.reconsideration.jobs.deem_accepted"),
        ("行政复议·逾期提醒", "fazhi.disputes.reconsideration.jobs.remind_overdue"),
    ],
    importers=["fazhi.disputes.reconsideration.imports.ReconsiderationImporter"],
    metrics="fazhi.disputes.reconsideration.metrics",
    demo="fazhi.disputes.reconsideration.demo",
    report=[
        ReportText(
            1,
            25,
            "{{ year }}年共收到民营企业行政复议申请"
            '{% fig "rec.private_enterprise.received" %}，办结'
            '{% fig "rec.private_enterprise.closed" %}。',
        ),
        ReportText(
            6,
            10,
            "（一）发挥行政复议化解行政争议的主渠道作用。{{ year }}年，行政复议机关共审查行政"
            '复议申请{% fig "rec.reviewed" %}，其中受理{% fig "rec.accepted" %}、不予受理'
            '{% fig "rec.rejected" %}；办结{% fig "rec.closed" %}，按期办结率'
            '{% fig "rec.on_time_rate" %}，纠错率{% fig "rec.correction_rate" %}。',
        ),
    ],
    detail_context=lambda case, user: {"pauses": case.pauses.all()},
    instruments=INSTRUMENTS,
)

PROCEDURES = [CASES]
