"""What the public sees of a 依申请公开 request, by its tracking number and check code: the thread
of what happened to it (as froide shows a request's messages) and the printable 回执.

The thread is built from the request's own fields, not from its audit rows: the fields are what
the request is now (a corrected date shows corrected), and they hold nothing the public must not
see unless it is picked out here — the audit rows carry staff names, internal notes, the
consulted third party and every detail a step's form took. Nothing here names the applicant,
their ID number or telephone, a member of staff, or a consulted party; the 回执 shows the
applicant's personal data masked (fazhi.core.masking).
"""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from fazhi.core.calendar import CalendarYearUnknown
from fazhi.core.clocks import due_date
from fazhi.core.masking import (
    mask_address,
    mask_email,
    mask_id_number,
    mask_name,
    mask_phone,
    mask_text,
)
from fazhi.core.pdf import STATIC_DIR as PDF_STATIC_DIR
from fazhi.core.pdf import html_to_pdf

from . import rules
from .models import Collection, DisclosureRequest, PauseKind, ResultRow, Status

RECEIPT_CSS = Path(__file__).resolve().parent / "static" / "disclosure" / "receipt.css"


@dataclass(frozen=True)
class Event:
    """One entry of the public thread: the day, what happened, and a sentence for the applicant."""

    on: dt.date
    title: str
    text: str = ""


def _d(day: dt.date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else ""


def thread(request: DisclosureRequest) -> list[Event]:
    """The request's history for the applicant, oldest first. Pauses are read from
    `request.pauses.all()` (prefetch them for one query)."""
    events = [Event(request.received_on, "收到申请", _received_text(request))]
    if request.correction_noticed_on:
        events.append(
            Event(
                request.correction_noticed_on,
                "通知补正",
                f"补正期限：{_d(request.correction_due_on)}；答复期限自收到补正后的申请之日起"
                "计算(条例第三十条)。",
            )
        )
    if request.corrected_on:
        events.append(
            Event(request.corrected_on, "收到补正后的申请", "答复期限自收到补正之日起重新计算。")
        )
    for pause in request.pauses.all():
        events += _pause_events(pause)
    if request.extended_on:
        workdays = request.extension_workdays or rules.MAX_EXTENSION_WORKDAYS
        events.append(
            Event(
                request.extended_on,
                "延长答复期限",
                f"经政府信息公开工作机构负责人同意，答复期限延长{workdays}个工作日"
                "(条例第三十三条第二款)。",
            )
        )
    if request.reasons_asked_on:
        events.append(
            Event(
                request.reasons_asked_on, "要求说明理由", "请按通知说明申请理由(条例第三十五条)。"
            )
        )
    if request.fee_noticed_on:
        events.append(
            Event(
                request.fee_noticed_on,
                "发出收费通知",
                f"信息处理费{request.fee_amount}元；请自收到通知的次日起20个工作日内缴纳。",
            )
        )
    if request.fee_paid_on:
        events.append(Event(request.fee_paid_on, "已缴纳信息处理费"))
    if request.status == Status.REPLIED and request.replied_on:
        remedy = _remedy(request)
        kind = request.get_result_display()
        events.append(Event(request.replied_on, "已答复", f"答复类型：{kind}。{remedy}"))
    elif request.status == Status.ABANDONED and request.concluded_on:
        title = {
            ResultRow.NO_CORRECTION: "逾期未补正，视为放弃申请",
            ResultRow.NO_FEE: "逾期未缴纳信息处理费，不再处理",
        }.get(request.result, "不再处理")
        events.append(Event(request.concluded_on, title))
    # Stable: events of one day keep the order in which the procedure has them happen.
    return sorted(events, key=lambda event: event.on)


def _received_text(request: DisclosureRequest) -> str:
    return (
        f"{request.agency.name}收到申请({request.get_channel_display()})，"
        f"自收到之日起{rules.REPLY.amount}个工作日内答复(条例第三十三条)。"
    )


def _pause_events(pause) -> list[Event]:
    if pause.kind == PauseKind.FEE:
        return []  # the fee's notice and payment are told by the request's own dates
    # The consulted party is never named (条例 art. 32 protects the third party's interests too).
    whom = "第三方" if pause.kind == PauseKind.THIRD_PARTY else "其他机关"
    found = [
        Event(
            pause.start,
            f"征求{whom}意见",
            "征求意见所需时间不计算在答复期限内(条例第三十三条第三款)。",
        )
    ]
    if pause.end:
        found.append(Event(pause.end, "征求意见结束", "答复期限继续计算。"))
    return found


def _remedy(request: DisclosureRequest) -> str:
    """The 救济途径 told with the reply (复议前置 for a 不予公开 answer), or the general one;
    a stored text, so masked like every text the public reads."""
    return mask_text(request.remedy or rules.REMEDY_GENERAL)


def public_status(request: DisclosureRequest) -> dict:
    """What the applicant's tracking page shows: no name, ID, phone, address or description."""
    return {
        "number": request.number,
        "agency": request.agency.name,
        "received_on": request.received_on,
        "status": request.get_status_display(),
        "due_on": request.reply_due_on if request.is_open else None,
        "due_pending": rules.REPLY_DUE_PENDING if request.due_awaits_calendar else "",
        "due_label": request.next_due_label if request.is_open else "",
        "next_due_on": request.next_due_on,
        "replied_on": request.replied_on,
        "result": request.get_result_display() if request.result else "",
        "remedy": _remedy(request),
        "review_first": request.situation in rules.review_first_situations(),
        "thread": thread(request),
    }


# --- the 回执 -----------------------------------------------------------------------------------


def receipt_context(request: DisclosureRequest, *, track_url: str) -> dict:
    """The 回执's facts; the applicant's personal data masked, what they asked for with any ID
    or mobile number in it masked."""
    delivery = request.get_format_wanted_display()
    if request.delivery_email:
        delivery += f"：{mask_email(request.delivery_email)}"
    if request.delivery_collection:
        delivery += f"，{request.get_delivery_collection_display()}"
        if request.delivery_collection == Collection.POST and request.delivery_address:
            delivery += f"：{mask_address(request.delivery_address)}"
    current = request.reply_due_on if request.is_open else None
    if current == statutory_due_on(request):
        current = None
    return {
        "number": request.number,
        "code": request.check_code,
        "agency": request.agency.name,
        "received_on": request.received_on,
        "channel": request.get_channel_display(),
        # An organisation's name is not masked, but what was typed into it is.
        "applicant": mask_name(request.applicant_name)
        if request.applicant_type == "person"
        else mask_text(request.applicant_name),
        "applicant_type": request.get_applicant_type_display(),
        "id_number": mask_id_number(request.applicant_id_number),
        "phone": mask_phone(request.applicant_phone),
        "description": mask_text(request.description),
        "delivery": delivery,
        "reply_workdays": rules.REPLY.amount,
        # The period as set by receipt (art. 33 ¶2); what changed it since is on the tracking page.
        "due_on": statutory_due_on(request),
        "due_pending": rules.REPLY_DUE_PENDING if request.due_awaits_calendar else "",
        "current_due_on": current,
        "track_url": track_url,
        # Linked as local files, which WeasyPrint reads offline (and no page holds inline CSS).
        "gbt9704_css": (PDF_STATIC_DIR / "gbt9704.css").as_uri(),
        "receipt_css": RECEIPT_CSS.as_uri(),
    }


def statutory_due_on(request: DisclosureRequest) -> dt.date | None:
    """20 工作日 from the day of receipt (条例 art. 33 ¶2), before any 补正, pause or extension."""
    try:
        return due_date(request.received_on, rules.REPLY)
    except CalendarYearUnknown:  # the holidays of that year are not entered yet
        return request.reply_due_on


def receipt_pdf(request: DisclosureRequest) -> bytes:
    context = receipt_context(request, track_url=track_url())
    return html_to_pdf(render_to_string("disclosure/receipt_pdf.html", context))


def track_url() -> str:
    """Where the applicant tracks the request: the tracking page at the site's own address."""
    return f"{settings.FAZHI_SITE_URL}{reverse('disclosure:track')}"
