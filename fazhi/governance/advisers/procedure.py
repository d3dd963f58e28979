"""法律顾问 as the kernel knows it: three ledgers in one app (fazhi.core.procedures) — the
engagements (the procedure: 聘请 → 续聘 … → 解聘 or 已到期), the register of advisers, and the
work log the figures of part 二 count."""

from fazhi.core.masking import mask_phone
from fazhi.core.procedures import Column, Creation, Ledger, Names, Procedure, ReportText

from . import queries
from .masking import mask_licence
from .models import AdviserStatus, EngagementStatus, WorkStatus
from .steps import ADVISER_STEPS, ENGAGEMENT_STEPS, WORK_STEPS


def _user(user) -> dict:
    return {"user": user}


ENGAGEMENTS = Procedure(
    names=Names(
        "advisers", "法律顾问", "聘任", "falvguwen/", "依法决策", api_prefix="/advisers/engagements"
    ),
    steps=ENGAGEMENT_STEPS,
    statuses=EngagementStatus,
    visible=queries.visible_engagements,
    ledger=Ledger(
        columns=[
            Column.unit("聘请单位", "unit", link=True, phone=True),
            Column("法律顾问", "adviser.name", phone=True),
            Column("类别", "adviser.kind"),
            Column("律师事务所或工作单位", "adviser.organisation"),
            Column("首次聘期开始", "start_on", sort="start_on"),
            Column.status(),
            Column("聘期届满", "next_due_on", sort="next_due_on", phone=True, due=True),
        ],
        date_field="start_on",
        filters=["unit"],
        related=["unit", "adviser"],
    ),
    facts_template="advisers/_engagement_facts.html",
    creation=Creation(
        label="聘请法律顾问",
        form="fazhi.governance.advisers.forms.EngagementForm",
        create="fazhi.governance.advisers.services.engage",
        form_args=_user,
        intro="从本级政府的法律顾问名册中选择法律顾问(名册中没有的，先登记)；聘请合同可在登记后"
        "作为附件上传。续聘在聘任页办理，每次续聘单独记录一期。",
    ),
    workbench=queries.expiring_engagements,
    jobs=[
        ("法律顾问·聘期届满", "fazhi.governance.advisers.jobs.expire_ended"),
        ("法律顾问·续聘提醒", "fazhi.governance.advisers.jobs.remind_renewal"),
    ],
    importers=[
        "fazhi.governance.advisers.imports.EngagementImporter",
        "fazhi.governance.advisers.imports.WorkImporter",
    ],
    metrics="fazhi.governance.advisers.metrics",
    demo="fazhi.governance.advisers.demo",
    report=[
        ReportText(
            2,
            35,
            "各级、各部门普遍建立和实施政府法律顾问制度，法律顾问依法、及时、客观为重大行政决策"
            "提供法律意见，杜绝“聘而不用、顾而不问”情形。{{ year }}年，{{ area }}共有"
            '{% fig "adv.units" %}单位(乡镇)聘请了法律顾问，其中有'
            '{% fig "adv.units_with_lawyers" %}聘请了社会律师担任法律顾问。{{ area }}政府系统'
            '法律顾问共参与重大行政决策审核{% fig "adv.work.decisions" %}，合同协议审核'
            '{% fig "adv.work.contracts" %}，行政规范性文件审核{% fig "adv.work.documents" %}，'
            '行政执法法制审核{% fig "adv.work.enforcement" %}，行政复议'
            '{% fig "adv.work.reconsideration" %}，行政诉讼{% fig "adv.work.litigation" %}，'
            '仲裁{% fig "adv.work.arbitration" %}，纠纷调解{% fig "adv.work.mediation" %}，'
            '法治宣传等{% fig "adv.work.publicity" %}。',
        ),
    ],
    detail_context=lambda e, user: {"periods": e.periods.all()},
)

REGISTER = Procedure(
    names=Names(
        "advisers_register",
        "法律顾问名册",
        "法律顾问",
        "falvguwen/mingce/",
        "依法决策",
        api_prefix="/advisers/register",
    ),
    steps=ADVISER_STEPS,
    statuses=AdviserStatus,
    visible=queries.visible_advisers,
    ledger=Ledger(
        columns=[
            Column("姓名", "name", sort="name", link=True, phone=True),
            Column("类别", "kind", phone=True),
            Column("律师事务所或工作单位", "organisation"),
            Column.unit("登记单位", "unit"),
            Column("登记日期", "registered_on", sort="registered_on"),
            Column("状态", "status"),
        ],
        date_field="registered_on",
        filters=["kind", "unit"],
        search=["name"],
        search_label="姓名",
        related=["unit"],
    ),
    facts_template="advisers/_adviser_facts.html",
    creation=Creation(
        label="登记法律顾问",
        form="fazhi.governance.advisers.forms.AdviserForm",
        create="fazhi.governance.advisers.services.register_adviser",
        form_args=_user,
        intro="本级政府各单位共用一本法律顾问名册：已登记的法律顾问可直接聘请，不必重复登记。"
        "社会律师、公职律师应填写17位执业证号；执业证号和联系电话在页面、接口中遮蔽显示。",
    ),
    personal={"licence_id_number": mask_licence, "phone": mask_phone},
    detail_context=lambda a, user: {
        "engagements": queries.visible_engagements(user).filter(adviser=a),
        "masked_licence": mask_licence(a.licence_id_number),
    },
)

WORK = Procedure(
    names=Names(
        "advisers_work",
        "法律顾问工作台账",
        "工作记录",
        "falvguwen/gongzuo/",
        "依法决策",
        api_prefix="/advisers/work",
    ),
    steps=WORK_STEPS,
    statuses=WorkStatus,
    visible=queries.visible_work,
    ledger=Ledger(
        columns=[
            Column("日期", "done_on", sort="done_on", phone=True),
            Column.unit("聘请单位", "unit"),
            Column("法律顾问", "adviser.name"),
            Column("工作类型", "kind", phone=True),
            Column("事项", "subject", link=True, phone=True),
            Column("件次", "count", sort="count"),
            Column("状态", "status"),
        ],
        date_field="done_on",
        filters=["kind", "unit"],
        search=["subject"],
        search_label="事项",
        related=["unit", "adviser"],
    ),
    facts_template="advisers/_work_facts.html",
    creation=Creation(
        label="登记法律顾问工作",
        form="fazhi.governance.advisers.forms.WorkForm",
        create="fazhi.governance.advisers.services.record_work",
        form_args=_user,
        intro="由聘请单位登记本单位法律顾问的工作；同类事项可合并为一行并填写件次"
        "(如“审核合同12份”填12)。登记有误的作废，不删除。",
    ),
)

PROCEDURES = [ENGAGEMENTS, REGISTER, WORK]
