"""合法性审核 as the kernel knows it: one declaration (fazhi.core.procedures)."""

from django.urls import NoReverseMatch

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
from .instruments import INSTRUMENTS
from .models import ReviewStatus
from .steps import OFFICE, STEPS


def _facts(review, user) -> dict:
    """The record reviewed, linked when it has a page of its own."""
    subject = review.subject if review.subject_type_id else None
    url = ""
    if subject is not None:
        try:
            url = subject.get_absolute_url()
        except (AttributeError, NoReverseMatch):  # a record without a page: named, not linked
            url = ""
    return {"subject": subject, "subject_url": url}


LEGALITY = Procedure(
    names=Names("legality", "合法性审核", "审核", "hefaxing/", "依法决策"),
    steps=STEPS,
    statuses=ReviewStatus,
    visible=queries.visible_reviews,
    ledger=Ledger(
        columns=[
            Column("送审文件名称", "title", phone=True, link=True),
            Column("送审类别", "kind"),
            Column.unit("送审单位", "unit"),
            Column("送审日期", "submitted_on", sort="submitted_on"),
            Column("审核意见", "opinion"),
            Column.status(),
            Column("审核期限", "next_due_on", sort="next_due_on", phone=True, due=True),
        ],
        date_field="submitted_on",
        filters=["kind", "unit", "opinion"],
        search=["title"],
        search_label="送审文件名称",
        related=["unit", "office"],
    ),
    facts_template="legality/_facts.html",
    creation=Creation(
        label="送请合法性审核",
        form="fazhi.governance.legality.forms.RequestForm",
        create="fazhi.governance.legality.services.register",
        form_args=lambda user: {"user": user},
        intro="重大行政决策草案、行政规范性文件、合同协议等，提交讨论、发布或者签订前送本级政府的"
        "合法性审核机构审核；应当提供送审稿及有关依据、履行法定程序的说明等材料(可在登记后上传附件)，"
        "并保证必要的审核时间(重大行政决策一般不少于7个工作日，重大行政决策程序暂行条例第二十六条)。",
    ),
    duties=[Duty(OFFICE, "合法性审核机构")],
    api_fields=[
        "unit",
        "office",
        "kind",
        "title",
        "note",
        "counterparty",
        "submitted_on",
        "accepted_on",
        "returned_on",
        "return_reason",
        "resubmitted_on",
        "due_on",
        "opinion",
        "opinion_on",
        "opinion_text",
        "withdrawn_on",
        "signed_on",
    ],
    workbench=queries.open_reviews,
    jobs=[
        ("合法性审核·临期提醒", "fazhi.governance.legality.jobs.remind_due_soon"),
        ("合法性审核·逾期提醒", "fazhi.governance.legality.jobs.remind_overdue"),
    ],
    importers=["fazhi.governance.legality.imports.ReviewImporter"],
    metrics="fazhi.governance.legality.metrics",
    demo="fazhi.governance.legality.demo",
    report=[
        ReportText(
            2,
            15,
            '{{ year }}年，开展合法性审核{% fig "dec.legality_reviews" %}，'
            '审核合同协议{% fig "legal.contract_reviews" %}。',
        ),
    ],
    detail_context=_facts,
    instruments=INSTRUMENTS,
)

PROCEDURES = [LEGALITY]
