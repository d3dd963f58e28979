"""Every state change of 执法队伍与执法人员 records is one function here, run through its transition
table (steps.py): the table checks the step and who takes it under the row lock, and the frame
saves and appends the audit row in one transaction. Views, the API, imports, the demo and
`fazhi tick` call these; none writes by itself.

Teams: 成立登记 → [撤销]. Officers: 登记 (在岗) → 调离 / 退休. Certificates: 发证 → 换证 …, 暂扣 ⇄
发还, 注销; 过期 by the tick. Officers and certificates are also registered many at once
(`register_officers_many`, `issue_many`: the same checks on each, one bulk insert and one audit
append) for the import of the provincial 证件管理系统 export and the demo.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.steps import Frame
from fazhi.core.terms import Term
from fazhi.core.validators import validate_id_number
from fazhi.core.workflow import Refusal, RowRefusal, require_date

from . import rules
from .models import (
    AttendeeRole,
    Certificate,
    CertificateStatus,
    EnforcementField,
    ExamBatch,
    ExamEntry,
    ExamKind,
    ExamStatus,
    Officer,
    OfficerStatus,
    Team,
    TeamStatus,
    Training,
    TrainingAttendance,
    TrainingStatus,
    new_token,
)
from .steps import CERTIFICATE_STEPS, EXAM_STEPS, OFFICER_STEPS, TEAM_STEPS, TRAINING_STEPS


def _text(value, limit: int) -> str:
    return ("" if value is None else str(value)).strip()[:limit]


def _count(value, label: str, maximum: int) -> int:
    """A head count from a form, the API or a file: a whole number from 0 to `maximum`."""
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        raise Refusal(f"{label}应为整数。") from None
    if not 0 <= number <= maximum:
        raise Refusal(f"{label}应为0至{maximum}。")
    return number


def _unit(actor, data):
    unit = data.get("unit") or getattr(actor, "unit", None)
    if unit is None:
        raise Refusal("请指定单位。")
    return unit


def _dated_reason(
    on, reason: str, verb: str, *, not_before: dt.date | None = None, before_label: str = ""
) -> str:
    """The checks of a step taken on a date for a written reason (撤销, 暂扣, 注销, 作废): the
    `verb`'s date is a real day, not in the future nor before `not_before`, and the reason is
    written; returns the reason as the record keeps it (trimmed, at most 200 characters)."""
    require_date(on, label=f"{verb}日期", not_before=not_before, before_label=before_label)
    if not reason.strip():
        raise Refusal(f"应写明{verb}原因。")
    return reason.strip()[:200]


# --- 综合执法队伍 -------------------------------------------------------------------------------


def register_team(actor, channel: str, data: dict) -> Team:
    """成立登记 of a 综合执法大队 by the department that set it up (综合行政执法改革)."""
    unit = _unit(actor, data)
    name = _text(data.get("name"), 100)
    if not name:
        raise Refusal("应填写队伍名称。")
    covered = list(data.get("fields_covered") or data.get("covered") or [])
    unknown = [f for f in covered if f not in EnforcementField.values]
    if unknown or not covered:
        raise Refusal("应选择队伍承担的执法领域。")
    require_date(data["established_on"], label="成立日期")
    staff_count = _count(data.get("staff_count"), "编制(人)", rules.MAX_STAFF_COUNT)
    team = Team(
        unit=unit,
        name=name,
        established_on=data["established_on"],
        covered=covered,
        staff_count=staff_count,
        approval_number=_text(data.get("approval_number"), 60),
    )
    with transaction.atomic():
        if Team.objects.filter(unit=unit, name=name, status=TeamStatus.ACTIVE).exists():
            raise Refusal(f"{unit}已登记“{name}”。")
        return TEAM_STEPS.create(actor, channel, team, action="成立登记", on=team.established_on)


def revoke_team(actor, channel: str, team, *, on: dt.date, reason: str) -> Team:
    """撤销 a team (机构改革 …): it stays on record, no longer counted from that day."""

    def change(t):
        why = _dated_reason(
            on, reason, "撤销", not_before=t.established_on, before_label="成立日期"
        )
        t.status, t.revoked_on, t.revoke_reason = TeamStatus.REVOKED, on, why

    return TEAM_STEPS.apply(
        "revoke_team", actor, channel, team, change, details={"reason": reason}, on=on
    )


TEAM_FRAME = Frame(
    snapshot=lambda t: audit.snapshot(t, ("status", "name", "covered", "staff_count", "unit")),
    refresh_due=lambda t: None,
    default_on=lambda t: t.established_on,
)

# --- 执法人员 ---------------------------------------------------------------------------------


@dataclass
class OfficerLine:
    """One officer as a form, an import row or the demo gives them."""

    unit: object
    name: str
    id_number: str
    registered_on: dt.date
    phone: str = ""
    post: str = ""
    team: Team | None = None


def register_officer(actor, channel: str, data: dict) -> Officer:
    """登记 one officer (the registration form and the API): one line through the batch path."""
    line = OfficerLine(
        unit=_unit(actor, data),
        name=data.get("name") or "",
        id_number=data.get("id_number") or "",
        registered_on=data.get("registered_on"),
        phone=data.get("phone") or "",
        post=data.get("post") or "",
        team=data.get("team"),
    )
    try:
        [officer] = register_officers_many(actor, channel, [line])
    except RowRefusal as exc:
        raise Refusal(exc.messages) from exc
    return officer


def register_officers_many(actor, channel: str, lines: list[OfficerLine]) -> list[Officer]:
    """Register officers (the import, the demo): each checked as one is, the same 身份证号 in post
    once per government; all or nothing, the first refused line raises `RowRefusal`."""
    officers, seen = [], set()
    for index, line in enumerate(lines):
        try:
            officer = _officer(actor, line)
            if officer.id_number in seen:
                raise Refusal(f"身份证号{officer.id_number}在本批中重复。")
            seen.add(officer.id_number)
        except Refusal as exc:
            raise RowRefusal(index, "；".join(exc.messages)) from exc
        officers.append(officer)
    with transaction.atomic():
        taken = _in_post_elsewhere(officers)
        for index, officer in enumerate(officers):
            if officer.id_number in taken:
                raise RowRefusal(index, f"身份证号为{officer.id_number}的执法人员已登记在岗。")
        return OFFICER_STEPS.create_many(actor, channel, officers, action="登记执法人员")


def _officer(actor, line: OfficerLine) -> Officer:
    name = _text(line.name, 50)
    if not name:
        raise Refusal("应填写姓名。")
    try:
        id_number = validate_id_number(_text(line.id_number, 18))
    except ValidationError as exc:
        raise Refusal(f"身份证号无效：{'；'.join(exc.messages)}") from exc
    require_date(line.registered_on, label="登记日期")
    if line.team is not None and line.team.unit_id != line.unit.pk:
        raise Refusal(f"执法队伍“{line.team}”不属于{line.unit}。")
    officer = Officer(
        unit=line.unit,
        team=line.team,
        name=name,
        id_number=id_number,
        phone=_text(line.phone, 20),
        post=_text(line.post, 60),
        registered_on=line.registered_on,
    )
    OFFICER_STEPS.check_creation(actor, officer)
    return officer


def _in_post_elsewhere(officers: list[Officer]) -> set[str]:
    numbers = [o.id_number for o in officers]
    if not numbers:
        return set()
    government = officers[0].unit.government()
    found = set()
    for start in range(0, len(numbers), 500):
        found |= set(
            Officer.objects.filter(
                id_number__in=numbers[start : start + 500],
                status=OfficerStatus.IN_POST,
                unit__path__startswith=government.path,
            ).values_list("id_number", flat=True)
        )
    return found


def _leave(status, label):
    def change_for(on, reason):
        def change(o):
            require_date(
                on, label=f"{label}日期", not_before=o.registered_on, before_label="登记日期"
            )
            o.status, o.left_on, o.leave_reason = status, on, (reason or "").strip()[:200]

        return change

    return change_for


def transfer(actor, channel: str, officer, *, on: dt.date, reason: str = "") -> Officer:
    """调离: the officer leaves the unit; from that day they are no longer in post there."""
    change = _leave(OfficerStatus.TRANSFERRED, "调离")(on, reason)
    return OFFICER_STEPS.apply(
        "transfer", actor, channel, officer, change, details={"reason": reason}, on=on
    )


def retire(actor, channel: str, officer, *, on: dt.date, reason: str = "") -> Officer:
    """退休."""
    change = _leave(OfficerStatus.RETIRED, "退休")(on, reason)
    return OFFICER_STEPS.apply(
        "retire", actor, channel, officer, change, details={"reason": reason}, on=on
    )


OFFICER_FRAME = Frame(
    snapshot=lambda o: audit.snapshot(o, ("status", "name", "unit", "team", "post", "left_on")),
    refresh_due=lambda o: None,
    default_on=lambda o: o.registered_on,
)

# --- 执法证 -----------------------------------------------------------------------------------


@dataclass
class CertificateLine:
    officer: Officer
    number: str
    field: str
    issuer: str
    issued_on: dt.date
    valid_until: dt.date


def issue(actor, channel: str, data: dict) -> Certificate:
    """发证: a certificate for one officer in one 执法领域 (the form and the API)."""
    line = CertificateLine(
        officer=data["officer"],
        number=data.get("number") or "",
        field=data.get("field") or "",
        issuer=data.get("issuer") or "",
        issued_on=data.get("issued_on"),
        valid_until=data.get("valid_until"),
    )
    try:
        [certificate] = issue_many(actor, channel, [line])
    except RowRefusal as exc:
        raise Refusal(exc.messages) from exc
    return certificate


def issue_many(actor, channel: str, lines: list[CertificateLine]) -> list[Certificate]:
    """发证 for many (the import, the demo): the same checks on each line, numbers unique in the
    batch and the ledger, one bulk insert and one audit append. A certificate whose 有效期 has
    already run out (history from the provincial system) is recorded as 过期."""
    certificates, seen = [], set()
    today = timezone.localdate()
    for index, line in enumerate(lines):
        try:
            certificate = _certificate(actor, line, today)
            if certificate.number in seen:
                raise Refusal(f"证号{certificate.number}在本批中重复。")
            seen.add(certificate.number)
        except Refusal as exc:
            raise RowRefusal(index, "；".join(exc.messages)) from exc
        certificates.append(certificate)
    with transaction.atomic():
        taken = _numbers_taken([c.number for c in certificates])
        for index, certificate in enumerate(certificates):
            if certificate.number in taken:
                raise RowRefusal(index, f"证号{certificate.number}已登记。")
        return CERTIFICATE_STEPS.create_many(actor, channel, certificates, action="发证")


def _certificate(actor, line: CertificateLine, today: dt.date) -> Certificate:
    officer = line.officer
    if officer.status != OfficerStatus.IN_POST:
        raise Refusal(f"{officer.name}不在岗({officer.get_status_display()})，不能发证。")
    number = _text(line.number, 40)
    if not rules.CERTIFICATE_NUMBER.fullmatch(number):
        raise Refusal("证号应为6至40位字母或数字。")
    if line.field not in EnforcementField.values:
        raise Refusal(f"执法领域“{line.field}”无效。")
    issuer = _text(line.issuer, 100)
    if not issuer:
        raise Refusal("应填写发证机关。")
    require_date(line.issued_on, label="发证日期")
    _check_validity(line.issued_on, line.valid_until)
    certificate = Certificate(
        officer=officer,
        unit_id=officer.unit_id,
        number=number,
        field=line.field,
        issuer=issuer,
        issued_on=line.issued_on,
        valid_until=line.valid_until,
        status=CertificateStatus.VALID if line.valid_until >= today else CertificateStatus.EXPIRED,
        token=new_token(),
    )
    certificate.unit = officer.unit
    CERTIFICATE_STEPS.check_creation(actor, certificate)
    return certificate


def _check_validity(issued_on, valid_until) -> None:
    if not isinstance(valid_until, dt.date) or isinstance(valid_until, dt.datetime):
        raise Refusal(f"有效期至无效：{valid_until!r} 不是日期。")
    if valid_until <= issued_on:
        raise Refusal(f"有效期至({valid_until:%Y-%m-%d})应晚于发证日期({issued_on:%Y-%m-%d})。")


def _numbers_taken(numbers: list[str]) -> set[str]:
    found = set()
    for start in range(0, len(numbers), 500):
        chunk = numbers[start : start + 500]
        found |= set(Certificate.objects.filter(number__in=chunk).values_list("number", flat=True))
        found |= set(
            Certificate.objects.filter(previous_number__in=chunk).values_list(
                "previous_number", flat=True
            )
        )
    return found


def renew(
    actor, channel: str, certificate, *, number: str, issued_on: dt.date, valid_until: dt.date
) -> Certificate:
    """换证: a new card for the same officer and field (a new number and 有效期, a new
    verification address: the old card's QR code no longer verifies). The old number is kept."""
    number = _text(number, 40)

    def change(c):
        if not rules.CERTIFICATE_NUMBER.fullmatch(number):
            raise Refusal("证号应为6至40位字母或数字。")
        if number != c.number and _numbers_taken([number]):
            raise Refusal(f"证号{number}已登记。")
        if c.officer.status != OfficerStatus.IN_POST:
            raise Refusal(f"{c.officer.name}不在岗，不能换证。")
        require_date(issued_on, label="发证日期", not_before=c.issued_on, before_label="原发证日期")
        _check_validity(issued_on, valid_until)
        if valid_until < timezone.localdate():
            raise Refusal("换发的执法证有效期已过，请核对。")
        c.previous_number, c.number = c.number, number
        c.issued_on, c.valid_until, c.status = issued_on, valid_until, CertificateStatus.VALID
        c.token, c.notice_sent_for = new_token(), None

    details = {"number": number, "valid_until": valid_until}
    return CERTIFICATE_STEPS.apply(
        "renew", actor, channel, certificate, change, details=details, on=issued_on
    )


def suspend(actor, channel: str, certificate, *, on: dt.date, reason: str) -> Certificate:
    """暂扣: the officer may not enforce with it until it is returned (发还)."""

    def change(c):
        why = _dated_reason(on, reason, "暂扣", not_before=c.issued_on, before_label="发证日期")
        c.status, c.suspended_on, c.reason = CertificateStatus.SUSPENDED, on, why

    return CERTIFICATE_STEPS.apply(
        "suspend", actor, channel, certificate, change, details={"reason": reason}, on=on
    )


def restore(actor, channel: str, certificate, *, on: dt.date) -> Certificate:
    """发还 a suspended card: valid again (within its 有效期)."""

    def change(c):
        require_date(on, label="发还日期", not_before=c.suspended_on, before_label="暂扣日期")
        c.status, c.suspended_on, c.reason = CertificateStatus.VALID, None, ""

    return CERTIFICATE_STEPS.apply("restore", actor, channel, certificate, change, on=on)


def cancel(actor, channel: str, certificate, *, on: dt.date, reason: str) -> Certificate:
    """注销: the card ends for good (调离执法岗位, 退休, 违法违纪 …)."""

    def change(c):
        why = _dated_reason(on, reason, "注销", not_before=c.issued_on, before_label="发证日期")
        c.status, c.revoked_on, c.reason = CertificateStatus.REVOKED, on, why

    return CERTIFICATE_STEPS.apply(
        "cancel", actor, channel, certificate, change, details={"reason": reason}, on=on
    )


# While valid, the next date is the end of its 有效期 (the workbench sorts by it; the tick reminds
# FAZHI_CERTIFICATE_RENEWAL_NOTICE_DAYS before it, and marks it 过期 from the day after).
CERTIFICATE_TERM = Term(Certificate, CertificateStatus.VALID, "valid_until", "执法证有效期届满")


def _expire(c) -> None:
    if not CERTIFICATE_TERM.has_ended(c):
        raise Refusal(f"执法证有效期至{c.valid_until:%Y-%m-%d}，届满前不能标记为过期。")
    c.status = CertificateStatus.EXPIRED


def expire(actor, channel: str, certificate, *, on: dt.date | None = None) -> Certificate:
    """过期: the 有效期 ran out without 换证 (the tick takes this step)."""
    return CERTIFICATE_STEPS.apply(
        "expire", actor, channel, certificate, _expire, on=certificate.valid_until
    )


def expire_many(actor, channel: str, ids) -> tuple[int, dict[str, int]]:
    changed, refused = CERTIFICATE_STEPS.apply_many(
        "expire",
        actor,
        channel,
        ids,
        _expire,
        on=lambda c: c.valid_until,
        skip_locked=True,
        fields=["status", "next_due_on", "next_due_label"],
    )
    return len(changed), refused


CERTIFICATE_FRAME = Frame(
    snapshot=lambda c: audit.snapshot(
        c, ("status", "number", "field", "issued_on", "valid_until", "suspended_on", "revoked_on")
    ),
    refresh_due=CERTIFICATE_TERM.refresh_due,
    default_on=lambda c: c.issued_on,
)

# --- 考试 -------------------------------------------------------------------------------------


@dataclass
class ExamLine:
    unit: object
    name: str
    score: Decimal | None
    officer: Officer | None = None


def record_exam(actor, channel: str, data: dict, lines: list[ExamLine] | None = None) -> ExamBatch:
    """Record an exam batch and its takers' scores (合格 at FAZHI_ENFORCEMENT_EXAM_PASS_MARK)."""
    unit = _unit(actor, data)
    if data.get("kind") not in ExamKind.values:
        raise Refusal("考试类别应为新申请或换证。")
    venue = _text(data.get("venue"), 100)
    if not venue:
        raise Refusal("应填写考点。")
    require_date(data.get("held_on"), label="考试日期")
    if lines is None:
        lines = _results(unit, data.get("results") or "")
    mark = rules.exam_pass_mark()
    entries = []
    for index, line in enumerate(lines):
        try:
            entries.append(_exam_entry(actor, line, mark))
        except Refusal as exc:
            raise RowRefusal(index, "；".join(exc.messages)) from exc
    batch = ExamBatch(
        unit=unit,
        held_on=data["held_on"],
        venue=venue,
        kind=data["kind"],
        takers=sum(1 for e in entries if e.score is not None),
        passed_count=sum(1 for e in entries if e.passed),
    )

    def save_entries(b):
        """Each taker's score is a record of its own (the figures count them): one audit row
        each, in the batch's own append."""
        for entry in entries:
            entry.batch = b
        saved = ExamEntry.objects.bulk_create(entries, batch_size=1000)
        fields = ("batch", "unit", "officer", "name", "score", "passed")
        return [audit.Change("登记考试成绩", e, None, audit.snapshot(e, fields)) for e in saved]

    details = {"entries": len(entries), "takers": batch.takers, "passed": batch.passed_count}
    return EXAM_STEPS.create(
        actor, channel, batch, action="登记考试", details=details, then=save_entries
    )


def _results(unit, text: str) -> list[ExamLine]:
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        parts = [p.strip() for p in raw.replace("，", ",").split(",")]
        if not parts or not parts[0]:
            continue
        score = parts[-1] if len(parts) > 1 else ""
        try:
            value = Decimal(score) if score else None
        except InvalidOperation as exc:
            raise Refusal(f"第{number}行成绩“{score}”不是数字。") from exc
        if value is not None and not value.is_finite():
            raise Refusal(f"第{number}行成绩“{score}”不是数字。")
        lines.append(ExamLine(unit=unit, name=parts[0], score=value))
    return lines


def _exam_entry(actor, line: ExamLine, mark: Decimal) -> ExamEntry:
    name = _text(line.name, 50)
    if not name:
        raise Refusal("应填写姓名。")
    if line.score is not None and not (0 <= line.score <= 100):
        raise Refusal("成绩应为0至100分。")
    from fazhi.core.authority import within_government

    if actor is not None and not within_government(actor, line.unit):
        raise Refusal(f"单位“{line.unit}”不在您所在政府的范围内。")
    return ExamEntry(
        unit=line.unit,
        officer=line.officer,
        name=name,
        score=line.score,
        passed=line.score is not None and line.score >= mark,
    )


def void_exam(actor, channel: str, batch, *, on: dt.date, reason: str) -> ExamBatch:
    def change(b):
        why = _dated_reason(on, reason, "作废")
        b.status, b.voided_on, b.void_reason = ExamStatus.VOIDED, on, why

    return EXAM_STEPS.apply(
        "void_exam", actor, channel, batch, change, details={"reason": reason}, on=on
    )


EXAM_FRAME = Frame(
    snapshot=lambda b: audit.snapshot(b, ("status", "held_on", "kind", "takers", "passed_count")),
    refresh_due=lambda b: None,
    default_on=lambda b: b.held_on,
)

# --- 培训 -------------------------------------------------------------------------------------


@dataclass
class Attendee:
    unit: object
    name: str
    role: str
    officer: Officer | None = None


def record_training(
    actor, channel: str, data: dict, attendees: list[Attendee] | None = None
) -> Training:
    """Record a training: its 学时 and either the attendance list (each attendee's unit and
    role: 分管领导, 法制审核人员, 执法人员) or, where none was kept, the headcount."""
    unit = _unit(actor, data)
    topic = _text(data.get("topic"), 200)
    if not topic:
        raise Refusal("应填写培训内容。")
    require_date(data.get("held_on"), label="培训日期")
    hours = Decimal(data.get("hours") if data.get("hours") is not None else "-1")
    if hours <= 0 or hours > rules.MAX_TRAINING_HOURS:
        raise Refusal(f"学时应大于0且不超过{rules.MAX_TRAINING_HOURS}。")
    rows = []
    for index, a in enumerate(attendees or []):
        try:
            rows.append(_attendance(actor, a))
        except Refusal as exc:
            raise RowRefusal(index, "；".join(exc.messages)) from exc
    headcount = _count(data.get("headcount"), "参训人数", rules.MAX_HEADCOUNT)
    if not rows and not headcount:
        raise Refusal("应登记签到名单或填写参训人数。")
    training = Training(
        unit=unit,
        held_on=data["held_on"],
        topic=topic,
        organiser=_text(data.get("organiser"), 100),
        hours=hours,
        attendees=len(rows) if rows else headcount,
    )

    def save_rows(t):
        for row in rows:
            row.training = t
        TrainingAttendance.objects.bulk_create(rows, batch_size=1000)
        return []

    details = {"attendees": training.attendees, "listed": len(rows)}
    return TRAINING_STEPS.create(
        actor, channel, training, action="登记培训", details=details, then=save_rows
    )


def _attendance(actor, a: Attendee) -> TrainingAttendance:
    from fazhi.core.authority import within_government

    name = _text(a.name, 50)
    if not name:
        raise Refusal("应填写姓名。")
    if a.role not in AttendeeRole.values:
        raise Refusal(f"参训身份“{a.role}”无效，应为分管领导、法制审核人员或执法人员。")
    if actor is not None and not within_government(actor, a.unit):
        raise Refusal(f"单位“{a.unit}”不在您所在政府的范围内。")
    return TrainingAttendance(unit=a.unit, officer=a.officer, name=name, role=a.role)


def void_training(actor, channel: str, training, *, on: dt.date, reason: str) -> Training:
    def change(t):
        why = _dated_reason(on, reason, "作废")
        t.status, t.voided_on, t.void_reason = TrainingStatus.VOIDED, on, why

    return TRAINING_STEPS.apply(
        "void_training", actor, channel, training, change, details={"reason": reason}, on=on
    )


TRAINING_FRAME = Frame(
    snapshot=lambda t: audit.snapshot(t, ("status", "held_on", "hours", "attendees")),
    refresh_due=lambda t: None,
    default_on=lambda t: t.held_on,
)

# The frame of each table (they share this services module): Steps reads `FRAME`.
_FRAMES = {
    Team: TEAM_FRAME,
    Officer: OFFICER_FRAME,
    Certificate: CERTIFICATE_FRAME,
    ExamBatch: EXAM_FRAME,
    Training: TRAINING_FRAME,
}

FRAME = Frame(
    snapshot=lambda obj: _FRAMES[type(obj)].snapshot(obj),
    refresh_due=lambda obj: _FRAMES[type(obj)].refresh_due(obj),
    default_on=lambda obj: _FRAMES[type(obj)].default_on(obj),
)
