"""行政规范性文件 as the kernel knows it: three ledgers in one app (fazhi.core.procedures) — the
documents, their 清理 and their 备案审查 — and the public library of the portal."""

from django.db.models import Q

from fazhi.core.procedures import Column, Creation, Duty, Ledger, Names, Procedure, ReportText

from . import queries
from .models import CampaignStatus, DocStatus, FilingStatus, IncidentalStatus
from .steps import CAMPAIGN_STEPS, FILING_OFFICE, FILING_STEPS, INCIDENTAL_STEPS, STEPS

MENU = "依法决策"


DOCUMENTS = Procedure(
    names=Names("normative", "行政规范性文件", "文件", "guifan/", MENU),
    steps=STEPS,
    statuses=DocStatus,
    visible=queries.visible_documents,
    ledger=Ledger(
        columns=[
            Column("标题", "title", phone=True, link=True),
            Column("文号", "doc_number"),
            Column.unit("制定机关", "organ"),
            Column.unit("起草单位", "unit"),
            Column("公布日期", "published_on", sort="published_on"),
            Column.status(),
            Column.next_due(),
        ],
        date_field="drafted_on",
        filters=["organ", "unit", "provisional"],
        search=["title", "doc_number"],
        search_label="标题/文号",
        related=["organ", "unit"],
    ),
    facts_template="normative/_facts.html",
    creation=Creation(
        label="登记规范性文件草案",
        form="fazhi.governance.normative.forms.RegisterForm",
        create="fazhi.governance.normative.services.register",
        form_args=lambda user: {"user": user},
        intro="起草单位登记草案后提请合法性审核；未经合法性审核或者经审核不合法的，不得提交集体审议。"
        "公布后应在规定期限内报送备案。",
    ),
    api_fields=[
        "organ",
        "unit",
        "title",
        "provisional",
        "drafted_on",
        "doc_number",
        "published_on",
        "effective_from",
        "valid_until",
        "filing_due_on",
        "filed_on",
        "abolished_on",
        "expired_on",
    ],
    workbench=queries.open_documents,
    workbench_lists=Q(due_on__isnull=False),
    jobs=[
        ("规范性文件·有效期届满失效", "fazhi.governance.normative.jobs.expire_documents"),
        ("规范性文件·备案逾期提醒", "fazhi.governance.normative.jobs.remind_filing_overdue"),
    ],
    importers=["fazhi.governance.normative.imports.DocumentImporter"],
    metrics="fazhi.governance.normative.metrics",
    demo="fazhi.governance.normative.demo",
    report=[
        ReportText(
            1,
            25,
            "纵深推进“放管服”改革，持续优化法治化营商环境。全面清理制约“放管服”改革的规范性文件，"
            '经清理，共废止{% fig "doc.cleanup.abolished" %}规范性文件，'
            '对{% fig "doc.cleanup.amended" %}规范性文件的部分条款予以修改。',
        ),
        ReportText(
            2,
            25,
            "强化行政规范性文件合法性审查。全面推行行政规范性文件合法性审核机制，不断加大行政规范性"
            "文件备案审查力度。以市政府或市政府办名义下发的文件(含规范性文件)均要进行合法性审核。"
            '全年办理规范性文件备案审查{% fig "doc.filing_reviews" %}。',
        ),
    ],
    extra_urls="fazhi.governance.normative.urls",
    links=[("规范性文件库(公开)", "normative:library")],
    detail_context=lambda doc, user: {
        "versions": queries.history(doc),
        "decisions": doc.cleanup_decisions.select_related("campaign"),
    },
)


CAMPAIGNS = Procedure(
    names=Names(
        "normative_cleanup",
        "规范性文件清理",
        "清理",
        "guifan/qingli/",
        MENU,
        api_prefix="/normative/cleanup",
    ),
    steps=CAMPAIGN_STEPS,
    statuses=CampaignStatus,
    visible=queries.visible_campaigns,
    ledger=Ledger(
        columns=[
            Column("清理名称", "title", phone=True, link=True),
            Column.unit("牵头单位", "office"),
            Column("清理基准日", "cutoff_on", sort="cutoff_on"),
            Column("开始日期", "opened_on", sort="opened_on"),
            Column("完成日期", "closed_on"),
            Column.status(),
        ],
        date_field="opened_on",
        search=["title"],
        search_label="清理名称",
        related=["office", "government"],
    ),
    facts_template="normative/_campaign_facts.html",
    creation=Creation(
        label="组织规范性文件清理",
        form="fazhi.governance.normative.forms.CampaignForm",
        create="fazhi.governance.normative.services.campaign_from_form",
        form_args=lambda user: {"user": user},
        intro="清理基准日有效的、清理范围内制定机关的规范性文件，均应逐件作出保留、修改或者废止的"
        "清理结果并写明理由；全部作出后方可完成清理，完成时清理结果即予执行。",
    ),
    api_fields=["government", "office", "title", "cutoff_on", "opened_on", "closed_on"],
    detail_context=lambda campaign, user: {
        "decisions": campaign.decisions.select_related("document", "document__organ"),
        "pending": queries.undecided(campaign)[:50],
        "pending_count": queries.undecided(campaign).count(),
    },
)


FILINGS = Procedure(
    names=Names(
        "normative_filing",
        "规范性文件备案审查",
        "备案审查",
        "guifan/beian/",
        MENU,
        api_prefix="/normative/filing",
    ),
    steps=FILING_STEPS,
    statuses=FilingStatus,
    visible=queries.visible_filing_reviews,
    ledger=Ledger(
        columns=[
            Column("规范性文件", "document.title", phone=True, link=True),
            Column.unit("制定机关", "organ"),
            Column("收到备案日期", "received_on", sort="received_on"),
            Column.status(),
            Column.next_due(),
        ],
        date_field="received_on",
        filters=["organ"],
        related=["document", "organ", "office", "government"],
    ),
    facts_template="normative/_filing_facts.html",
    creation=Creation(
        label="登记备案审查",
        form="fazhi.governance.normative.forms.FilingForm",
        create="fazhi.governance.normative.services.filing_from_form",
        form_args=lambda user: {"user": user},
        intro="报送备案的规范性文件由备案审查机构审查：符合规定的予以备案登记；存在问题的提出审查"
        "意见，建议制定机关修改或者废止，制定机关自收到之日起30日内报送处理情况。",
    ),
    api_fields=["government", "office", "organ", "document", "received_on", "concluded_on"],
    duties=[Duty(FILING_OFFICE, "规范性文件备案审查机构")],
    workbench=queries.open_filing_reviews,
    jobs=[("规范性文件·备案审查逾期提醒", "fazhi.governance.normative.jobs.remind_review_overdue")],
)


INCIDENTAL = Procedure(
    names=Names(
        "normative_incidental",
        "规范性文件附带审查",
        "附带审查",
        "guifan/fudai/",
        MENU,
        api_prefix="/normative/incidental",
    ),
    steps=INCIDENTAL_STEPS,
    statuses=IncidentalStatus,
    visible=queries.visible_incidental_reviews,
    ledger=Ledger(
        columns=[
            Column("规范性文件", "document_title", phone=True, link=True),
            Column("行政复议案件", "case.number"),
            Column("中止审理日期", "requested_on", sort="requested_on"),
            Column.status(),
            Column.next_due(),
        ],
        date_field="requested_on",
        search=["document_title"],
        search_label="规范性文件",
        related=["case", "office", "organ"],
    ),
    facts_template="normative/_incidental_facts.html",
    creation=Creation(
        label="受理附带审查申请",
        form="fazhi.governance.normative.forms.IncidentalForm",
        create="fazhi.governance.normative.services.incidental_from_form",
        form_args=lambda user: {"user": user},
        intro="申请人在申请行政复议时一并提出对规范性文件的附带审查申请的，行政复议中止(行政复议法"
        "第三十九条第一款第九项)；复议机关有权处理的，应当在三十日内依法处理，无权处理的，应当在七个"
        "工作日内转送有权处理的机关(第五十六条)。处理结果告知后恢复审理。",
    ),
    api_fields=[
        "organ",
        "office",
        "case",
        "document",
        "document_title",
        "clauses",
        "requested_on",
        "competent",
        "handled_on",
        "result",
    ],
    workbench=queries.open_incidental_reviews,
    jobs=[
        ("规范性文件·附带审查逾期提醒", "fazhi.governance.normative.jobs.remind_incidental_overdue")
    ],
)

PROCEDURES = [DOCUMENTS, CAMPAIGNS, FILINGS, INCIDENTAL]
