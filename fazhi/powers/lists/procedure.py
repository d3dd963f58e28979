"""权责清单 as the kernel knows it: two declarations (fazhi.core.procedures) — the versions of a
government's list, compiled and published by its office, and the items of them."""

from django.utils import timezone

from fazhi.core.procedures import Column, Creation, Duty, Ledger, Names, Procedure, ReportText

from . import queries
from .models import ItemStatus, ListStatus
from .steps import ITEM_STEPS, LIST_STEPS, OFFICE

MENU = "政府职能"


def _list_facts(power_list, user) -> dict:
    return {
        "by_category": queries.counts_by_category(power_list),
        "by_unit": queries.counts_by_unit(power_list),
    }


LISTS = Procedure(
    names=Names(
        "power_lists", "权责清单", "清单", "quanze/qingdan/", MENU, api_prefix="/powers/lists"
    ),
    steps=LIST_STEPS,
    statuses=ListStatus,
    visible=queries.visible_lists,
    ledger=Ledger(
        columns=[
            Column("名称", "title", phone=True, link=True),
            Column("版本年度", "year", sort="year"),
            Column("编制日期", "drafted_on", sort="drafted_on"),
            Column("公布日期", "published_on", sort="published_on"),
            Column.status(),
        ],
        date_field="drafted_on",
        search=["title"],
        search_label="名称",
        related=["government", "office"],
    ),
    facts_template="powerlists/_list_facts.html",
    creation=Creation(
        label="编制权责清单",
        form="fazhi.powers.lists.forms.ListForm",
        create="fazhi.powers.lists.list_services.draft_list",
        form_args=lambda user: {"initial": {"year": timezone.localdate().year}},
        intro="由本级政府的权责清单编制单位编制新版本；各部门、乡镇(街道)录入或导入本单位的权责事项，"
        "编制单位审定后公布。公布后本版不再修改，上一版同时被替代；动态调整请编制新版本。",
    ),
    duties=[Duty(OFFICE, "权责清单编制单位")],
    detail_context=_list_facts,
)

ITEMS = Procedure(
    names=Names("power_items", "权责事项", "事项", "quanze/", MENU, api_prefix="/powers/items"),
    steps=ITEM_STEPS,
    statuses=ItemStatus,
    visible=queries.visible_items,
    ledger=Ledger(
        columns=[
            Column("职权编码", "code", sort="code", phone=True, link=True),
            Column("职权名称", "name"),
            Column("职权类型", "category"),
            Column.unit("实施主体", "unit"),
            Column("权责清单", lambda i: i.power_list.title, reads=("power_list__title",)),
            Column.status(),
        ],
        date_field="listed_on",
        filters=["unit", "category"],
        search=["code", "name"],
        search_label="编码/名称",
        related=["unit", "power_list"],
    ),
    facts_template="powerlists/_facts.html",
    creation=Creation(
        label="录入权责事项",
        form="fazhi.powers.lists.forms.ItemForm",
        create="fazhi.powers.lists.services.add_item",
        form_args=lambda user: {"user": user},
        intro="录入编制中的权责清单的事项：实施主体、职权编码、名称、类型和设定依据(法无授权不可为："
        "没有设定依据的职权不列入清单)。大量事项请用“导入”。",
    ),
    importers=["fazhi.powers.lists.imports.ItemImporter"],
    extra_urls="fazhi.powers.lists.urls",
    metrics="fazhi.powers.lists.metrics",
    demo="fazhi.powers.lists.demo",
    report=[
        ReportText(
            1,
            25,  # after the frame's (二), which stands at 20
            "（三）动态管理权责清单。按照法定职权调整乡镇(街道)和部门的权责清单，{{ area }}"
            '{% fig "pow.units.towns" %}乡镇(街道)、{% fig "pow.units.departments" %}市级部门'
            '共有权责事项{% fig "pow.items.total" %}，其中行政许可事项'
            '{% fig "pow.items.licensing" %}(上一版清单{% fig "pow.items.licensing_before" %})。'
            "权责清单已向社会公开，明确权力边界，实现法定职责必须为、法无授权不可为、清单之外无审批。",
        )
    ],
)

PROCEDURES = [LISTS, ITEMS]
