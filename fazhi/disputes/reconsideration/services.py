"""Every state change of a 行政复议 case is one function here. Each checks the transition and its
dates, writes inside one transaction, appends an audit row, and sets the next statutory due date.
Views, the API, admin actions, imports and `fazhi tick` all call these; none writes by itself.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from fazhi.core import audit, held
from fazhi.core.calendar import CalendarYearUnknown, get_calendar
from fazhi.core.clocks import Limit, LimitUnit, Pause, due_date
from fazhi.core.forms import ServiceWay
from fazhi.core.steps import Frame
from fazhi.core.validators import validate_id_number, validate_uscc
from fazhi.core.workflow import Refusal, require_date

from . import rules
from .models import (
    ApplicantType,
    CasePause,
    CommitteeGround,
    Compensation,
    LawVersion,
    MediationGround,
    Outcome,
    PauseKind,
    Procedure,
    ReceiptChannel,
    ReconsiderationCase,
    ReviewMode,
    SimplifiedGround,
    Status,
    SuspensionGround,
    ViewsWay,
)
from .steps import STEPS


@dataclass
class Application:
    """What the applicant submitted, as registered at receipt."""

    applicant_name: str
    applicant_type: str
    respondent: object
    act: str
    category: str
    receipt_channel: str
    submitted_on: dt.date
    received_on: dt.date | None = None
    applicant_id_number: str = ""
    applicant_uscc: str = ""
    applicant_phone: str = ""
    knew_on: dt.date | None = None
    informed_of_right: bool | None = None
    act_made_on: dt.date | None = None
    real_property: bool = False


def receipt_date(app: Application) -> dt.date:
    """The date of receipt by channel (实施条例 art. 18; 民事诉讼法 art. 85 on 期间 and 送达).

    In person or orally: the day it was handed in. By post: the day the agency signed for it
    (time in the post is not counted against the applicant, but the agency's clock starts when
    it has the letter). Fax, e-mail or online: the day it arrived, as confirmed.
    """
    if app.receipt_channel not in ReceiptChannel.values:
        raise Refusal(f"申请方式“{app.receipt_channel}”无效。")
    if app.receipt_channel in (ReceiptChannel.IN_PERSON, ReceiptChannel.ORAL):
        return app.received_on or app.submitted_on
    if app.received_on is None:
        raise Refusal("邮寄、传真或网上提交的申请，须填写收到(签收/确认)日期。")
    return app.received_on


def receive(
    actor, channel: str, *, organ, unit, app: Application, number: str = ""
) -> ReconsiderationCase:
    """Register an application; the 5-工作日 review starts (2017 art. 17 / 2023 art. 30)."""
    received_on = require_date(
        receipt_date(app),
        label="收到申请日期",
        not_before=app.submitted_on,
        before_label="递交/寄出日期",
    )
    _check_applicant(app)
    law = LawVersion.for_receipt(received_on)
    warning = application_period_warning(app, received_on, law)
    with held.atomic():
        case = ReconsiderationCase(
            organ=organ,
            unit=unit,
            number=number or _next_number(organ, received_on.year),
            law=law,
            received_on=received_on,
            review_started_on=received_on,
            status=Status.RECEIVED,
            limit_warning=warning,
            **_application_fields(app),
        )
        if ReconsiderationCase.objects.filter(organ=organ, number=case.number).exists():
            raise Refusal(f"案号 {case.number} 已存在。")
        return STEPS.create(actor, channel, case, action="收到复议申请", on=received_on)


def register(actor, channel: str, data: dict) -> ReconsiderationCase:
    """The registration form's data, received by the user's own 复议机构 for its government."""
    if actor is None or actor.unit_id is None:
        raise Refusal("请以行政复议机构工作人员的身份登记。")
    organ = actor.unit.government()
    return receive(actor, channel, organ=organ, unit=actor.unit, app=Application(**data))


def _application_fields(app: Application) -> dict:
    fields = dict(vars(app))
    fields.pop("received_on")
    return fields


def application_period_warning(app: Application, received_on: dt.date, law: str) -> str:
    """The application period checked at receipt (2023 arts. 20–21; see rules.py): impossible
    dates are refused; a late application is registered with a warning for the review, since
    only the 受理审查 can weigh a 正当理由 (art. 20 ¶2) — it ends in 不予受理 (art. 30 ¶1 (四)).
    2017-law cases are not checked (their period, 2017 art. 9, is the reviewer's to weigh)."""
    if app.knew_on and app.knew_on > received_on:
        raise Refusal("知道行政行为之日不能晚于收到申请之日。")
    if app.act_made_on and app.knew_on and app.act_made_on > app.knew_on:
        raise Refusal("行政行为作出日期不能晚于申请人知道该行为之日。")
    if app.act_made_on and app.act_made_on > received_on:
        raise Refusal("行政行为作出日期不能晚于收到申请之日。")
    if law != LawVersion.FY2023:
        return ""
    warnings = []
    absolute = _absolute_limit_passed(app.act_made_on, app.real_property, received_on)
    if absolute:
        warnings.append(absolute)
    if app.knew_on:
        if app.informed_of_right is False:
            last = _years_after(app.knew_on, rules.NOT_INFORMED_MAX_YEARS)
            if received_on > last:
                warnings.append(
                    f"行政行为未告知申请复议的权利和期限，但自知道该行为之日起已超过一年"
                    f"(最迟{last:%Y-%m-%d})，超过第二十条第三款规定的最长期限"
                )
        else:
            last = _legal_last_day(app.knew_on, rules.APPLICATION_PERIOD)
            if received_on > last:
                warnings.append(
                    f"自知道该行政行为之日起已超过六十日(期限至{last:%Y-%m-%d})，"
                    "除有不可抗力或者其他正当理由耽误外，超过第二十条第一款规定的申请期限"
                )
    return "；".join(warnings)[:300]


def _absolute_limit_passed(act_made_on, real_property: bool, received_on: dt.date) -> str:
    if not act_made_on:
        return ""
    years = rules.ABSOLUTE_MAX_YEARS[bool(real_property)]
    if received_on <= _years_after(act_made_on, years):
        return ""
    kind = "因不动产提出的申请" if real_property else "申请"
    return f"{kind}自行政行为作出之日起已超过{years}年，依第二十一条应当不予受理"


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _legal_last_day(start: dt.date, limit: Limit) -> dt.date:
    """A 日 period's last day, moved off a rest day when the calendar knows the year; a year
    nobody entered gives the plain day (this is a warning, not a clock)."""
    try:
        return due_date(start, limit)
    except CalendarYearUnknown:
        return start + dt.timedelta(days=limit.amount)


def _check_applicant(app: Application) -> None:
    if app.applicant_type not in ApplicantType.values:
        raise Refusal(f"申请人类型“{app.applicant_type}”无效。")
    if not app.applicant_name.strip():
        raise Refusal("申请人姓名或名称不能为空。")
    if app.applicant_id_number:
        validate_id_number(app.applicant_id_number)
    if app.applicant_uscc:
        validate_uscc(app.applicant_uscc)


def _next_number(organ, year: int) -> str:
    """弥政复〔2021〕12号: the organ's short prefix, the year, the next sequence number.

    The organ's row is locked first, so two receipts at once never take the same number."""
    type(organ).objects.select_for_update().filter(pk=organ.pk).first()
    prefix = (organ.short_name or organ.name)[:2] + "政复"
    like = f"{prefix}〔{year}〕"
    taken = ReconsiderationCase.objects.filter(organ=organ, number__startswith=like).count()
    return f"{like}{taken + 1}号"


def request_correction(
    actor, channel: str, case, *, on: dt.date, items: str
) -> ReconsiderationCase:
    """补正通知: within 5 日 of receipt, one notice listing every item at once (实施条例 art. 29 /
    2023 art. 31 ¶1; a second notice is refused by the table under 2023). The applicant's period
    runs from the notice's 送达 (2023 art. 31 ¶2: 自收到补正通知之日起十日内), recorded by the step
    补正通知已送达; the time spent on 补正 does not count (实施条例 art. 29)."""

    def change(case):
        require_date(
            on, label="补正通知日期", not_before=case.review_started_on, before_label="收到申请日期"
        )
        latest = get_calendar().add_workdays(case.review_started_on, rules.CORRECTION_NOTICE.amount)
        if on > latest:
            raise Refusal(
                f"补正通知应在收到申请之日起5个工作日内({latest:%Y-%m-%d}前)发出"
                f"({rules.article('correction', case.law)})。"
            )
        if not items.strip():
            raise Refusal("补正通知应一次性载明需要补正的事项。")
        CasePause.objects.create(case=case, kind=PauseKind.CORRECTION, start=on, reason=items[:200])
        case.status = Status.CORRECTING
        case.correction_noticed_on = on
        case.correction_served_on, case.correction_served_way = None, ""
        if case.law == LawVersion.FY2023:
            case.correction_due_on = None  # runs from the 送达 (art. 31 ¶2)
        else:
            # 实施条例 art. 29: the notice states a 合理的补正期限; we keep 10 工作日 from the
            # notice unless its 送达 is recorded (then from that day, as the 2023 law has it).
            case.correction_due_on = get_calendar().add_workdays(on, rules.CORRECTION_PERIOD.amount)

    return _apply("correction", actor, channel, case, change, {"items": items}, on=on)


def correction_served(
    actor, channel: str, case, *, served_on: dt.date, way: str
) -> ReconsiderationCase:
    """补正通知已送达: the applicant's 10 日 (working days, art. 88 ¶2) run from the day they
    received the notice (2023 art. 31 ¶2 "自收到补正通知之日起十日内"; 送达 by 民事诉讼法's rules,
    art. 88 ¶1)."""

    def change(case):
        require_date(
            served_on,
            label="送达日期",
            not_before=case.correction_noticed_on,
            before_label="补正通知日期",
        )
        if way not in ServiceWay.values:
            raise Refusal(f"送达方式“{way}”无效。")
        case.correction_served_on, case.correction_served_way = served_on, way
        case.correction_due_on = get_calendar().add_workdays(
            served_on, rules.CORRECTION_PERIOD.amount
        )

    details = {"served_on": served_on, "way": way}
    return _apply("correction_served", actor, channel, case, change, details, on=served_on)


def extend_correction(
    actor, channel: str, case, *, on: dt.date, due_on: dt.date, reason: str
) -> ReconsiderationCase:
    """有正当理由不能按期补正的，行政复议机关可以延长合理的补正期限 (2023 art. 31 ¶2): a later
    补正期限, with the applicant's reason, decided before the period has run out."""

    def change(case):
        require_date(
            on, label="决定日期", not_before=case.correction_noticed_on, before_label="补正通知日期"
        )
        if case.correction_due_on is None:
            raise Refusal("补正通知送达后方可延长补正期限。")
        if on > case.correction_due_on:
            raise Refusal(
                f"补正期限已于{case.correction_due_on:%Y-%m-%d}届满，不能再延长"
                f"({rules.article('correction', case.law)})。"
            )
        if not isinstance(due_on, dt.date) or due_on <= case.correction_due_on:
            raise Refusal(f"延长后的补正期限应晚于原期限({case.correction_due_on:%Y-%m-%d})。")
        if not reason.strip():
            raise Refusal("延长补正期限应载明申请人不能按期补正的正当理由。")
        case.correction_due_on = due_on

    details = {"due_on": due_on, "reason": reason}
    return _apply("extend_correction", actor, channel, case, change, details, on=on)


def receive_correction(actor, channel: str, case, *, on: dt.date) -> ReconsiderationCase:
    """补正材料收到: the acceptance review runs again from that day (2023 art. 31 ¶3). The time
    spent on 补正 — from the notice to the day before the papers arrived — is a paused span: under
    the 2017 law the case is accepted as of receipt and that span does not count towards the
    decision period (实施条例 art. 29)."""

    def change(case):
        pause = _open_pause(case, PauseKind.CORRECTION)
        require_date(
            on, label="收到补正材料日期", not_before=pause.start, before_label="补正通知日期"
        )
        _close_pause(pause, on)
        case.status = Status.RECEIVED
        case.review_started_on = on
        case.correction_due_on = None

    return _apply("correction_received", actor, channel, case, change, None, on=on)


def abandon(actor, channel: str, case, *, on: dt.date) -> ReconsiderationCase:
    """逾期不补正，视为放弃申请 (实施条例 art. 29 / 2023 art. 31 ¶2)."""

    def change(case):
        if case.correction_due_on is None:
            raise Refusal("补正通知尚未送达，补正期限未起算，不能视为放弃申请。")
        if on <= case.correction_due_on:
            raise Refusal(f"补正期限({case.correction_due_on:%Y-%m-%d})届满前，不能视为放弃申请。")
        require_date(on, label="处理日期")
        pause = _open_pause(case, PauseKind.CORRECTION)
        pause.end = case.correction_due_on
        pause.save(update_fields=["end"])
        case.status = Status.ABANDONED
        case.closed_on = on

    return _apply("abandon", actor, channel, case, change, None, on=on, action="视为放弃申请")


def accept(
    actor,
    channel: str,
    case,
    *,
    on: dt.date,
    procedure: str = Procedure.ORDINARY,
    simplified_ground: str = "",
) -> ReconsiderationCase:
    """受理. Under 2017 art. 17 ¶2 a case is accepted as of the day the 复议机构 received it (after
    补正, still the first receipt: the 补正 time is a paused span, 实施条例 art. 29); under 2023
    art. 30 as of the acceptance decision — but a decision taken after the 5-日 review has run out
    finds the case already accepted: 审查期限届满之日起视为受理 (art. 30 ¶3), and the decision
    period runs from that day. 简易程序 exists only under 2023 (arts. 53–54)."""

    def change(case):
        require_date(
            on, label="受理日期", not_before=case.review_started_on, before_label="审查起算日"
        )
        _check_procedure(case, procedure, simplified_ground)
        if case.law == LawVersion.FY2023:
            passed = _absolute_limit_passed(case.act_made_on, case.real_property, case.received_on)
            if passed:
                raise Refusal(f"{passed}(行政复议法(2023)第二十一条)，不能受理。")
        case.status = Status.ACCEPTED
        case.procedure = procedure
        case.simplified_ground = simplified_ground if procedure == Procedure.SIMPLIFIED else ""
        if case.law == LawVersion.FY2017:
            case.accepted_on = case.received_on
            return
        expiry = _review_expiry(case)
        case.accepted_on = min(on, expiry)
        case.deemed_accepted = on > expiry

    details = {"procedure": procedure, "simplified_ground": simplified_ground}
    return _apply("accept", actor, channel, case, change, details, on=on)


def _review_expiry(case) -> dt.date:
    """The last day of the 5-日 acceptance review (2017 art. 17 / 2023 art. 30; working days)."""
    return get_calendar().add_workdays(case.review_started_on, rules.ACCEPTANCE_REVIEW.amount)


def _check_procedure(case, procedure: str, ground: str) -> None:
    if procedure not in Procedure.values:
        raise Refusal(f"审理程序“{procedure}”无效。")
    if procedure == Procedure.SIMPLIFIED:
        if case.law != LawVersion.FY2023:
            raise Refusal("2024年1月1日前收到的案件适用行政复议法(2017)，该法未规定简易程序。")
        if ground not in SimplifiedGround.values:
            raise Refusal("适用简易程序应选择行政复议法(2023)第五十三条规定的情形。")


def deem_accepted(actor, channel: str, case) -> ReconsiderationCase:
    """审查期限届满未作出不予受理决定的，自届满之日起视为受理 (2023 art. 30 ¶3)."""
    return _apply("deem_accepted", actor, channel, case, _deem, on=case.next_due_on)


def _deem(case) -> None:
    if case.law != LawVersion.FY2023:
        raise Refusal("视为受理仅适用于行政复议法(2023)。")
    expiry = _review_expiry(case)
    if expiry >= timezone.localdate():
        raise Refusal(f"受理审查期限至{expiry:%Y-%m-%d}届满，届满前不能视为受理。")
    case.status = Status.ACCEPTED
    case.accepted_on = expiry
    case.deemed_accepted = True


def deem_accepted_many(actor, channel: str, ids) -> tuple[int, dict[str, int]]:
    """The same transition as `deem_accepted`, for a batch (the scheduled job): rows another run
    holds are skipped, each case is checked against the table and changed by the same rule, and the
    batch is written with one UPDATE and one audit append. Returns how many were deemed accepted
    and the refusals by reason."""
    changed, refused = STEPS.apply_many(
        "deem_accepted",
        actor,
        channel,
        ids,
        _deem,
        on=lambda case: case.next_due_on,
        skip_locked=True,
        fields=DEEMED_FIELDS,
        prefetch=["pauses"],
    )
    return len(changed), refused


DEEMED_FIELDS = [
    "status",
    "accepted_on",
    "deemed_accepted",
    "decision_due_on",
    "next_due_on",
    "next_due_label",
]


def reject(actor, channel: str, case, *, on: dt.date, reason: str) -> ReconsiderationCase:
    """不予受理, in writing with reasons (2017 art. 17 / 2023 art. 30 ¶2)."""
    return _refuse_case("reject", actor, channel, case, on, reason, Status.REJECTED, "不予受理")


def refer(actor, channel: str, case, *, on: dt.date, competent_organ: str) -> ReconsiderationCase:
    """告知向有关行政复议机关提出 (2017 art. 17); under 2023 art. 30 ¶2 it is a 不予受理 decision
    naming the competent organ, recorded the same way."""
    reason = f"告知向{competent_organ}提出"
    return _refuse_case("refer", actor, channel, case, on, reason, Status.REFERRED, "告知")


def _refuse_case(key, actor, channel, case, on, reason, status, action):
    def change(case):
        require_date(
            on, label=f"{action}日期", not_before=case.review_started_on, before_label="审查起算日"
        )
        if not reason.strip():
            raise Refusal(f"{action}应当说明理由。")
        if case.law == LawVersion.FY2023:
            expiry = _review_expiry(case)
            if on > expiry:
                # art. 30 ¶2: 应当在审查期限内决定不予受理; after it the case is accepted (¶3)
                # and an application found inadmissible is dismissed (art. 33).
                raise Refusal(
                    f"审查期限已于{expiry:%Y-%m-%d}届满，本案视为受理，不能再{action}"
                    f"({rules.article('reject', case.law)})；受理后发现不符合受理条件的，"
                    "应当驳回行政复议申请(第三十三条)。"
                )
        case.status = status
        case.closed_on = on
        case.closing_note = reason[:300]

    return _apply(key, actor, channel, case, change, {"reason": reason}, on=on, action=action)


def dismiss_application(
    actor, channel: str, case, *, on: dt.date, reason: str
) -> ReconsiderationCase:
    """驳回行政复议申请: after acceptance the application is found not to meet art. 30 ¶1 (2023
    art. 33; 实施条例 art. 48 ¶1 (二) for 2017-law cases), decided with reasons. Unlike 驳回行政复议
    请求 (2023 art. 69), it does not rule on the act."""

    def change(case):
        require_date(on, label="驳回日期", not_before=case.accepted_on, before_label="受理日期")
        if not reason.strip():
            raise Refusal("驳回行政复议申请应当说明理由。")
        case.status = Status.DECIDED
        case.outcome = Outcome.APPLICATION_DISMISSED
        case.closed_on = on
        case.closing_note = reason[:300]

    details = {"reason": reason}
    return _apply(
        "dismiss_application", actor, channel, case, change, details, on=on, action="驳回申请"
    )


def hear_views(
    actor, channel: str, case, *, on: dt.date, way: str, note: str = ""
) -> ReconsiderationCase:
    """听取意见: in the 普通程序 the 复议机构 hears the parties in person, online or by phone and
    records it; where that fails through the parties, the case is reviewed in writing (2023
    art. 49). A 复议决定 of an ordinary case waits for it (or for a 听证)."""

    def change(case):
        require_date(on, label="听取意见日期", not_before=case.accepted_on, before_label="受理日期")
        if way not in ViewsWay.values:
            raise Refusal(f"听取意见方式“{way}”无效。")
        if not note.strip():
            raise Refusal("听取的意见应当记录在案(第四十九条)：请填写意见要点或者不能听取的原因。")
        case.views_heard_on, case.views_way = on, way

    details = {"way": way, "note": note}
    return _apply("hear_views", actor, channel, case, change, details, on=on, action="听取意见")


def mark_major(actor, channel: str, case, *, on: dt.date, reason: str) -> ReconsiderationCase:
    """重大、疑难、复杂案件: it must be heard in a 听证 (2023 art. 50 ¶1) and put to the 行政复议
    委员会 (art. 52 ¶2 (一)) before it is decided."""

    def change(case):
        require_date(on, label="认定日期", not_before=case.accepted_on, before_label="受理日期")
        if not reason.strip():
            raise Refusal("请说明认定为重大、疑难、复杂案件的理由。")
        case.major = True

    return _apply("mark_major", actor, channel, case, change, {"reason": reason}, on=on)


def notify_hearing(
    actor, channel: str, case, *, on: dt.date, hearing_on: dt.date, place: str, matters: str
) -> ReconsiderationCase:
    """听证通知: the time, place and matters in writing to the parties 五日 (working days, art. 88
    ¶2) before the hearing (2023 art. 51 ¶1). A later notice reschedules it."""

    def change(case):
        require_date(on, label="通知日期", not_before=case.accepted_on, before_label="受理日期")
        earliest = get_calendar().add_workdays(on, rules.HEARING_NOTICE.amount)
        if not isinstance(hearing_on, dt.date) or hearing_on < earliest:
            raise Refusal(
                f"听证通知应当于举行听证的五日前送达当事人：{on:%Y-%m-%d}通知的，听证最早"
                f"于{earliest:%Y-%m-%d}举行(行政复议法(2023)第五十一条第一款)。"
            )
        if not place.strip() or not matters.strip():
            raise Refusal("听证通知应当载明听证的时间、地点和拟听证事项。")
        case.hearing_noticed_on, case.hearing_on = on, hearing_on

    details = {"hearing_on": hearing_on, "place": place, "matters": matters}
    return _apply("notify_hearing", actor, channel, case, change, details, on=on)


def hold_hearing(
    actor,
    channel: str,
    case,
    *,
    on: dt.date,
    respondent_head_attended: bool = False,
    delegate_reason: str = "",
) -> ReconsiderationCase:
    """听证审理 (实施条例 art. 33 / 2023 arts. 50–51). Under the 2023 law the hearing follows a
    written notice 五日 before (art. 51 ¶1), and the respondent's 负责人 attends, or says why not
    and sends staff in their stead (art. 51 ¶3)."""

    def change(case):
        require_date(on, label="听证日期", not_before=case.accepted_on, before_label="受理日期")
        if case.law == LawVersion.FY2023:
            if case.hearing_noticed_on is None:
                raise Refusal("举行听证前应当书面通知当事人(行政复议法(2023)第五十一条第一款)。")
            earliest = get_calendar().add_workdays(
                case.hearing_noticed_on, rules.HEARING_NOTICE.amount
            )
            if on < earliest:
                raise Refusal(
                    f"听证通知于{case.hearing_noticed_on:%Y-%m-%d}发出，听证最早于"
                    f"{earliest:%Y-%m-%d}举行(第五十一条第一款)。"
                )
            if not respondent_head_attended and not delegate_reason.strip():
                raise Refusal(
                    "被申请人的负责人应当参加听证；不能参加的，应当说明理由并委托相应的工作人员"
                    "参加(行政复议法(2023)第五十一条第三款)。"
                )
            case.respondent_head_attended = bool(respondent_head_attended)
        case.review_mode = ReviewMode.HEARING
        case.hearing_on = on

    details = None
    if case.law == LawVersion.FY2023:
        details = {
            "respondent_head_attended": bool(respondent_head_attended),
            "delegate_reason": delegate_reason,
        }
    return _apply("hearing", actor, channel, case, change, details, on=on)


def consult_committee(
    actor, channel: str, case, *, on: dt.date, ground: str, opinion: str
) -> ReconsiderationCase:
    """提请行政复议委员会提出咨询意见 (2023 art. 52 ¶2), with the ground and the advice given;
    required before deciding a major case (¶2 (一))."""

    def change(case):
        require_date(on, label="咨询日期", not_before=case.accepted_on, before_label="受理日期")
        if ground not in CommitteeGround.values:
            raise Refusal("请选择第五十二条第二款规定的提请咨询的情形。")
        if not opinion.strip():
            raise Refusal("请记录行政复议委员会的咨询意见。")
        case.committee_consulted_on, case.committee_ground = on, ground

    details = {"ground": ground, "opinion": opinion}
    return _apply("consult_committee", actor, channel, case, change, details, on=on)


def _review_missing(case, outcome: str) -> str:
    """What the 2023 law requires before a 复议决定 and the case lacks (arts. 49, 50, 52)."""
    if case.law != LawVersion.FY2023 or outcome not in Outcome.decisions():
        return ""
    heard = case.review_mode == ReviewMode.HEARING
    if case.major and not heard:
        return "重大、疑难、复杂的案件应当组织听证(行政复议法(2023)第五十条第一款)。"
    if case.major and case.committee_consulted_on is None:
        return "重大、疑难、复杂的案件应当提请行政复议委员会提出咨询意见(第五十二条第二款)。"
    if case.procedure == Procedure.ORDINARY and not heard and case.views_heard_on is None:
        return "适用普通程序的案件应当听取当事人的意见并记录在案(行政复议法(2023)第四十九条)。"
    return ""


def switch_to_ordinary(actor, channel: str, case, *, on: dt.date) -> ReconsiderationCase:
    """简易程序转普通程序, approved by the 复议机构负责人 (2023 art. 55): the actor is the approver
    (the table requires the authority; fazhi.core.approvals records who asked)."""

    def change(case):
        require_date(on, label="转换日期", not_before=case.accepted_on, before_label="受理日期")
        case.procedure = Procedure.ORDINARY

    return _apply("to_ordinary", actor, channel, case, change, _approved_by(actor), on=on)


def suspend(
    actor, channel: str, case, *, on: dt.date, ground: str, note: str = ""
) -> ReconsiderationCase:
    """中止 on one of the grounds the case's law lists (2023 art. 39 ¶1; 实施条例 art. 41 ¶1 and
    2017 law arts. 26–27): the decision period stops from that day."""

    def change(case):
        require_date(on, label="中止日期", not_before=case.accepted_on, before_label="受理日期")
        if ground not in SuspensionGround.for_law(case.law):
            raise Refusal(f"中止应载明{rules.article('suspend', case.law)}规定的情形。")
        if ground == SuspensionGround.OTHER and not note.strip():
            raise Refusal("以“其他情形”中止的，应当说明具体情况。")
        label = SuspensionGround(ground).label
        CasePause.objects.create(
            case=case,
            kind=PauseKind.SUSPENSION,
            start=on,
            ground=ground,
            reason=(f"{label}：{note}" if note.strip() else label)[:200],
        )
        case.status = Status.SUSPENDED

    return _apply("suspend", actor, channel, case, change, {"ground": ground, "note": note}, on=on)


def resume(actor, channel: str, case, *, on: dt.date) -> ReconsiderationCase:
    """恢复审理 once the cause of the 中止 is gone (实施条例 art. 41 ¶2 / 2023 art. 39 ¶2). The
    paused span ends the day before: resumed on the day it was suspended, no day is taken out."""

    def change(case):
        pause = _open_pause(case, PauseKind.SUSPENSION)
        require_date(on, label="恢复日期", not_before=pause.start, before_label="中止日期")
        _close_pause(pause, on)
        case.status = Status.ACCEPTED

    return _apply("resume", actor, channel, case, change, None, on=on)


def _close_pause(pause: CasePause, on: dt.date) -> None:
    """The span ends the day before `on` (the case runs again that day); a span closed the day
    it began is kept, empty (end before start), so the page still shows it."""
    pause.end = on - dt.timedelta(days=1)
    pause.save(update_fields=["end"])


def extend(
    actor, channel: str, case, *, on: dt.date, days: int, reason: str
) -> ReconsiderationCase:
    """延长审理期限, at most 30 日 in all, approved by whoever the law names (2017 art. 31 /
    2023 art. 62) — the actor, whose authority the table checks; 简易程序 has no extension
    (2023 art. 62 ¶2, a condition of the table)."""

    def change(case):
        if days < 1 or case.extension_days + days > rules.MAX_EXTENSION_DAYS:
            raise Refusal(
                f"延长期限最多不超过{rules.MAX_EXTENSION_DAYS}日(已延长{case.extension_days}日)"
                f"({rules.article('extend', case.law)})。"
            )
        require_date(on, label="批准日期", not_before=case.accepted_on, before_label="受理日期")
        if case.decision_due_on and on > case.decision_due_on:
            raise Refusal(f"审理期限已于{case.decision_due_on:%Y-%m-%d}届满，不能再批准延长。")
        if not reason.strip():
            raise Refusal("延长审理期限应说明情况复杂的理由。")
        case.extension_days += days

    details = {"days": days, "reason": reason} | _approved_by(actor)
    return _apply("extend", actor, channel, case, change, details, on=on)


def _approved_by(actor) -> dict:
    return {"approver": audit.actor_label(actor)}


def decide(
    actor,
    channel: str,
    case,
    *,
    on: dt.date,
    outcome: str,
    note: str = "",
    mediation_ground: str = "",
    compensation: str = "",
) -> ReconsiderationCase:
    """行政复议决定, or 调解 结案, or 终止 (2017 arts. 25, 28; 实施条例 arts. 42, 48, 50;
    2023 arts. 41, 63–74). 和解 ends the case by withdrawal and a 终止 decision (2023 art. 74
    ¶2 with art. 41 ¶1 (一); 实施条例 art. 42 ¶1 (四)), so it is recorded as 已终止. Under the 2017
    law 调解 is open only for 自由裁量权 acts and 赔偿/补偿 disputes (实施条例 art. 50 ¶1)."""

    def change(case):
        if outcome not in Outcome.for_law(case.law):
            raise Refusal(
                f"结案结果“{outcome}”不适用于本案(确认无效为行政复议法(2023)第六十七条新增)。"
            )
        require_date(on, label="结案日期", not_before=case.accepted_on, before_label="受理日期")
        if (
            outcome == Outcome.MEDIATED
            and case.law == LawVersion.FY2017
            and mediation_ground not in MediationGround.values
        ):
            raise Refusal(
                "行政复议法实施条例第五十条：仅对行使自由裁量权作出的具体行政行为或者行政赔偿、"
                "行政补偿纠纷可以调解，请选择调解的情形。"
            )
        missing = _review_missing(case, outcome)
        if missing:
            raise Refusal(missing)
        _check_compensation(case, outcome, compensation)
        if case.status == Status.SUSPENDED:
            if outcome not in Outcome.terminating():
                raise Refusal("案件中止期间只能终止，不能作出其他决定；请先恢复审理。")
            pause = _open_pause(case, PauseKind.SUSPENSION)
            pause.end = on
            pause.save(update_fields=["end"])
        terminated = outcome in Outcome.terminating()
        case.status = Status.TERMINATED if terminated else Status.DECIDED
        case.outcome = outcome
        case.compensation = compensation
        case.closed_on = on
        case.closing_note = note[:300]

    details = {"outcome": outcome, "note": note}
    if mediation_ground:
        details["mediation_ground"] = mediation_ground
    if compensation:
        details["compensation"] = compensation
    return _apply("decide", actor, channel, case, change, details, on=on, action="结案")


def _check_compensation(case, outcome: str, compensation: str) -> None:
    """行政复议法(2023) art. 72: 赔偿 is decided with the decision — refused with any decision,
    granted with a revocation, variation or a finding of illegality or invalidity (¶1); the return
    of property with a revocation or variation (¶2)."""
    if not compensation:
        return
    if case.law != LawVersion.FY2023:
        raise Refusal("行政赔偿的一并决定按行政复议法(2023)第七十二条记录；本案适用2017年法。")
    if compensation not in Compensation.values:
        raise Refusal(f"行政赔偿“{compensation}”无效。")
    if outcome not in Outcome.decisions():
        raise Refusal("行政赔偿应当在作出行政复议决定时一并决定(第七十二条)。")
    granting = {
        Compensation.ORDERED: (
            Outcome.REVOKED,
            Outcome.VARIED,
            Outcome.CONFIRMED_ILLEGAL,
            Outcome.CONFIRMED_INVALID,
        ),
        Compensation.RETURN: (Outcome.REVOKED, Outcome.VARIED),
    }
    allowed = granting.get(compensation)
    if allowed and outcome not in allowed:
        labels = "、".join(str(Outcome(o).label) for o in allowed)
        raise Refusal(f"“{Compensation(compensation).label}”只能与{labels}决定一并作出。")


def correct_closing(actor, channel: str, case, *, on: dt.date, outcome: str, note: str):
    """更正 a decided case's closing date or outcome: only with the explicit override (the table),
    with a reason, and audited with the values before and after. A 终止 is not a decision to
    correct, and a decision is never corrected into a 终止."""

    def change(case):
        if outcome not in Outcome.for_law(case.law) or outcome in Outcome.terminating():
            raise Refusal(f"更正后的结果“{outcome}”无效。")
        require_date(on, label="结案日期", not_before=case.accepted_on, before_label="受理日期")
        if not note.strip():
            raise Refusal("更正应说明理由。")
        case.outcome, case.closed_on = outcome, on

    return _apply("correct", actor, channel, case, change, {"note": note}, on=on)


def assign(actor, channel: str, case, *, handler) -> ReconsiderationCase:
    """指定承办人: 行政复议机构应当指定行政复议人员负责办理行政复议案件 (2023 art. 36 ¶1) — a
    person of the 复议机构 handling the case."""

    def change(case):
        if handler is None or handler.unit_id != case.unit_id or not handler.is_active:
            raise Refusal("承办人应为承办本案的行政复议机构的在职工作人员。")
        case.handler = handler

    details = {"handler": audit.actor_label(handler) if handler else ""}
    return _apply("assign", actor, channel, case, change, details, action="指定承办人")


def send_copy(actor, channel: str, case, *, on: dt.date) -> ReconsiderationCase:
    """发送申请书副本: within 七日 of 受理 (简易程序 三日) the 复议机构 sends the respondent the
    application's copy or the record of an oral application (2023 arts. 48, 54 ¶1). A late copy is
    still sent (the respondent must answer), and the page shows it overdue until then."""

    def change(case):
        require_date(on, label="发送日期", not_before=case.accepted_on, before_label="受理日期")
        case.copy_sent_on = on

    return _apply("send_copy", actor, channel, case, change, None, on=on)


def copy_served(actor, channel: str, case, *, served_on: dt.date, way: str) -> ReconsiderationCase:
    """申请书副本已送达: the respondent's 十日 (简易 五日) to answer run from its receipt
    ("自收到…之日起", 2023 arts. 48, 54 ¶1)."""

    def change(case):
        require_date(
            served_on, label="送达日期", not_before=case.copy_sent_on, before_label="发送日期"
        )
        if way not in ServiceWay.values:
            raise Refusal(f"送达方式“{way}”无效。")
        case.copy_served_on, case.copy_served_way = served_on, way

    details = {"served_on": served_on, "way": way}
    return _apply("copy_served", actor, channel, case, change, details, on=served_on)


def reply(
    actor, channel: str, case, *, on: dt.date, with_evidence: bool = False, note: str = ""
) -> ReconsiderationCase:
    """被申请人书面答复, entered by the respondent's own staff: the answer, and whether the
    evidence, basis and other materials of the act came with it (2023 arts. 48, 54 ¶1). A late
    answer, or one without its evidence, is recorded as such; the decision form then points to
    art. 70."""

    def change(case):
        require_date(on, label="答复日期", not_before=case.copy_sent_on, before_label="发送日期")
        case.replied_on = on
        case.reply_with_evidence = bool(with_evidence)

    due = reply_due(case)
    details = {"with_evidence": bool(with_evidence), "note": note}
    if due and on > due:
        details["late"] = f"答复期限{due:%Y-%m-%d}已过"
    return _apply("reply", actor, channel, case, change, details, on=on, action="被申请人答复")


def copy_due(case) -> dt.date | None:
    if not case.new_law or case.accepted_on is None or case.copy_sent_on:
        return None
    limit = rules.COPY[Procedure(case.procedure)]
    return get_calendar().add_workdays(case.accepted_on, limit.amount)


def reply_due(case) -> dt.date | None:
    if not case.new_law or case.copy_served_on is None:
        return None
    limit = rules.REPLY[Procedure(case.procedure)]
    return get_calendar().add_workdays(case.copy_served_on, limit.amount)


def no_reply_warning(case, today: dt.date | None = None) -> str:
    """Art. 70: a respondent that did not answer with its evidence by the period of arts. 48/54
    is taken to have none; the act is to be revoked (or found unlawful …)."""
    if not case.new_law or case.accepted_on is None:
        return ""
    if case.replied_on and case.reply_with_evidence:
        due = reply_due(case)
        if not due or case.replied_on <= due:
            return ""
    due = reply_due(case)
    today = today or timezone.localdate()
    if case.replied_on is None and (due is None or today <= due):
        return ""
    return (
        "被申请人未按照第四十八条、第五十四条的规定提出书面答复、提交作出行政行为的证据、依据"
        "和其他有关材料：依第七十条，视为该行政行为没有证据、依据，应当决定撤销、部分撤销、确认"
        "违法、无效或者责令履行(涉及第三人合法权益且第三人提供证据的除外)。"
    )


def record_personal_data_access(actor, channel: str, case) -> None:
    """Opening an unmasked record is itself an audit row."""
    with transaction.atomic():
        audit.record(
            actor,
            channel,
            "查看完整个人信息",
            case,
            None,
            {"fields": ["applicant_id_number", "applicant_phone"]},
        )


def _open_pause(case, kind: str) -> CasePause:
    pause = case.pauses.filter(kind=kind, end__isnull=True).order_by("-start").first()
    if pause is None:
        raise Refusal("没有进行中的补正或中止记录。")
    return pause


def _apply(key, actor, channel, case, change, details=None, *, on=None, action=""):
    return STEPS.apply(key, actor, channel, case, change, details=details, on=on, action=action)


AUDITED = (
    "status",
    "received_on",
    "review_started_on",
    "correction_due_on",
    "accepted_on",
    "deemed_accepted",
    "correction_noticed_on",
    "correction_served_on",
    "correction_served_way",
    "procedure",
    "simplified_ground",
    "handler",
    "review_mode",
    "hearing_on",
    "views_heard_on",
    "views_way",
    "major",
    "hearing_noticed_on",
    "respondent_head_attended",
    "committee_consulted_on",
    "committee_ground",
    "compensation",
    "copy_sent_on",
    "copy_served_on",
    "copy_served_way",
    "replied_on",
    "reply_with_evidence",
    "extension_days",
    "decision_due_on",
    "next_due_on",
    "closed_on",
    "outcome",
    "closing_note",
)


def compute_due(case: ReconsiderationCase) -> None:
    """Store the decision due date and the next due date the workbench sorts by."""
    case.decision_due_on = _decision_due(case)
    if case.status == Status.RECEIVED:
        due, label = _review_expiry(case), "受理审查"
    elif case.status == Status.CORRECTING:
        if case.correction_due_on is None:
            due, label = None, "补正通知待送达"
        else:
            due, label = case.correction_due_on, "补正期限"
    elif case.status == Status.ACCEPTED:
        due, label = _earliest(
            (case.decision_due_on, "作出决定"),
            (copy_due(case), "发送申请书副本"),
            (None if case.replied_on else reply_due(case), "被申请人答复"),
            (_hearing_pending(case), "举行听证"),
        )
    elif case.status == Status.SUSPENDED:
        # 中止 stops the clock; on the grounds of 2023 art. 41 ¶1 (五) / 实施条例 art. 42 ¶2 the
        # case is to be terminated once 60 日 have passed with the cause still there.
        due, label = _suspension_ends(case), "中止满60日，原因仍未消除的应当终止"
    else:  # closed cases have nothing due
        due, label = None, ""
    case.next_due_on, case.next_due_label = due, (label if due else "")


def _hearing_pending(case) -> dt.date | None:
    if case.hearing_noticed_on and case.review_mode != ReviewMode.HEARING:
        return case.hearing_on
    return None


def _earliest(*candidates) -> tuple:
    dated = [(due, label) for due, label in candidates if due is not None]
    return min(dated, key=lambda pair: pair[0]) if dated else (None, "")


def _suspension_ends(case) -> dt.date | None:
    if case.pk is None:
        return None
    for pause in case.pauses.all():
        if (
            pause.kind == PauseKind.SUSPENSION
            and pause.end is None
            and pause.ground in SuspensionGround.ending_after_60_days()
        ):
            return due_date(pause.start, rules.SUSPENSION_TERMINATES)
    return None


FRAME = Frame(
    snapshot=lambda case: audit.snapshot(case, AUDITED),
    refresh_due=compute_due,
    default_on=lambda case: case.received_on,
    prefetch=["pauses"],
)


def _decision_due(case: ReconsiderationCase) -> dt.date | None:
    if case.accepted_on is None:
        return None
    limit = rules.DECISION[Procedure(case.procedure)]
    pauses = _pauses_after(case, case.accepted_on)
    extensions = [Limit(case.extension_days, LimitUnit.DAYS)] if case.extension_days else []
    return due_date(case.accepted_on, limit, pauses=pauses, extensions=extensions)


def _pauses_after(case, start: dt.date) -> list[Pause]:
    """Paused spans inside the clock; the start day itself is never counted, so clip to after it."""
    if case.pk is None:
        return []
    first = start + dt.timedelta(days=1)
    return [
        Pause(max(p.start, first), p.end)
        for p in case.pauses.all()
        if not p.empty and (p.end is None or p.end >= first)
    ]
