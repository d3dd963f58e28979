"""普法学法 as the kernel knows it: two ledgers in one app (fazhi.core.procedures) — the
activities held (普法活动台账, the figures of parts 四.3 and 八.5) and each unit's 普法责任清单,
published on the portal."""

from django.urls import path

from fazhi.core.procedures import Column, Creation, Ledger, Names, Procedure, ReportText

from . import public, queries
from .models import NEWS, ActivityStatus, DutyStatus, quantity_text
from .steps import ACTIVITY_STEPS, DUTY_STEPS

MENU = "普法学法"


def _user(user) -> dict:
    return {"user": user}


def _held(item) -> str:
    if item.status == DutyStatus.DRAFTED:
        return "—"
    return f"{item.held}场(次)" if item.held else "未开展"


ACTIVITIES = Procedure(
    names=Names("education", "普法活动", "活动", "pufa/", MENU, api_prefix="/education/activities"),
    steps=ACTIVITY_STEPS,
    statuses=ActivityStatus,
    visible=queries.visible_activities,
    ledger=Ledger(
        columns=[
            Column("开展日期", "held_on", sort="held_on", phone=True),
            Column.unit("组织单位", "unit"),
            Column("活动类型", "kind", phone=True),
            Column("活动名称", "title", link=True, phone=True),
            Column("对象", "audience"),
            Column("参加人数", "attendance", sort="attendance"),
            Column("数量", lambda a: quantity_text(a.kind, a.quantity), reads=("kind", "quantity")),
            Column("状态", "status"),
        ],
        date_field="held_on",
        filters=["kind", "unit", "in_news"],
        search=["title"],
        search_label="活动名称",
        related=["unit"],
    ),
    facts_template="education/_facts.html",
    creation=Creation(
        label="登记普法活动",
        form="fazhi.enforcement.education.forms.ActivityForm",
        create="fazhi.enforcement.education.services.register",
        form_args=_user,
        intro="活动开展后由组织单位登记，一场(期、次)一条；宣传资料发放、展板更新、法律咨询和电视"
        "普法节目填写数量(份、块、人次、期)。以宣讲民法典为主题的送法活动登记为“民法典专题宣讲”，"
        "不另计为送法活动。活动材料(照片、签到表等)在登记后作为附件上传。登记有误的更正或撤销，"
        "不删除。",
    ),
    importers=["fazhi.enforcement.education.imports.ActivityImporter"],
    metrics="fazhi.enforcement.education.metrics",
    demo="fazhi.enforcement.education.demo",
    report=[
        ReportText(
            4,
            35,
            "{{ year }}年，{{ area }}共组织各类送法活动"
            '{% fig "edu.law_events" %}，开展领导干部法治专题讲座{% fig "edu.leader_lectures" %}，'
            '民法典专题宣讲{% fig "edu.civil_code_talks" %}，开展“法律明白人”培训'
            '{% fig "edu.legal_literate.sessions" %}共{% fig "edu.legal_literate.people" %}，'
            '拍摄播出《平安法治弥勒》{% fig "edu.tv_episodes" %}，发放宣传资料'
            '{% fig "edu.leaflets" %}，完成法治文化阵地展板更新{% fig "edu.boards" %}，'
            '解答法律咨询{% fig "edu.consultations" %}，对民营企业进行“法治体检”'
            '{% fig "edu.enterprise_checkups" %}。',
        ),
        ReportText(
            7,
            20,
            '严格落实宪法宣誓制度，{{ year }}年组织宪法宣誓{% fig "edu.oaths" %}；将履行推进'
            '法治建设第一责任人职责情况列入年度述职，开展领导干部述法{% fig "edu.law_reports" %}。',
        ),
        ReportText(
            8,
            45,
            f"加强和完善《平安法治弥勒》普法栏目的建设，{{{{ year }}}}年在《{NEWS}》中共制作播出"
            '《平安法治弥勒》{% fig "edu.tv_episodes_news" %}。',
        ),
    ],
    links=[("未开展活动的清单事项", "education_duties:undone")],
    detail_context=lambda a, user: {"news": NEWS},
)

DUTIES = Procedure(
    names=Names(
        "education_duties",
        "普法责任清单",
        "清单事项",
        "pufa/qingdan/",
        MENU,
        api_prefix="/education/duties",
    ),
    steps=DUTY_STEPS,
    statuses=DutyStatus,
    visible=queries.visible_items,
    ledger=Ledger(
        columns=[
            Column("年度", "year", sort="year", phone=True),
            Column.unit("责任单位", "unit", phone=True),
            Column("普法内容(法律法规)", "laws", link=True, phone=True),
            Column("普法对象", "audience"),
            Column("计划时间", "planned_times"),
            Column("状态", "status"),
            Column("年内开展活动", _held, phone=True),
        ],
        date_field="drafted_on",
        filters=["unit"],
        search=["laws"],
        search_label="普法内容",
        related=["unit"],
    ),
    facts_template="education/_duty_facts.html",
    creation=Creation(
        label="拟定普法责任清单事项",
        form="fazhi.enforcement.education.forms.DutyItemForm",
        create="fazhi.enforcement.education.services.draft_item",
        form_args=_user,
        intro="按照“谁执法谁普法”，各单位把本单位执行的法律法规列入年度普法责任清单，写明普法对象、"
        "措施和计划时间；公布后在门户网站公开。登记普法活动时可注明它落实的清单事项，年内没有活动"
        "的事项列在“未开展活动的清单事项”中。",
    ),
    extra_urls=[
        # The portal (no login): the published lists of the government's units.
        path("gongkai/", public.duty_list, name="public"),
        # Staff: the items of the user's scope without any activity in the year.
        path("weikaizhan/", public.undone, name="undone"),
    ],
    links=[("普法责任清单(公开)", "education_duties:public")],
    detail_context=lambda item, user: {
        "activities": queries.visible_activities(user).filter(
            duty_item=item, held_on__year=item.year, status=ActivityStatus.REGISTERED
        )[:100],
    },
)

PROCEDURES = [ACTIVITIES, DUTIES]
