"""执法队伍与执法人员 as the kernel knows it: five ledgers in one app (fazhi.core.procedures) — the
综合执法队伍, the 执法人员, their 执法证 (with the printable card and its public verification
page), the 执法资格考试 batches and the 业务培训."""

from django.db.models import Q
from django.urls import path

from fazhi.core.masking import mask_id_number, mask_phone
from fazhi.core.procedures import Column, Creation, Ledger, Names, Procedure, ReportText

from . import pages, queries
from .models import (
    CertificateStatus,
    ExamStatus,
    OfficerStatus,
    TeamStatus,
    TrainingStatus,
    field_labels,
)
from .steps import CERTIFICATE_STEPS, EXAM_STEPS, OFFICER_STEPS, TEAM_STEPS, TRAINING_STEPS

MENU = "行政执法"


def _user(user) -> dict:
    return {"user": user}


def _officer_context(o, user):
    return pages.officer_context(o, user)


TEAMS = Procedure(
    names=Names(
        "officers_teams",
        "综合执法队伍",
        "执法队伍",
        "zhifa/duiwu/",
        MENU,
        api_prefix="/enforcement/teams",
    ),
    steps=TEAM_STEPS,
    statuses=TeamStatus,
    visible=queries.visible_teams,
    ledger=Ledger(
        columns=[
            Column("队伍名称", "name", link=True, phone=True),
            Column.unit("设立部门", "unit", phone=True),
            Column("执法领域", lambda t: field_labels(t.covered), reads=("covered",)),
            Column("编制(人)", "staff_count", sort="staff_count"),
            Column("成立日期", "established_on", sort="established_on"),
            Column("状态", "status", phone=True),
        ],
        date_field="established_on",
        filters=["unit"],
        search=["name"],
        search_label="队伍名称",
        related=["unit"],
    ),
    facts_template="officers/_team_facts.html",
    creation=Creation(
        label="成立登记",
        form="fazhi.enforcement.officers.forms.TeamForm",
        create="fazhi.enforcement.officers.services.register_team",
        form_args=_user,
        intro="登记本部门按照综合行政执法改革要求成立的综合执法大队(队伍)。撤销的队伍保留记录。",
    ),
    api_fields=["unit", "name", "established_on", "covered", "staff_count", "approval_number"],
)

OFFICERS = Procedure(
    names=Names(
        "officers",
        "行政执法人员",
        "执法人员",
        "zhifa/renyuan/",
        MENU,
        api_prefix="/enforcement/officers",
    ),
    steps=OFFICER_STEPS,
    statuses=OfficerStatus,
    visible=queries.visible_officers,
    ledger=Ledger(
        columns=[
            Column("姓名", "name", sort="name", link=True, phone=True),
            Column.unit("执法部门", "unit", phone=True),
            Column("所属执法队伍", "team.name"),
            Column("职务(岗位)", "post"),
            Column("登记日期", "registered_on", sort="registered_on"),
            Column("状态", "status", phone=True),
        ],
        date_field="registered_on",
        filters=["unit"],
        search=["name"],
        search_label="姓名",
        related=["unit", "team"],
    ),
    facts_template="officers/_officer_facts.html",
    creation=Creation(
        label="登记执法人员",
        form="fazhi.enforcement.officers.forms.OfficerForm",
        create="fazhi.enforcement.officers.services.register_officer",
        form_args=_user,
        intro="登记本部门的行政执法人员；身份证号和联系电话在页面、导出和接口中遮蔽显示。"
        "执法证由本级政府司法行政部门发证后在执法证台账中登记；成批录入用导入功能。",
    ),
    personal={"id_number": mask_id_number, "phone": mask_phone},
    api_fields=["unit", "team", "name", "id_number", "phone", "post", "registered_on"],
    detail_context=_officer_context,
    importers=["fazhi.enforcement.officers.imports.OfficerImporter"],
    metrics="fazhi.enforcement.officers.metrics",
    demo="fazhi.enforcement.officers.demo",
    report=[
        ReportText(
            3,
            15,
            "{{ area }}各级、各部门围绕综合行政执法改革主要内容，整合执法职责，精简执法队伍，"
            "规范机构设置。截至{{ year }}年底，共有"
            '{% fig "enf.teams" %}部门按照行政执法体制改革的要求成立综合执法大队，抽调业务精并'
            "持有执法证人员组建执法队伍。",
        ),
        ReportText(
            4,
            25,
            "组织全市行政执法人员新申请或到期换证考试工作；"
            '{% fig "enf.officers.registered" %}行政执法人员信息录入行政执法证件管理系统，'
            '年末在岗执法人员持证率{% fig "enf.certified_rate" %}。{{ year }}年组织'
            '{% fig "enf.exam.batches" %}{% fig "enf.exam.takers" %}参加行政执法考试；组织行政'
            '执法业务培训{% fig "enf.trainings" %}，各行政执法单位分管领导、法制审核工作人员、'
            '行政执法人员共计{% fig "enf.training.attendees" %}参加培训。',
        ),
    ],
)

CERTIFICATES = Procedure(
    names=Names(
        "officers_certificates",
        "行政执法证",
        "执法证",
        "zhifa/zhengjian/",
        MENU,
        api_prefix="/enforcement/certificates",
    ),
    steps=CERTIFICATE_STEPS,
    statuses=CertificateStatus,
    visible=queries.visible_certificates,
    ledger=Ledger(
        columns=[
            Column("证号", "number", link=True, phone=True),
            Column("持证人", "officer.name", phone=True),
            Column.unit("执法部门", "unit"),
            Column("执法领域", "field"),
            Column("发证机关", "issuer"),
            Column("发证日期", "issued_on", sort="issued_on"),
            Column("状态", "status", phone=True),
            Column("有效期至", "next_due_on", sort="next_due_on", phone=True, due=True),
        ],
        date_field="issued_on",
        filters=["unit", "field"],
        search=["number"],
        search_label="证号",
        related=["unit", "officer"],
    ),
    facts_template="officers/_certificate_facts.html",
    creation=Creation(
        label="发证",
        form="fazhi.enforcement.officers.forms.CertificateForm",
        create="fazhi.enforcement.officers.services.issue",
        form_args=_user,
        intro="行政执法证由本级政府司法行政部门登记发证；证号全省唯一。发证后可打印带核验二维码的"
        "执法证页面，公众扫码即可核验证件是否有效。",
    ),
    api_fields=["officer", "number", "field", "issuer", "issued_on", "valid_until"],
    workbench=queries.expiring_certificates,
    workbench_lists=Q(status=CertificateStatus.VALID),
    jobs=[
        ("执法证·有效期届满", "fazhi.enforcement.officers.jobs.expire_ended"),
        ("执法证·换证提醒", "fazhi.enforcement.officers.jobs.remind_renewal"),
    ],
    extra_urls=[
        path("<int:pk>/card/", pages.card, name="card"),
        # The public: the page the card's QR code opens (no login, unguessable token).
        path("yanzheng/<str:token>/", pages.verify, name="verify"),
    ],
)

EXAMS = Procedure(
    names=Names(
        "officers_exams",
        "行政执法考试",
        "考试批次",
        "zhifa/kaoshi/",
        MENU,
        api_prefix="/enforcement/exams",
    ),
    steps=EXAM_STEPS,
    statuses=ExamStatus,
    visible=queries.visible_exams,
    ledger=Ledger(
        columns=[
            Column("考试日期", "held_on", sort="held_on", link=True, phone=True),
            Column("考点", "venue", phone=True),
            Column("考试类别", "kind"),
            Column.unit("组织单位", "unit"),
            Column("参考人数", "takers", sort="takers"),
            Column("通过人数", "passed_count"),
            Column("状态", "status"),
        ],
        date_field="held_on",
        filters=["kind", "unit"],
        related=["unit"],
    ),
    facts_template="officers/_exam_facts.html",
    creation=Creation(
        label="登记考试",
        form="fazhi.enforcement.officers.forms.ExamForm",
        create="fazhi.enforcement.officers.services.record_exam",
        form_args=_user,
        intro="登记一批行政执法资格考试(新申请或到期换证)及参考人员成绩；成绩达到合格分数线的为合格。",
    ),
    api_fields=["unit", "held_on", "venue", "kind"],
    detail_context=lambda b, user: {"entries": b.entries.select_related("unit")[:2000]},
)

TRAININGS = Procedure(
    names=Names(
        "officers_trainings",
        "行政执法培训",
        "培训",
        "zhifa/peixun/",
        MENU,
        api_prefix="/enforcement/trainings",
    ),
    steps=TRAINING_STEPS,
    statuses=TrainingStatus,
    visible=queries.visible_trainings,
    ledger=Ledger(
        columns=[
            Column("培训日期", "held_on", sort="held_on", phone=True),
            Column("培训内容", "topic", link=True, phone=True),
            Column.unit("组织单位", "unit"),
            Column("学时", "hours"),
            Column("参训人数", "attendees", sort="attendees"),
            Column("状态", "status"),
        ],
        date_field="held_on",
        filters=["unit"],
        search=["topic"],
        search_label="培训内容",
        related=["unit"],
    ),
    facts_template="officers/_training_facts.html",
    creation=Creation(
        label="登记培训",
        form="fazhi.enforcement.officers.forms.TrainingForm",
        create="fazhi.enforcement.officers.services.record_training",
        form_args=_user,
        intro="登记行政执法业务培训：学时和参训人数；逐人签到名单(分管领导、法制审核人员、"
        "执法人员)用导入功能上传，计入每名执法人员的年度培训学时。",
    ),
    api_fields=["unit", "held_on", "topic", "organiser", "hours", "attendees"],
    importers=["fazhi.enforcement.officers.imports.AttendanceImporter"],
)

PROCEDURES = [TEAMS, OFFICERS, CERTIFICATES, EXAMS, TRAININGS]
