"""行政执法案件 and the 三项制度 as the kernel knows them: one declaration."""

from fazhi.core.masking import mask_id_number, mask_phone
from fazhi.core.procedures import (
    Column,
    Creation,
    Duty,
    Ledger,
    Names,
    Procedure,
    ReportText,
)

from . import queries
from .models import Status
from .steps import FILING, STEPS


def _facts(case, user) -> dict:
    return {
        "assignments": case.assignments.select_related("officer").order_by("assigned_on", "id"),
        "reviews": case.reviews.select_related("reviewer").order_by("reviewed_on", "id"),
        "records": case.process_records.select_related("attachment").order_by("recorded_at"),
    }


CASES = Procedure(
    names=Names("enforcement", "行政执法案件", "案件", "zhifa/", "行政执法"),
    steps=STEPS,
    statuses=Status,
    visible=queries.visible_cases,
    ledger=Ledger(
        columns=[
            Column("案由(事项)", "title", phone=True, link=True),
            Column("执法类别", "kind"),
            Column.unit("执法部门", "unit"),
            Column("立案日期", "opened_on", sort="opened_on"),
            Column("重大", lambda c: "重大" if c.major else "", reads=("major",)),
            Column("状态", "status", phone=True),
            Column("下一期限", "next_due_on", sort="next_due_on", phone=True, due=True),
        ],
        date_field="opened_on",
        filters=["kind", "field", "unit", "major"],
        search=["title", "number"],
        search_label="案由、案号",
        related=["unit"],
    ),
    facts_template="enforcement/_facts.html",
    creation=Creation(
        label="立案",
        form="fazhi.enforcement.cases.forms.CaseForm",
        create="fazhi.enforcement.cases.services.register",
        form_args=lambda user: {"user": user},
        intro="执法人员不得少于两人，且应当持有本执法领域有效的行政执法证件(行政处罚法第四十二条)；"
        "行政处罚案件应当自立案之日起九十日内作出决定(第六十条)。",
    ),
    personal={"party_id_number": mask_id_number, "party_phone": mask_phone},
    duties=[Duty(FILING, "重大执法决定备案审查机关")],
    api_fields=[
        "unit",
        "number",
        "title",
        "kind",
        "field",
        "party_kind",
        "party_name",
        "party_id_number",
        "party_phone",
        "opened_on",
        "decide_due_on",
        "major",
        "cleared_on",
        "notified_on",
        "heard_on",
        "decided_on",
        "outcome",
        "conclusion",
        "served_on",
        "published_on",
        "withdrawn_on",
        "filing_on",
        "filing_opinion",
        "closed_on",
    ],
    workbench=queries.open_cases,
    jobs=[
        ("行政执法·临期提醒", "fazhi.enforcement.cases.jobs.remind_due_soon"),
        ("行政执法·逾期提醒", "fazhi.enforcement.cases.jobs.remind_overdue"),
    ],
    importers=["fazhi.enforcement.cases.imports.CaseImporter"],
    metrics="fazhi.enforcement.cases.metrics",
    demo="fazhi.enforcement.cases.demo",
    report=[
        ReportText(
            4,
            12,
            "{{ year }}年，{{ area }}各部门共进行行政执法决定法制审核"
            '{% fig "enf.legal_reviews" %}，'
            '对重大行政执法决定严格进行报备，共进行审查备案{% fig "enf.major_filings" %}；'
            "行政许可、行政处罚决定自作出之日起7个工作日内、其他执法决定20个工作日内向社会公示，"
            '执法决定公示及时率{% fig "enf.publication_on_time_rate" %}。',
        ),
    ],
    extra_urls="fazhi.enforcement.cases.urls",
    links=[
        ("执法公示(门户)", "enforcement:portal"),
        ("法制审核目录清单", "enforcement:catalogue"),
        ("全过程记录校验", "enforcement:checksums"),
    ],
    detail_context=_facts,
)

PROCEDURES = [CASES]
