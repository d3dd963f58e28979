"""人大代表建议、政协委员提案 as the kernel knows it: one declaration (fazhi.core.procedures)."""

from django.db.models import Q
from django.utils import timezone

from fazhi.core.procedures import Column, Creation, Duty, Ledger, Names, Procedure, ReportText

from . import queries
from .models import Status
from .steps import OFFICE, STEPS


def _lead_unit(p) -> str:
    return (p.unit.short_name or p.unit.name) if p.unit_id else "未交办"


def _facts(p, user) -> dict:
    return {
        "co_units": p.co_units.order_by("path"),
        "merged": p.merged.order_by("source", "number"),
        "answers": p.answers.all(),
    }


PROPOSALS = Procedure(
    names=Names("proposals", "建议提案", "建议提案", "jianyi/", "监督公开"),
    steps=STEPS,
    statuses=Status,
    visible=queries.visible_proposals,
    ledger=Ledger(
        columns=[
            Column("类别", "source"),
            Column("编号", "number", phone=True, link=True),
            Column("标题", "title", phone=True),
            Column("主办单位", _lead_unit, reads=("unit_id", "unit__short_name", "unit__name")),
            Column("收到日期", "received_on", sort="received_on"),
            Column.status(),
            Column.next_due(),
        ],
        date_field="received_on",
        filters=["source", "unit", "category", "satisfaction"],
        search=["number", "title"],
        related=["unit", "office", "government"],
    ),
    creation=Creation(
        label="登记建议提案",
        form="fazhi.oversight.proposals.forms.ReceiveForm",
        create="fazhi.oversight.proposals.services.register",
        form_args=lambda user: {"initial": {"year": timezone.localdate().year}},
        intro="人大常委会、政协交来的建议提案，按其所编的编号逐件登记。",
    ),
    duties=[Duty(OFFICE, "建议提案交办机构")],
    workbench=queries.open_proposals,
    workbench_lists=Q(status__in=Status.awaiting_answer()),
    jobs=[("建议提案·逾期提醒", "fazhi.oversight.proposals.jobs.remind_overdue")],
    importers=["fazhi.oversight.proposals.imports.ProposalImporter"],
    metrics="fazhi.oversight.proposals.metrics",
    demo="fazhi.oversight.proposals.demo",
    report=[
        ReportText(
            5,
            10,
            "（一）自觉接受人大监督和民主监督。依法向人大及其常委会报告工作。"
            "{{ year }}年，政府系统共承办人大代表建议和政协委员提案"
            '{% fig "sup.proposals.total" %}，其中人大代表建议{% fig "sup.proposals.npc" %}、'
            '政协提案{% fig "sup.proposals.cppcc" %}，涉及{% fig "sup.proposals.units" %}'
            '市级单位和{% fig "sup.proposals.towns" %}乡镇人民政府（街道办事处）。'
            "坚持主办单位牵头、协办单位配合，内容相近的建议提案并案办理，对答复不满意的"
            "重新办理并再次答复；截至9月30日，办结率"
            '{% fig "sup.proposals.closed_rate" %}。',
        ),
    ],
    detail_context=_facts,
)

PROCEDURES = [PROPOSALS]
