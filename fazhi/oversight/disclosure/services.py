"""Every state change of a 依申请公开 request is one function here. Each describes its own change
and runs it through the transition table (steps.py: `STEPS.apply`), which checks the step and who
takes it, writes inside one transaction, recomputes the due dates and appends the audit row. The
staff pages, the public portal form, the API, imports and the demo all call these.

The reply clock (rules.REPLY, 条例 art. 33 ¶2) runs from `clock_start_on`: the day of receipt
(art. 31), or the day the corrected request arrived (art. 30: a restart, not a pause). Spans of
third-party and other-agency consultation are left out (art. 33 ¶3), and so is waiting for a fee
when `FAZHI_DISCLOSURE_FEE_PAUSES_CLOCK` says so (UNCONFIRMED, see rules.py). A 延迟答复期限 set
under art. 35 replaces it. Periods that the law runs from the receipt of a notice (the consulted
party's 15 工作日, the applicant's 20 工作日 to pay) start from the notice's recorded 送达.
"""

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from fazhi.core import audit, held
from fazhi.core.authority import PublicActor
from fazhi.core.calendar import get_calendar
from fazhi.core.clocks import Pause, due_date
from fazhi.core.forms import ServiceWay
from fazhi.core.models import OrgUnit
from fazhi.core.steps import Frame
from fazhi.core.validators import normalise_code, validate_id_number, validate_uscc
from fazhi.core.workflow import Refusal, require_date
from fazhi.disputes.reconsideration import queries as reconsideration_queries

from . import rules
from .models import (
    ApplicantType,
    ChallengeKind,
    DisclosureChallenge,
    DisclosurePause,
    DisclosureRequest,
    FeeMethod,
    Format,
    PauseKind,
    ReceiptChannel,
    ResultRow,
    Situation,
    Status,
)
from .steps import STEPS

# The audit trail names who made a portal submission: the applicant, not a staff account.
PORTAL_APPLICANT = "申请人(门户网站)"

AUDITED = (
    "status",
    "received_on",
    "clock_start_on",
    "correction_due_on",
    "corrected_on",
    "extended_on",
    "extension_approver",
    "extension_workdays",
    "reasons_asked_on",
    "delayed_reply_due_on",
    "fee_method",
    "fee_amount",
    "fee_noticed_on",
    "fee_served_on",
    "fee_served_way",
    "fee_due_on",
    "fee_paid_on",
    "reply_due_on",
    "next_due_on",
    "replied_on",
    "situation",
    "result",
    "remedy",
    "concluded_on",
)

# Letters and digits that cannot be mistaken for one another when read out over the phone.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


@dataclass
class Application:
    """What the applicant submitted (条例 art. 29), as registered at receipt."""

    applicant_type: str
    applicant_name: str
    description: str
    channel: str
    submitted_on: dt.date
    received_on: dt.date | None = None
    applicant_id_number: str = ""
    applicant_uscc: str = ""
    applicant_phone: str = ""
    applicant_address: str = ""
    format_wanted: str = Format.PAPER
    delivery_email: str = ""
    delivery_collection: str = ""
    delivery_address: str = ""
    delivery_other: str = ""


def receipt_date(app: Application) -> dt.date:
    """The day of receipt by channel (条例 art. 31).

    (1) In person: the day it was handed in. (2) Post: the day the agency signed for it; an
    ordinary letter, which nobody signs for, the day the 公开工作机构 confirmed it with the
    applicant. (3) Internet or fax: the day both sides confirmed it. The portal form shows the
    applicant the tracking number at once, which is that confirmation, so a portal request is
    received on the day it is submitted (`apply_on_portal`).
    """
    if app.channel not in ReceiptChannel.values:
        raise Refusal(f"申请方式“{app.channel}”无效。")
    if app.channel == ReceiptChannel.IN_PERSON:
        return app.received_on or app.submitted_on
    if app.received_on is None:
        what = {
            ReceiptChannel.REGISTERED_POST: "签收日期",
            ReceiptChannel.ORDINARY_POST: "与申请人确认收到的日期",
        }.get(app.channel, "双方确认收到的日期")
        raise Refusal(f"{ReceiptChannel(app.channel).label}的申请，须填写{what}(条例第三十一条)。")
    return app.received_on


def receive(
    actor, channel: str, *, agency: OrgUnit, app: Application, await_calendar: bool = False
) -> DisclosureRequest:
    """Register a request; the 20-工作日 reply clock starts (条例 arts. 31, 33 ¶2). Only for an
    agency the actor acts for (or, from the portal, an agency of its government): the table's
    creator rule and reach, checked on the record about to be saved. `await_calendar`: see
    `apply_on_portal`."""
    received_on = require_date(
        receipt_date(app),
        label="收到申请日期",
        not_before=app.submitted_on,
        before_label="提交日期",
    )
    _check_applicant(app)
    with held.atomic():  # no savepoint in an import's chunk
        request = DisclosureRequest(
            agency=agency,
            number=_next_number(agency, received_on.year),
            check_code="".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)),
            received_on=received_on,
            clock_start_on=received_on,
            status=Status.PROCESSING,
            **{k: v for k, v in vars(app).items() if k != "received_on"},
        )
        return STEPS.create(
            actor,
            channel,
            request,
            action="收到政府信息公开申请",
            on=received_on,
            await_calendar=await_calendar,
        )


def register(actor, channel: str, data: dict) -> DisclosureRequest:
    """The staff registration form's data: a request that came in person, by post, fax or
    e-mail, received by the agency the form names."""
    data = dict(data)
    agency = data.pop("agency")
    return receive(actor, channel, agency=agency, app=Application(**data))


def apply_on_portal(government: OrgUnit, channel: str, data: dict) -> DisclosureRequest:
    """A request submitted on the government's portal form. The portal shows the applicant the
    tracking number at once, which is the confirmation of 条例 art. 31(3): it is received on the
    day it is submitted.

    Received is received: a request submitted in December, whose 20 工作日 end in a year whose
    holiday notice nobody has entered yet, is registered with its reply due date pending (told
    to the applicant), and entering the notice computes it. Staff entry, by contrast, is refused
    until the notice is in: the workbench warns from October (core.views.calendar_gap)."""
    data = dict(data)
    agency = data.pop("agency")
    today = timezone.localdate()
    app = Application(channel=ReceiptChannel.WEB, submitted_on=today, received_on=today, **data)
    check_delivery(app)
    applicant = PublicActor(PORTAL_APPLICANT, government)
    return receive(applicant, channel, agency=agency, app=app, await_calendar=True)


def _check_applicant(app: Application) -> None:
    if app.applicant_type not in ApplicantType.values:
        raise Refusal(f"申请人类型“{app.applicant_type}”无效。")
    if app.format_wanted not in Format.values:
        raise Refusal(f"信息提供形式“{app.format_wanted}”无效。")
    if not app.applicant_name.strip():
        raise Refusal("申请人姓名或名称不能为空(条例第二十九条)。")
    if not app.description.strip():
        raise Refusal(
            "应当写明所需政府信息的名称、文号或者便于查询的其他特征性描述(条例第二十九条)。"
        )
    try:
        _check_identity(app)
    except ValidationError as exc:  # the validators' own message, as a refusal of this step
        raise Refusal(exc.messages) from exc
    if not (app.applicant_phone or app.applicant_address):
        raise Refusal("应当留有联系电话或通信地址等联系方式(条例第二十九条)。")


def check_delivery(app: Application) -> None:
    """What the chosen 提供形式 needs to be carried out (条例 art. 29 ¶2(三), art. 40), or a
    refusal naming what is missing (`rules.delivery_gap`). The portal asks for it at once. A
    letter or a visit registered by staff is not refused for lacking it: the agency asks the
    applicant (art. 30), so `receive` does not require it."""
    gap = rules.delivery_gap(vars(app))
    if gap is not None:
        raise Refusal(gap[1])


def _check_identity(app: Application) -> None:
    if app.applicant_type == ApplicantType.PERSON:
        if app.applicant_uscc:
            raise Refusal("自然人申请不填写统一社会信用代码。")
        if app.applicant_id_number:
            validate_id_number(app.applicant_id_number)
    else:
        if app.applicant_id_number:
            raise Refusal("法人或其他组织申请请填写统一社会信用代码，不填身份证号码。")
        if app.applicant_uscc:
            validate_uscc(app.applicant_uscc)


def _next_number(agency: OrgUnit, year: int) -> str:
    """弥公开〔2021〕13号: one sequence per government and year, shared by its agencies. The
    government's row is locked first, so two receipts at once never take the same number."""
    government = agency.government()
    OrgUnit.objects.select_for_update().filter(pk=government.pk).first()
    like = f"{(government.short_name or government.name)[:1]}公开〔{year}〕"
    taken = DisclosureRequest.objects.filter(number__startswith=like).count()
    number = f"{like}{taken + 1}号"
    while DisclosureRequest.objects.filter(number=number).exists():  # another government's
        taken += 1
        number = f"{like}{taken + 1}号"
    return number


# A number as people type it back: any of these brackets round the year, or none.
_TYPED_NUMBER = re.compile(
    r"(?P<prefix>.*?[^\d〔〕\[\]【】()])?[〔\[【(]?(?P<year>\d{4})[〕\]】)]?(?P<seq>\d+)号?"
)


def normalise_number(typed: str) -> str:
    """A tracking number as the platform writes it (弥公开〔2021〕13号), from however it was
    typed: 〔〕, [], 【】, （） or () round the year or no brackets, full-width digits, spaces,
    with or without 号. What does not look like a number is returned half-width, without
    spaces, and simply finds nothing."""
    text = normalise_code(typed).replace("（", "(").replace("）", ")")
    found = _TYPED_NUMBER.fullmatch(text)
    if found is None:
        return text
    return f"{found['prefix'] or ''}〔{found['year']}〕{int(found['seq'])}号"


def find_for_tracking(number: str, code: str) -> DisclosureRequest | None:
    """The request whose number and check code both match, or None (no hint which one failed)."""
    found = DisclosureRequest.objects.select_related("agency").prefetch_related("pauses")
    request = found.filter(number=normalise_number(number))
    request = request.first()
    if request is None or not secrets.compare_digest(
        request.check_code.encode(), normalise_code(code).encode()
    ):
        return None
    return request


def request_correction(
    actor, channel: str, request, *, on: dt.date, items: str, due_on: dt.date
) -> DisclosureRequest:
    """补正: one notice within 7 工作日 of receipt listing every item and a reasonable deadline
    (条例 art. 30; one notice only, a condition of the table). The reply clock stops; it will
    restart from the corrected request."""

    def change(request):
        require_date(
            on, label="补正通知日期", not_before=request.received_on, before_label="收到申请日期"
        )
        latest = get_calendar().add_workdays(request.received_on, rules.CORRECTION_NOTICE.amount)
        if on > latest:
            raise Refusal(
                f"补正通知应在收到申请之日起7个工作日内({latest:%Y-%m-%d}前)发出"
                f"({rules.ARTICLE['correction']})。"
            )
        if not items.strip():
            raise Refusal("补正通知应一次性载明需要补正的事项。")
        if not isinstance(due_on, dt.date) or due_on <= on:
            raise Refusal("应当载明合理的补正期限，且晚于通知日期。")
        request.status = Status.CORRECTING
        request.correction_noticed_on = on
        request.correction_items = items[:300]
        request.correction_due_on = due_on

    details = {"items": items, "due_on": due_on}
    return _apply("correction", actor, channel, request, change, details, on=on)


def receive_correction(actor, channel: str, request, *, on: dt.date) -> DisclosureRequest:
    """The corrected request arrived: the reply clock restarts from this day (条例 art. 30)."""

    def change(request):
        require_date(
            on,
            label="收到补正日期",
            not_before=request.correction_noticed_on,
            before_label="补正通知日期",
        )
        request.status = Status.PROCESSING
        request.corrected_on = on
        request.clock_start_on = on

    return _apply("corrected", actor, channel, request, change, on=on)


def abandon_correction(actor, channel: str, request, *, on: dt.date) -> DisclosureRequest:
    """No 补正 by the stated deadline: 视为放弃申请, not handled further (条例 art. 30);
    counted as (六)其他处理·1 in table 三."""

    def change(request):
        require_date(on, label="处理日期")
        if on <= request.correction_due_on:
            raise Refusal(
                f"补正期限({request.correction_due_on:%Y-%m-%d})届满前，不能视为放弃申请。"
            )
        _conclude(request, on, Status.ABANDONED, ResultRow.NO_CORRECTION)

    return _apply("abandon", actor, channel, request, change, on=on)


def start_consultation(
    actor, channel: str, request, *, on: dt.date, kind: str, party: str
) -> DisclosureRequest:
    """征求意见: of a third party (条例 art. 32) or of the agencies that made the information with
    this one (art. 34), by a written 征求意见书. The time the consultation takes does not count
    (art. 33 ¶3), from the letter on; the addressee's 15 工作日 run from its RECEIPT ("自收到征求
    意见书之日起"), so they start only when the 送达 is recorded (`serve_consultation`)."""

    def change(request):
        if kind not in (PauseKind.THIRD_PARTY, PauseKind.OTHER_AGENCY):
            raise Refusal(f"征求意见类别“{kind}”无效。")
        require_date(
            on,
            label="征求意见日期",
            not_before=request.clock_start_on,
            before_label="答复期限起算日",
        )
        _require_within_reply(request, on, "征求意见")
        if not party.strip():
            raise Refusal("应当写明征求意见的对象。")
        DisclosurePause.objects.create(
            request=request,
            kind=kind,
            party=party[:100],
            start=on,
        )
        request.status = Status.CONSULTING

    details = {"kind": kind, "party": party}
    return _apply("consult", actor, channel, request, change, details, on=on)


def serve_consultation(
    actor, channel: str, request, *, served_on: dt.date, way: str
) -> DisclosureRequest:
    """征求意见书已送达: the third party (条例 art. 32) or the co-making agency (art. 34) received
    the letter on `served_on`; its 15 工作日 to answer run from the next day."""

    def change(request):
        pause = _open_pause(request, [PauseKind.THIRD_PARTY, PauseKind.OTHER_AGENCY])
        _require_way(way)
        require_date(
            served_on, label="送达日期", not_before=pause.start, before_label="征求意见日期"
        )
        pause.letter_served_on, pause.letter_served_way = served_on, way
        pause.reply_due_on = get_calendar().add_workdays(
            served_on, rules.CONSULTATION_ANSWER.amount
        )
        pause.save(update_fields=["letter_served_on", "letter_served_way", "reply_due_on"])

    details = {"served_on": served_on, "way": way}
    return _apply("consult_served", actor, channel, request, change, details, on=served_on)


def _require_way(way: str) -> None:
    if way not in ServiceWay.values:
        raise Refusal(f"送达方式“{way}”无效。")


def end_consultation(actor, channel: str, request, *, on: dt.date) -> DisclosureRequest:
    """The answer came (or the 15 工作日 from the letter's receipt ran out and the agency decides,
    art. 32; a co-making agency's silence is consent, art. 34): the clock runs again from the next
    day; the span from the letter to this day did not count."""

    def change(request):
        pause = _open_pause(request, [PauseKind.THIRD_PARTY, PauseKind.OTHER_AGENCY])
        require_date(on, label="收到意见日期", not_before=pause.start, before_label="征求意见日期")
        pause.end = on
        pause.save(update_fields=["end"])
        request.status = Status.PROCESSING

    return _apply("consulted", actor, channel, request, change, on=on)


def extend(
    actor, channel: str, request, *, on: dt.date, workdays: int, reason: str
) -> DisclosureRequest:
    """延长答复期限 once (a condition of the table) by `workdays` 工作日 — "延长的期限最长不得超过
    20个工作日" — with the consent of the head of the 政府信息公开工作机构 (条例 art. 33 ¶2): the
    actor is that head, whose authority the table checks (a handler's request is approved in the
    approver's own session, fazhi.core.approvals); the applicant is told (the 延期答复告知书)."""

    def change(request):
        require_date(
            on,
            label="同意延期日期",
            not_before=request.clock_start_on,
            before_label="答复期限起算日",
        )
        _require_within_reply(request, on, "延长答复期限")
        if (
            isinstance(workdays, bool)
            or not isinstance(workdays, int)
            or not 1 <= workdays <= rules.MAX_EXTENSION_WORKDAYS
        ):
            raise Refusal(
                f"延长的期限应为1至{rules.MAX_EXTENSION_WORKDAYS}个工作日，最长不得超过"
                f"{rules.MAX_EXTENSION_WORKDAYS}个工作日({rules.ARTICLE['extend']})。"
            )
        if not reason.strip():
            raise Refusal("应当说明需要延长答复期限的理由。")
        request.extension_workdays = workdays
        request.extended_on = on
        request.extension_approver = actor
        request.extension_reason = reason[:200]

    details = {"workdays": workdays, "reason": reason, "approver": audit.actor_label(actor)}
    return _apply("extend", actor, channel, request, change, details, on=on)


def ask_reasons(actor, channel: str, request, *, on: dt.date, items: str) -> DisclosureRequest:
    """要求申请人说明理由: the number or frequency of the applicant's requests clearly exceeds a
    reasonable range (条例 art. 35). The law does not stop the reply clock for it, so it runs on;
    what the agency then decides is `delay_reply` (reasons reasonable, more time needed) or a
    reply of the kind `Situation.EXCESSIVE` (reasons unreasonable: 不予处理)."""

    def change(request):
        require_date(
            on,
            label="要求说明理由日期",
            not_before=request.clock_start_on,
            before_label="答复期限起算日",
        )
        _require_within_reply(request, on, "要求说明理由")
        if not items.strip():
            raise Refusal("应当写明申请数量、频次明显超过合理范围的情况及需要说明的事项。")
        request.reasons_asked_on = on
        request.reasons_asked = items[:300]

    details = {"items": items}
    return _apply("reasons", actor, channel, request, change, details, on=on)


def delay_reply(
    actor, channel: str, request, *, on: dt.date, due_on: dt.date, reason: str
) -> DisclosureRequest:
    """确定延迟答复的合理期限 (条例 art. 35): the applicant's reasons are reasonable but the
    agency cannot answer within the period of art. 33; it sets a later, reasonable reply date and
    tells the applicant. Only after asking for reasons (a condition of the table), within the
    running reply period, and once. The date set is the reply due date from then on: it is the
    agency's own reasonable period, not an art. 33 clock, so later pauses do not move it."""

    def change(request):
        require_date(
            on,
            label="决定日期",
            not_before=request.reasons_asked_on,
            before_label="要求说明理由日期",
        )
        _require_within_reply(request, on, "确定延迟答复期限")
        current = request.reply_due_on
        if not isinstance(due_on, dt.date) or (current and due_on <= current):
            raise Refusal(
                f"延迟答复期限应晚于现答复期限({current:%Y-%m-%d})(条例第三十五条)。"
                if current
                else "应当确定延迟答复的期限。"
            )
        if not reason.strip():
            raise Refusal("应当说明认为申请理由合理但无法按期答复的理由。")
        request.delayed_reply_due_on = due_on
        request.delay_reason = reason[:200]

    details = {"due_on": due_on, "reason": reason}
    return _apply("delay", actor, channel, request, change, details, on=on)


def notify_fee(
    actor, channel: str, request, *, on: dt.date, method: str, pages: int = 0
) -> DisclosureRequest:
    """收费通知: only when the requests clearly exceed a reasonable number or volume (条例 art. 42),
    at the 109号 tariff (按件 art. 4 or 按量 art. 5, one method per request, art. 3); one notice
    per request (a condition of the table). The days from sending it to payment are left out of
    the reply clock when `rules.fee_pauses_clock()`; the applicant's 20 工作日 to pay run from
    the day after RECEIVING it (109号), so they start with `serve_fee_notice`, not here."""

    def change(request):
        require_date(
            on,
            label="收费通知日期",
            not_before=request.clock_start_on,
            before_label="答复期限起算日",
        )
        _require_within_reply(request, on, "发出收费通知")
        amount = _fee(request, method, pages)
        if amount <= 0:
            raise Refusal(
                "未超过合理数量(同一申请人每月10件以内、每件30页以内)，不收取信息处理费"
                f"({rules.ARTICLE['fee']})。"
            )
        request.status = Status.FEE_PENDING
        request.fee_method, request.fee_amount, request.fee_noticed_on = method, amount, on
        request.fee_due_on = None  # set by the 送达 of the notice
        if rules.fee_pauses_clock():
            DisclosurePause.objects.create(request=request, kind=PauseKind.FEE, start=on)

    details = {"method": method, "pages": pages}
    return _apply("fee", actor, channel, request, change, details, on=on)


def _fee(request, method: str, pages: int):
    if method == FeeMethod.PER_PAGE:
        if not pages or pages < 1:
            raise Refusal("按量计收应填写页数。")
        return rules.fee_per_page(pages)
    if method != FeeMethod.PER_REQUEST:
        raise Refusal(f"收费方式“{method}”无效。")
    same = _same_applicant_q(request)
    month = request.received_on.replace(day=1)
    earlier = DisclosureRequest.objects.filter(
        same,
        received_on__gte=month,
        received_on__lte=request.received_on,
    ).filter(Q(received_on__lt=request.received_on) | Q(pk__lte=request.pk))
    return rules.fee_per_request(earlier.count())


def _same_applicant_q(request) -> Q:
    if request.applicant_id_number:
        return Q(applicant_id_number=request.applicant_id_number)
    if request.applicant_uscc:
        return Q(applicant_uscc=request.applicant_uscc)
    return Q(applicant_name=request.applicant_name, applicant_type=request.applicant_type)


def serve_fee_notice(
    actor, channel: str, request, *, served_on: dt.date, way: str
) -> DisclosureRequest:
    """收费通知已送达: the applicant received the fee notice on `served_on`; the 20 工作日 to pay
    run from the next day (109号: 收到收费通知的次日起20个工作日内; rules.fee_payment_period)."""

    def change(request):
        _require_way(way)
        require_date(
            served_on,
            label="送达日期",
            not_before=request.fee_noticed_on,
            before_label="收费通知日期",
        )
        request.fee_served_on, request.fee_served_way = served_on, way
        request.fee_due_on = get_calendar().add_workdays(
            served_on, rules.fee_payment_period().amount
        )

    details = {"served_on": served_on, "way": way}
    return _apply("fee_served", actor, channel, request, change, details, on=served_on)


def receive_fee(actor, channel: str, request, *, on: dt.date) -> DisclosureRequest:
    """The fee was paid: handling (and the clock, if it stopped) goes on."""

    def change(request):
        require_date(
            on, label="缴费日期", not_before=request.fee_noticed_on, before_label="收费通知日期"
        )
        if request.fee_due_on and on > request.fee_due_on:
            raise Refusal(f"缴费期限已于{request.fee_due_on:%Y-%m-%d}届满，应按逾期未缴费处理。")
        pause = request.pauses.filter(kind=PauseKind.FEE, end__isnull=True).first()
        if pause is not None:
            pause.end = on
            pause.save(update_fields=["end"])
        request.status = Status.PROCESSING
        request.fee_paid_on = on

    return _apply("paid", actor, channel, request, change, on=on)


def lapse_fee(actor, channel: str, request, *, on: dt.date) -> DisclosureRequest:
    """Not paid within 20 工作日 of receiving the notice (its 送达 is recorded first: a condition
    of the table): 视为放弃, not handled further; (六)其他处理·2 in table 三."""

    def change(request):
        require_date(on, label="处理日期")
        if on <= request.fee_due_on:
            raise Refusal(f"缴费期限({request.fee_due_on:%Y-%m-%d})届满前，不能按逾期未缴费处理。")
        pause = request.pauses.filter(kind=PauseKind.FEE, end__isnull=True).first()
        if pause is not None:
            pause.end = request.fee_due_on
            pause.save(update_fields=["end"])
        _conclude(request, on, Status.ABANDONED, ResultRow.NO_FEE)

    return _apply("unpaid", actor, channel, request, change, on=on)


def reply(
    actor,
    channel: str,
    request,
    *,
    on: dt.date,
    situation: str,
    result: str = "",
    note: str = "",
) -> DisclosureRequest:
    """答复 in one of the situations of 条例 arts. 35–39, counted in the table 三 row that
    `rules.SITUATION_ROWS` allows for it (the first one when none is named). The 救济途径 the
    reply states is stored with it (`rules.remedy_text`): for a 不予公开 answer, 复议前置
    (行政复议法(2023) art. 23 ¶1(4), ¶2)."""

    def change(request):
        if situation not in Situation.values:
            raise Refusal(f"答复情形“{situation}”无效。")
        allowed = rules.SITUATION_ROWS[Situation(situation)]
        row = result or allowed[0]
        if row not in allowed:
            labels = "、".join(str(ResultRow(r).label) for r in allowed)
            raise Refusal(f"“{Situation(situation).label}”只能计入：{labels}。")
        require_date(
            on, label="答复日期", not_before=request.clock_start_on, before_label="答复期限起算日"
        )
        if situation in rules.REASON_REQUIRED and not note.strip():
            raise Refusal(rules.REASON_REQUIRED[situation])
        if situation == Situation.EXCESSIVE and not request.reasons_asked_on:
            raise Refusal(
                "以申请数量、频次明显超过合理范围告知不予处理的，应当先要求申请人说明理由"
                "(条例第三十五条)。"
            )
        request.situation = situation
        request.reply_note = note[:300]
        request.remedy = rules.remedy_text(situation)
        _conclude(request, on, Status.REPLIED, row)
        request.replied_on = on

    details = {"situation": situation, "result": result, "note": note}
    return _apply("reply", actor, channel, request, change, details, on=on)


def record_challenge(
    actor,
    channel: str,
    request,
    *,
    kind: str,
    filed_on: dt.date,
    reconsideration_number: str = "",
    note: str = "",
) -> DisclosureRequest:
    """A 行政复议 or 行政诉讼 against the handling of a concluded request (条例 art. 51; the
    table allows it on 已答复 and 不再处理 requests), linked to the request; it is what
    sup.disclosure.challenges counts. The request itself does not change. A 复议 case registered
    on the platform is linked by its number, among the cases the actor may see (through
    fazhi.disputes.reconsideration.queries, that procedure's public face)."""

    def change(request):
        if kind not in ChallengeKind.values:
            raise Refusal(f"类别“{kind}”无效。")
        require_date(
            filed_on, label="提起日期", not_before=request.concluded_on, before_label="办结日期"
        )
        DisclosureChallenge.objects.create(
            request=request,
            kind=kind,
            filed_on=filed_on,
            reconsideration=_reconsideration_case(actor, kind, reconsideration_number),
            note=note[:200],
        )

    details = {
        "kind": kind,
        "filed_on": filed_on,
        "reconsideration_number": reconsideration_number,
        "note": note,
    }
    return _apply("challenge", actor, channel, request, change, details, on=filed_on)


def _reconsideration_case(actor, kind: str, number: str):
    number = number.strip()
    if not number:
        return None
    if kind != ChallengeKind.RECONSIDERATION:
        raise Refusal("只有行政复议可以关联行政复议案件。")
    case = reconsideration_queries.visible_cases(actor).filter(number=number).first()
    if case is None:
        raise Refusal(f"未找到您可查看的行政复议案件“{number}”。")
    return case


def _conclude(request, on: dt.date, status: str, result: str) -> None:
    request.status = status
    request.result = result
    request.concluded_on = on


def _require_within_reply(request, on: dt.date, action: str) -> None:
    if request.reply_due_on and on > request.reply_due_on:
        raise Refusal(f"答复期限已于{request.reply_due_on:%Y-%m-%d}届满，不能再{action}。")


def _open_pause(request, kinds) -> DisclosurePause:
    pause = request.pauses.filter(kind__in=kinds, end__isnull=True).order_by("-start").first()
    if pause is None:
        raise Refusal("没有进行中的征求意见记录。")
    return pause


def _apply(key, actor, channel, request, change, details=None, *, on=None):
    return STEPS.apply(key, actor, channel, request, change, details=details, on=on)


FRAME = Frame(
    snapshot=lambda request: audit.snapshot(request, AUDITED),
    refresh_due=lambda request: _compute_due(request),
    default_on=lambda request: request.received_on,
    prefetch=["pauses"],
)


def reply_due(request: DisclosureRequest) -> dt.date | None:
    """20 工作日 from the clock start (+ the approved extension, at most 20 工作日), less the
    paused spans; None while a pause is open (the clock is stopped) or while waiting for 补正 (it
    will restart). A 延迟答复期限 set under art. 35 replaces it."""
    if request.delayed_reply_due_on:
        return request.delayed_reply_due_on
    if request.status == Status.CORRECTING:
        return None
    # Rows extended before the number was recorded had the then-fixed 20 (migration 0002).
    workdays = request.extension_workdays or rules.MAX_EXTENSION_WORKDAYS
    extensions = [rules.extension(workdays)] if request.extended_on else []
    return due_date(
        request.clock_start_on,
        rules.REPLY,
        pauses=_pauses_after(request, request.clock_start_on),
        extensions=extensions,
    )


def _compute_due(request: DisclosureRequest) -> None:
    if request.status in Status.concluded():
        # The reply due date stays as it was when the reply was made: on-time is judged by it.
        request.next_due_on, request.next_due_label = None, ""
        return
    request.reply_due_on = reply_due(request)
    if request.status == Status.CORRECTING:
        due, label = request.correction_due_on, "补正期限"
    elif request.status == Status.CONSULTING:
        pause = request.pauses.filter(end__isnull=True).order_by("-start").first()
        if pause is not None and pause.reply_due_on is None:  # the letter not yet received
            due, label = None, "征求意见书待送达"
        else:
            due, label = (pause.reply_due_on if pause else None), "征求意见答复期限"
    elif request.status == Status.FEE_PENDING:
        if request.fee_due_on is None:  # the notice not yet received: the reply clock, if running
            due, label = (
                request.reply_due_on,
                "答复期限" if request.reply_due_on else "收费通知待送达",
            )
        else:
            due, label = request.fee_due_on, "缴费期限"
    else:
        due, label = request.reply_due_on, "答复期限"
    request.next_due_on, request.next_due_label = due, label


def _pauses_after(request, start: dt.date) -> list[Pause]:
    """Paused spans inside the clock; the start day itself never counts, so clip to after it."""
    if request.pk is None:
        return []
    first = start + dt.timedelta(days=1)
    return [
        Pause(max(p.start, first), p.end)
        for p in request.pauses.all()
        if p.end is None or p.end >= first
    ]
