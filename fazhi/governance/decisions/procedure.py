"""重大行政决策 as the kernel knows it: three ledgers in one app (fazhi.core.procedures) — the
government's annual 决策事项目录 (JC art. 3 ¶3), the decisions of it, each through the statutory
steps (arts. 10–36), and the government's 常务会议 at which drafts are decided (arts. 29–30).

Besides the ledgers the kernel builds, the app has pages of its own (views.py, urls.py): the
portal's published catalogue, drafts open to comment with the public's opinion form, the published
handling of opinions and the published decisions, and each decision's 决策档案 (art. 33)."""

from django.db.models import Q
from django.utils import timezone

from fazhi.core.masking import mask_text
from fazhi.core.procedures import Column, Creation, Duty, Ledger, Names, Procedure, ReportText

from . import queries
from .models import CatalogueStatus, MeetingStatus, Status
from .steps import CATALOGUE_STEPS, MEETING_STEPS, OFFICE, STEPS


def _decision_facts(decision, user) -> dict:
    from .views import decision_facts  # with the record page, not at start-up

    return decision_facts(decision, user)


CATALOGUES = Procedure(
    names=Names("decision_catalogues", "决策事项目录", "目录", "juece-mulu/", "依法决策"),
    steps=CATALOGUE_STEPS,
    statuses=CatalogueStatus,
    visible=queries.visible_catalogues,
    ledger=Ledger(
        columns=[
            Column("目录名称", "title", phone=True, link=True),
            Column("年度", "year", sort="year"),
            Column("同级党委同意日期", "party_agreed_on"),
            Column("公布日期", "published_on", sort="published_on"),
            Column.status(),
        ],
        date_field="drafted_on",
        related=["government", "office"],
    ),
    facts_template="decisions/_catalogue_facts.html",
    creation=Creation(
        label="编制决策事项目录",
        form="fazhi.governance.decisions.forms.CatalogueForm",
        create="fazhi.governance.decisions.services.create_catalogue",
        form_args=lambda user: {"initial": {"year": timezone.localdate().year}},
        intro="决策机关结合职责权限和本地实际确定决策事项目录，经同级党委同意后向社会公布，并根据"
        "实际情况调整(《重大行政决策程序暂行条例》第三条第三款)。",
    ),
    detail_context=lambda catalogue, user: {
        "items": catalogue.items.select_related("unit").order_by("listed_on", "id")
    },
)

DECISIONS = Procedure(
    names=Names("decisions", "重大行政决策", "决策", "juece/", "依法决策"),
    steps=STEPS,
    statuses=Status,
    visible=queries.visible_decisions,
    ledger=Ledger(
        columns=[
            Column("决策事项", "title", phone=True, link=True),
            Column.unit("决策承办单位", "unit"),
            Column("列入目录日期", "listed_on", sort="listed_on"),
            Column.status(),
            Column("决定日期", "decided_on", sort="decided_on"),
            Column.next_due(),
        ],
        date_field="listed_on",
        filters=["unit", "category", "needs_experts", "needs_risk"],
        search=["title"],
        search_label="决策事项",
        related=["unit", "office", "government"],
    ),
    facts_template="decisions/_facts.html",
    duties=[Duty(OFFICE, "重大行政决策统筹机构")],
    workbench=queries.open_decisions,
    workbench_lists=Q(status__in=Status.awaiting()),
    importers=[
        "fazhi.governance.decisions.imports.DecisionImporter",
        "fazhi.governance.decisions.imports.MeetingImporter",
    ],
    metrics="fazhi.governance.decisions.metrics",
    demo="fazhi.governance.decisions.demo",
    report=[
        # After the part's first paragraph (10) and the 合法性审核 app's sentence (15).
        ReportText(
            2,
            16,
            "积极推进行政决策科学化、民主化、法治化。严格履行公众参与、专家论证、风险评估、"
            "合法性审查和集体讨论决定等法定程序，增强公共政策制定透明度和公众参与度；提请"
            "{{ unit_name }}常务会议等讨论审议的重大行政决策事项，"
            "提交会议讨论前必须先进行合法性审核。"
            '年内，共召开{{ unit_name }}常务会议{% fig "dec.executive_meetings" %}，'
            '政府部门开展重大决策听证{% fig "dec.hearings" %}；'
            "年度重大行政决策事项目录所列事项年内作出决定的比例为"
            '{% fig "dec.catalogue_coverage" %}。',
        ),
    ],
    extra_urls="fazhi.governance.decisions.urls",
    links=[("门户公开页面", "decisions:portal")],
    personal={},
    detail_context=_decision_facts,
)

MEETINGS = Procedure(
    names=Names("meetings", "政府常务会议", "会议", "changwuhui/", "依法决策"),
    steps=MEETING_STEPS,
    statuses=MeetingStatus,
    visible=queries.visible_meetings,
    ledger=Ledger(
        columns=[
            Column("届次", "number", phone=True, link=True),
            Column("会议类型", "kind"),
            Column("召开日期", "held_on", sort="held_on", phone=True),
            Column("会前学法", lambda m: mask_text(m.study_topic) or "—", reads=("study_topic",)),
            Column("状态", "status"),
        ],
        date_field="held_on",
        filters=["kind"],
        search=["number"],
        search_label="届次",
        related=["government", "office"],
    ),
    facts_template="decisions/_meeting_facts.html",
    creation=Creation(
        label="登记政府常务会议",
        form="fazhi.governance.decisions.forms.MeetingForm",
        create="fazhi.governance.decisions.services.register_meeting",
        intro="决策草案应当经政府常务会议或者全体会议讨论(《重大行政决策程序暂行条例》第三十条)；"
        "讨论的重大行政决策在该决策的“集体讨论决定”环节登记，会议纪要作为附件上传。",
    ),
    detail_context=lambda meeting, user: {
        "decisions": meeting.decisions.select_related("unit").order_by("id")
    },
)

PROCEDURES = [CATALOGUES, DECISIONS, MEETINGS]
