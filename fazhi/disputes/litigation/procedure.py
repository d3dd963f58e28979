"""行政应诉 as the kernel knows it: one declaration (fazhi.core.procedures)."""

from fazhi.core.masking import mask_id_number
from fazhi.core.procedures import Column, Creation, Ledger, Names, Procedure, ReportText

from . import queries
from .instruments import INSTRUMENTS
from .models import Result, Status
from .steps import STEPS

RESULTS = dict(Result.choices)


def _result(case) -> str:
    if not case.result:
        return ""
    return str(RESULTS.get(case.result, case.result)) + ("，败诉" if case.lost else "")


LAWSUITS = Procedure(
    names=Names("litigation", "行政应诉", "案件", "yingsu/", "纠纷化解"),
    steps=STEPS,
    statuses=Status,
    visible=queries.visible_lawsuits,
    ledger=Ledger(
        columns=[
            Column("案号", "number", sort="number", phone=True, link=True),
            Column("审级", "instance"),
            Column("原告", "plaintiff_name"),
            Column.unit("被告", "defendant"),
            Column("案由", "cause"),
            Column("收到副本", "copy_received_on", sort="copy_received_on"),
            Column.status(),
            Column("裁判结果", _result, reads=("result", "lost")),
            Column.next_due(),
        ],
        date_field="copy_received_on",
        filters=["defendant", "instance", "plaintiff_type", "result", "lost"],
        search=["number", "plaintiff_name"],
        related=["unit", "defendant"],
    ),
    creation=Creation(
        label="登记应诉案件",
        form="fazhi.disputes.litigation.forms.ReceiveForm",
        create="fazhi.disputes.litigation.services.register",
        form_args=lambda user: {"defendants": queries.registrable_defendants(user)},
        intro=(
            "登记后即开始答辩举证期限：收到起诉状副本之日起15日内提交答辩状、证据和所依据的"
            "规范性文件(行政诉讼法第六十七条)；期限最后一日为节假日的，顺延至节假日后第一日。"
            "以本级人民政府为被告的案件由登记人所在单位承办。二审、再审案件请填写前一审级案号。"
        ),
    ),
    personal={"plaintiff_id_number": mask_id_number},
    workbench=queries.open_lawsuits,
    jobs=[("行政应诉·答辩举证提醒", "fazhi.disputes.litigation.jobs.remind_answer_due")],
    importers=["fazhi.disputes.litigation.imports.LitigationImporter"],
    metrics="fazhi.disputes.litigation.metrics",
    demo="fazhi.disputes.litigation.demo",
    report=[
        ReportText(
            6,
            15,
            "积极配合人民法院审理行政案件，全市行政诉讼案件"
            '{% fig "lit.total" %}，其中以市人民政府为被告'
            '{% fig "lit.gov_defendant" %}；严格落实行政机关负责人出庭应诉制度，负责人出庭应诉'
            '{% fig "lit.head_appearances" %}，出庭应诉率{% fig "lit.head_appearance_rate" %}，'
            '行政诉讼败诉率{% fig "lit.loss_rate" %}。',
        ),
    ],
    detail_context=lambda case, user: {
        "hearings": case.hearings.all(),
        "next_instances": case.next_instances.all(),
    },
    instruments=INSTRUMENTS,
)

PROCEDURES = [LAWSUITS]
