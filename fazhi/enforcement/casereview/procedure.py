"""行政执法案卷评查 as the kernel knows it: the campaigns (评查活动) and their drawn files
(评查案卷)."""

from fazhi.core import draws
from fazhi.core.procedures import Column, Creation, Duty, Ledger, Names, Procedure, ReportText

from . import queries
from .models import CampaignStatus, FileStatus
from .steps import COORDINATOR, FILE_STEPS, KIND, STEPS

draws.register_kind(KIND, "案卷评查")


def _campaign_facts(campaign, user) -> dict:
    return {
        "items": campaign.items.all(),
        "departments": campaign.departments.order_by("path"),
        "reviewers": campaign.reviewers.select_related("unit").order_by("username"),
        # a department sees only its own files and results (queries.visible_files)
        "results": queries.results_by_department(
            queries.visible_files(user).filter(campaign=campaign)
        ),
        "files": queries.visible_files(user).filter(campaign=campaign).order_by("unit__path", "id"),
        "verify": draws.verify(campaign.draw) if campaign.draw_id else None,
    }


def _file_facts(file, user) -> dict:
    return {"scores": file.scores.select_related("item").order_by("item__order")}


CAMPAIGNS = Procedure(
    names=Names("casereview", "行政执法案卷评查", "评查活动", "zhifa/pingcha/", "行政执法"),
    steps=STEPS,
    statuses=CampaignStatus,
    visible=queries.visible_campaigns,
    ledger=Ledger(
        columns=[
            Column("活动名称", "title", link=True, phone=True),
            Column("评查年度", "year", sort="year", phone=True),
            Column.unit("组织单位", "unit"),
            Column("方案制定日期", "planned_on", sort="planned_on"),
            Column("状态", "status", phone=True),
        ],
        date_field="planned_on",
        filters=["unit"],
        search=["title"],
        search_label="活动名称",
        related=["unit"],
    ),
    facts_template="casereview/_facts.html",
    creation=Creation(
        label="制定案卷评查方案",
        form="fazhi.enforcement.casereview.forms.CampaignForm",
        create="fazhi.enforcement.casereview.services.plan_campaign",
        form_args=lambda user: {"user": user},
        intro="由本级政府的行政执法案卷评查组织单位(司法局)制定：选择被评查部门、每部门抽取"
        "案卷数(或总数，每部门至少一卷)、评查人员和评查标准。评查标准在公示随机抽取前可以修改，"
        "公示后不能再改。抽取范围为被评查部门当年已结案的行政执法案卷。",
    ),
    api_fields=["unit", "year", "title", "per_department", "total", "planned_on"],
    duties=[Duty(COORDINATOR, "行政执法案卷评查组织单位")],
    workbench=None,
    metrics="fazhi.enforcement.casereview.metrics",
    demo="fazhi.enforcement.casereview.demo",
    report=[
        ReportText(
            4,
            14,
            "{{ year }}年，{{ area }}组织行政执法案卷评查，随机抽查"
            '{% fig "enf.case_reviews.departments" %}执法部门年度已结执法案卷'
            '{% fig "enf.case_reviews.files" %}进行评查，平均得分'
            '{% fig "enf.case_reviews.average" %}，合格率'
            '{% fig "enf.case_reviews.pass_rate" %}，评查发现的问题已反馈有关部门限期整改。',
        ),
    ],
    detail_context=_campaign_facts,
    extra_urls="fazhi.enforcement.casereview.urls",
    links=[("随机抽取公示(门户)", "draws:list")],
)

FILES = Procedure(
    names=Names(
        "casereview_files",
        "评查案卷",
        "评查案卷",
        "zhifa/pingcha/anjuan/",
        "行政执法",
        api_prefix="/casereview/files",
    ),
    steps=FILE_STEPS,
    statuses=FileStatus,
    visible=queries.visible_files,
    ledger=Ledger(
        columns=[
            Column(
                "执法案卷",
                lambda f: f.case.number or f.case.title,
                reads=("case__number", "case__title"),
                link=True,
                phone=True,
            ),
            Column.unit("执法部门", "unit", phone=True),
            Column("评查活动", "campaign.title"),
            Column("评查年度", "year", sort="year"),
            Column("得分(百分制)", "percent", sort="percent"),
            Column("评查等次", "grade", phone=True),
            Column("状态", "status", phone=True),
            Column("整改期限", "next_due_on", sort="next_due_on", due=True),
        ],
        date_field="drawn_on",
        filters=["unit", "grade"],
        related=["unit", "case", "campaign"],
    ),
    facts_template="casereview/_file_facts.html",
    api_fields=["campaign", "case", "unit", "year", "drawn_on"],
    workbench=queries.open_files,
    jobs=[("案卷评查·整改逾期提醒", "fazhi.enforcement.casereview.jobs.remind_overdue")],
    importers=["fazhi.enforcement.casereview.imports.ResultImporter"],
    detail_context=_file_facts,
)

PROCEDURES = [CAMPAIGNS, FILES]
