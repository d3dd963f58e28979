"""依申请公开 as the kernel knows it: one declaration (fazhi.core.procedures).

Besides the ledger the kernel builds, the procedure has pages of its own: the public portal form
and tracking page (no login) and table 三 of the annual report (views.py, urls.py)."""

from fazhi.core.masking import mask_address, mask_email, mask_id_number, mask_phone, mask_text
from fazhi.core.procedures import Column, Creation, Ledger, Names, Procedure, ReportText

from . import queries, rules
from .instruments import INSTRUMENTS
from .models import Status
from .steps import STEPS


def _creation_args(user) -> dict:
    from .forms import agencies_for  # with the registration form, not at start-up

    return {"agencies": agencies_for(user)}


REQUESTS = Procedure(
    names=Names("disclosure", "依申请公开", "申请", "gongkai/", "监督公开"),
    steps=STEPS,
    statuses=Status,
    visible=queries.visible_requests,
    ledger=Ledger(
        columns=[
            Column("受理编号", "number", sort="number", phone=True, link=True),
            Column.unit("受理机关", "agency"),
            Column("申请人类型", "applicant_type"),
            Column("申请方式", "channel"),
            Column("收到日期", "received_on", sort="received_on"),
            Column.status(),
            Column("办理结果", "result"),
            Column("答复期限", "reply_due_on", sort="reply_due_on"),
            Column.next_due(),
        ],
        date_field="received_on",
        filters=["agency", "applicant_type", "channel", "result"],
        search=["number"],
        related=["agency"],
    ),
    creation=Creation(
        label="登记政府信息公开申请",
        form="fazhi.oversight.disclosure.forms.ReceiveForm",
        create="fazhi.oversight.disclosure.services.register",
        form_args=_creation_args,
        intro="用于当面提交、邮寄、传真、电子邮件等渠道收到的申请；门户网站提交的申请自动登记。"
        "收到申请之日按《政府信息公开条例》第三十一条确定。",
    ),
    # Free text the requester typed is personal data too: an ID or phone in it is masked.
    personal={
        "applicant_id_number": mask_id_number,
        "applicant_phone": mask_phone,
        "applicant_address": mask_address,
        "description": mask_text,
        "delivery_email": mask_email,
        "delivery_address": mask_address,
    },
    workbench=queries.open_requests,
    jobs=[("依申请公开·逾期提醒", "fazhi.oversight.disclosure.jobs.remind_overdue")],
    importers=["fazhi.oversight.disclosure.imports.DisclosureImporter"],
    metrics="fazhi.oversight.disclosure.metrics",
    report=[
        ReportText(
            5,
            20,
            "（二）推进政务公开。严格执行《中华人民共和国政府信息公开条例》，当面、信函、传真、"
            "网络等申请渠道全部畅通，申请人凭受理编号和查询码即可查询办理进度。全年受理依申请公开"
            '{% fig "sup.disclosure.requests" %}，按时答复率'
            '{% fig "sup.disclosure.on_time_rate" %}；'
            '因政府信息公开申请引起的行政复议、行政诉讼{% fig "sup.disclosure.challenges" %}。',
        ),
    ],
    demo="fazhi.oversight.disclosure.demo",
    extra_urls="fazhi.oversight.disclosure.urls",
    links=[("年度报告统计表(表三)", "disclosure:annual_table")],
    detail_context=lambda request, user: {
        "pauses": request.pauses.all(),
        "challenges": request.challenges.select_related("reconsideration"),
        # 行政复议法(2023) art. 23 ¶1(4), ¶2: a 不予公开 answer goes to 复议 before any lawsuit.
        "review_first": request.situation in rules.review_first_situations(),
        "review_first_article": rules.ARTICLE["review_first"],
    },
    instruments=INSTRUMENTS,
)

PROCEDURES = [REQUESTS]
