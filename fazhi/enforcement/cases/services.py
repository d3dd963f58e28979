"""Every state change of a 行政执法案件, each through the transition table (steps.py): 立案 with
its officers, the investigation, the 重大 flag, 法制审核, 告知 and 听证, the decision, its 送达,
公示 (and its withdrawal), 备案 and its 审查, execution, 结案, and the 全过程记录 index.

Each step's change is built by a `_<step>(...)` function taking the step's values (a date may be
a function of the case), so the page's one case (`STEPS.apply`) and a batch of thousands
(`STEPS.apply_many`: the demo, imports) run the same checks."""

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from fazhi.core import audit, duties
from fazhi.core.audit import Channel
from fazhi.core.calendar import CalendarYearUnknown
from fazhi.core.clocks import ClockError, due_date
from fazhi.core.models import OrgUnit
from fazhi.core.steps import Frame
from fazhi.core.validators import validate_id_number, validate_uscc
from fazhi.core.workflow import Refusal, require_date
from fazhi.enforcement.officers.queries import EnforcementField, lacking_certificate

from . import rules
from .models import (
    Case,
    CaseKind,
    CaseOfficer,
    Criterion,
    FilingOpinion,
    LegalReview,
    Outcome,
    PartyKind,
    ProcessRecord,
    RecordStep,
    ReviewOpinion,
    RevocationKind,
    Status,
)
from .steps import FILING, STEPS

S = Status
W = Channel.WEB
AUDITED = (
    "status",
    "unit",
    "kind",
    "field",
    "title",
    "opened_on",
    "decide_due_on",
    "extension_days",
    "concluded_on",
    "major",
    "criterion",
    "review_sent_on",
    "cleared_on",
    "notified_on",
    "heard_on",
    "decided_on",
    "outcome",
    "served_on",
    "published_on",
    "revoked_on",
    "revocation",
    "withdrawn_on",
    "filing_office",
    "filing_on",
    "filing_opinion",
    "filing_reviewed_on",
    "executed_on",
    "closed_on",
)


def _day(on, case) -> dt.date:
    return on(case) if callable(on) else on


# --- 立案 and officers ---------------------------------------------------------------------


def check_officers(officers, unit: OrgUnit, field: str, on: dt.date, *, minimum: int = 0) -> None:
    """The officers put on a case on `on`: of the case's unit, at least `minimum` of them, each
    holding a certificate valid that day for the case's 执法领域 (行政处罚法第四十二条)."""
    officers = list(officers)
    if len({o.pk for o in officers}) < minimum:
        raise Refusal(
            f"执法人员不得少于{rules.MIN_OFFICERS}人({rules.ART_OFFICERS})：请选择至少"
            f"{rules.MIN_OFFICERS}名持有有效执法证件的执法人员。"
        )
    strangers = [o.name for o in officers if o.unit_id != unit.pk]
    if strangers:
        raise Refusal(f"执法人员{'、'.join(strangers)}不属于{unit}，不能参与本案办理。")
    lacking = lacking_certificate(officers, field, on)
    if lacking:
        names = "、".join(o.name for o in lacking)
        raise Refusal(
            f"执法人员{names}在{on:%Y-%m-%d}未持有本执法领域的有效执法证件(或不在岗)，"
            f"不得从事行政执法({rules.ART_OFFICERS}：行政处罚应当由具有行政执法资格的执法人员实施)。"
        )


def _check_party(party_kind: str, party_name: str, number: str) -> str:
    if party_kind not in PartyKind.values:
        raise Refusal(f"当事人类型“{party_kind}”无效。")
    if not (party_name or "").strip():
        raise Refusal("应写明当事人。")
    number = (number or "").strip().upper()
    if number:
        try:
            if party_kind == PartyKind.PERSON:
                validate_id_number(number)
            else:
                validate_uscc(number)
        except Exception as exc:  # the validators' ValidationError, in Chinese
            messages = getattr(exc, "messages", [str(exc)])
            raise Refusal("；".join(messages)) from exc
    return number


def build_case(
    *,
    unit: OrgUnit,
    kind: str,
    field: str,
    title: str,
    party_kind: str,
    party_name: str,
    opened_on: dt.date,
    party_id_number: str = "",
    party_phone: str = "",
    number: str = "",
) -> Case:
    """A new case as it will be saved (not yet checked against the table)."""
    require_date(opened_on, label="立案日期")
    if kind not in CaseKind.values:
        raise Refusal(f"执法类别“{kind}”无效。")
    if field not in EnforcementField.values:
        raise Refusal(f"执法领域“{field}”无效。")
    if not (title or "").strip():
        raise Refusal("应写明案由(事项)。")
    return Case(
        unit=unit,
        kind=kind,
        field=field,
        title=title.strip(),
        number=(number or "").strip(),
        party_kind=party_kind,
        party_name=(party_name or "").strip(),
        party_id_number=_check_party(party_kind, party_name, party_id_number),
        party_phone=(party_phone or "").strip(),
        opened_on=opened_on,
    )


def _assignments(case: Case, officers, on: dt.date) -> list[audit.Change]:
    rows = CaseOfficer.objects.bulk_create(
        [CaseOfficer(case=case, officer=o, assigned_on=on) for o in officers]
    )
    after = {"officers": [o.name for o in officers], "on": on}
    return [audit.Change("指派执法人员", case, None, after)] if rows else []


def open_case(actor, channel: str = W, *, officers, **values) -> Case:
    """立案: the case with at least two officers, each certified for its field on the day."""
    case = build_case(**values)
    officers = list(officers)
    check_officers(officers, case.unit, case.field, case.opened_on, minimum=rules.MIN_OFFICERS)
    return STEPS.create(
        actor,
        channel,
        case,
        action="立案",
        on=case.opened_on,
        then=lambda case: _assignments(case, officers, case.opened_on),
    )


def register(actor, channel: str, data: dict) -> Case:
    """The registration page's 立案 (the form's cleaned data)."""
    values = {k: v for k, v in data.items() if k != "officers"}
    return open_case(actor, channel, officers=data["officers"], **values)


def open_many(actor, channel: str, rows: list[tuple[dict, list]]) -> list[Case]:
    """立案 of many cases at once (the demo, imports): each row is (values, officers). The
    officers are checked per (unit, field, day) in one query each; one bulk insert, one audit
    append (STEPS.create_many)."""
    cases = [build_case(**values) for values, _ in rows]
    groups = defaultdict(list)
    for case, (_, officers) in zip(cases, rows, strict=True):
        if len({o.pk for o in officers}) < rules.MIN_OFFICERS:
            check_officers(officers, case.unit, case.field, case.opened_on, minimum=2)
        groups[(case.unit, case.field, case.opened_on)].extend(officers)
    for (unit, field, on), officers in groups.items():
        check_officers({o.pk: o for o in officers}.values(), unit, field, on)
    with transaction.atomic():
        saved = STEPS.create_many(actor, channel, cases, action="立案")
        links, changes = [], []
        for case, (_, officers) in zip(saved, rows, strict=True):
            links += [
                CaseOfficer(case=case, officer=o, assigned_on=case.opened_on) for o in officers
            ]
            after = {"officers": [o.name for o in officers], "on": case.opened_on}
            changes.append(audit.Change("指派执法人员", case, None, after))
        CaseOfficer.objects.bulk_create(links, batch_size=1000)
        audit.record_many(actor, channel, changes)
    return saved


def assign(actor, channel: str, case, *, officers, on: dt.date) -> Case:
    """增加执法人员: each certified for the case's field on the day they are put on it."""
    officers = list(officers)

    def change(case):
        require_date(on, label="参与办案日期", not_before=case.opened_on, before_label="立案日期")
        if not officers:
            raise Refusal("请选择执法人员。")
        taken = set(case.assignments.values_list("officer_id", flat=True))
        check_officers([o for o in officers if o.pk not in taken], case.unit, case.field, on)

    details = {"officers": [o.name for o in officers]}

    def then(case):
        taken = set(case.assignments.values_list("officer_id", flat=True))
        return _assignments(case, [o for o in officers if o.pk not in taken], on)

    return STEPS.apply("assign", actor, channel, case, change, details=details, on=on, then=then)


# --- the steps ------------------------------------------------------------------------------------


def _investigate(on):
    def change(case):
        day = require_date(
            _day(on, case), label="调查取证日期", not_before=case.opened_on, before_label="立案日期"
        )
        case.status, case.investigating_on = S.INVESTIGATING, day

    return change


def _conclude(on):
    def change(case):
        day = require_date(
            _day(on, case),
            label="调查终结日期",
            not_before=case.investigating_on,
            before_label="开始调查取证日期",
        )
        case.status, case.concluded_on = S.CONCLUDED, day

    return change


def _mark_major(criterion, on):
    def change(case):
        require_date(
            _day(on, case), label="认定日期", not_before=case.opened_on, before_label="立案日期"
        )
        if criterion is None:
            raise Refusal(f"请选择适用的重大执法决定法制审核目录清单事项({rules.ART_CATALOGUE})。")
        if criterion.unit_id != case.unit_id or not criterion.published_on or criterion.removed_on:
            raise Refusal(
                f"只能适用本部门已公布的重大执法决定法制审核目录清单事项({rules.ART_CATALOGUE})。"
            )
        case.major, case.criterion = True, criterion

    return change


def _send_review(on):
    def change(case):
        start = case.concluded_on or case.opened_on
        day = require_date(
            _day(on, case), label="提交法制审核日期", not_before=start, before_label="调查终结日期"
        )
        case.status, case.review_sent_on = S.REVIEWING, day

    return change


def _review(opinion, on, text):
    def change(case):
        day = require_date(
            _day(on, case),
            label="审核日期",
            not_before=case.review_sent_on,
            before_label="提交法制审核日期",
        )
        if opinion not in ReviewOpinion.values:
            raise Refusal(f"审核意见“{opinion}”无效，应为同意或者存在问题。")
        if opinion == ReviewOpinion.PROBLEMS and not (text or "").strip():
            raise Refusal(f"审核意见为“存在问题”的，应写明存在的问题({rules.ART_REVIEW_OPINION})。")
        agreed = opinion == ReviewOpinion.AGREE
        case.status = S.REVIEWED if agreed else S.REWORK
        case.cleared_on = day if agreed else None
        case._review_day = day

    return change


def _notify(on):
    def change(case):
        start = case.cleared_on or case.concluded_on or case.opened_on
        day = require_date(
            _day(on, case), label="告知日期", not_before=start, before_label="前一环节日期"
        )
        case.status, case.notified_on = S.NOTIFIED, day

    return change


def _hearing(on):
    def change(case):
        day = require_date(
            _day(on, case), label="听证日期", not_before=case.notified_on, before_label="告知日期"
        )
        # 行政处罚法第五十八条第一款第(二)项：经过听证程序的，作出决定前应当法制审核
        case.status, case.heard_on, case.major = S.HEARD, day, True

    return change


def _decide(outcome, on, conclusion):
    def change(case):
        day = require_date(
            _day(on, case), label="决定日期", not_before=case.opened_on, before_label="立案日期"
        )
        if (
            case.kind == CaseKind.PENALTY
            and case.notified_on is None
            and outcome == Outcome.PENALTY
        ):
            raise Refusal(
                "作出行政处罚决定之前，应当告知当事人拟作出的行政处罚内容及事实、理由、依据和"
                f"陈述、申辩、要求听证等权利({rules.ART_NOTICE})。"
            )
        if case.major and case.cleared_on and day < case.cleared_on:
            raise Refusal(f"决定日期不能早于法制审核同意的日期({rules.ART_REVIEW})。")
        if outcome not in Outcome.values:
            raise Refusal(f"决定结果“{outcome}”无效。")
        if not (conclusion or "").strip():
            raise Refusal("应写明决定内容(结论)，执法公示时公开。")
        case.status, case.decided_on = S.DECIDED, day
        case.outcome, case.conclusion = outcome, conclusion.strip()

    return change


def _serve(served_on):
    def change(case):
        day = require_date(
            _day(served_on, case),
            label="送达日期",
            not_before=case.decided_on,
            before_label="决定日期",
        )
        case.status, case.served_on = S.SERVED, day

    return change


def _publish(on):
    def change(case):
        day = require_date(
            _day(on, case), label="公示日期", not_before=case.decided_on, before_label="决定日期"
        )
        case.published_on = day

    return change


def _file_major(on):
    def change(case):
        day = require_date(
            _day(on, case),
            label="报送备案日期",
            not_before=case.decided_on,
            before_label="决定日期",
        )
        government = case.unit.government()
        office = duties.holders(government, FILING).first()
        if office is None:
            raise Refusal(
                f"{government}尚未指定重大执法决定备案审查机关：请统筹协调人员先在“单位职责”中指定"
                "(通常为司法局)。"
            )
        case.filing_office, case.filing_on = office, day

    return change


def _filing_review(opinion, on, text):
    def change(case):
        day = require_date(
            _day(on, case),
            label="备案审查日期",
            not_before=case.filing_on,
            before_label="报送备案日期",
        )
        if opinion not in FilingOpinion.values:
            raise Refusal(f"审查意见“{opinion}”无效。")
        if opinion == FilingOpinion.OPINIONS and not (text or "").strip():
            raise Refusal("提出意见的，应写明审查意见内容。")
        case.filing_opinion, case.filing_reviewed_on = opinion, day
        case.filing_text = (text or "").strip()

    return change


def _close(on):
    def change(case):
        start = case.executed_on or case.served_on
        day = require_date(
            _day(on, case), label="结案日期", not_before=start, before_label="送达(执行)日期"
        )
        case.status, case.closed_on = S.CLOSED, day

    return change


def _execute(on):
    def change(case):
        day = require_date(
            _day(on, case), label="执行完毕日期", not_before=case.served_on, before_label="送达日期"
        )
        case.status, case.executed_on = S.EXECUTED, day

    return change


def investigate(actor, channel: str, case, *, on: dt.date) -> Case:
    return STEPS.apply("investigate", actor, channel, case, _investigate(on), on=on)


def conclude(actor, channel: str, case, *, on: dt.date) -> Case:
    return STEPS.apply("conclude", actor, channel, case, _conclude(on), on=on)


def mark_major(actor, channel: str, case, *, criterion, on: dt.date) -> Case:
    """认定为重大执法决定 by an item of the unit's published 目录清单 (118号 (十二))."""
    details = {"criterion": str(criterion) if criterion else ""}
    return STEPS.apply(
        "mark_major", actor, channel, case, _mark_major(criterion, on), details=details, on=on
    )


def send_review(actor, channel: str, case, *, on: dt.date) -> Case:
    """提交法制审核 (again after 存在问题: 118号 (十三) "作出相应处理后再次报送法制审核")."""
    return STEPS.apply("send_review", actor, channel, case, _send_review(on), on=on)


def _review_row(actor, case, opinion, text) -> LegalReview:
    return LegalReview(
        case=case,
        unit_id=case.unit_id,
        reviewer=actor,
        opinion=opinion,
        reviewed_on=case._review_day,
        text=(text or "").strip(),
        major=case.major,
    )


def _review_change(row: LegalReview) -> audit.Change:
    after = {
        "case": row.case_id,
        "opinion": row.opinion,
        "reviewed_on": row.reviewed_on,
        "reviewer": row.reviewer_id,
    }
    return audit.Change("记录法制审核意见", row, None, after)


def review(actor, channel: str, case, *, opinion: str, on: dt.date, text: str = "") -> Case:
    """法制审核: the reviewer's own act — the reviewer recorded is the user recording it, never
    a name from a form. 同意, or 存在问题 (the case goes back for rework and is sent again)."""

    def then(case):
        row = _review_row(actor, case, opinion, text)
        row.save()
        return [_review_change(row)]

    details = {"opinion": opinion, "text": text}
    return STEPS.apply(
        "review",
        actor,
        channel,
        case,
        _review(opinion, on, text),
        details=details,
        on=on,
        then=then,
    )


def notify(actor, channel: str, case, *, on: dt.date) -> Case:
    return STEPS.apply("notify", actor, channel, case, _notify(on), on=on)


def hearing(actor, channel: str, case, *, on: dt.date) -> Case:
    """举行听证: the case becomes 重大 (行政处罚法第五十八条第一款第(二)项) and needs a 法制审核
    after the hearing before its decision."""
    return STEPS.apply("hearing", actor, channel, case, _hearing(on), on=on)


def extend(actor, channel: str, case, *, on: dt.date, reason: str) -> Case:
    """延长办案期限 by the field's days (FAZHI_ENFORCEMENT_EXTENSION_DAYS), approved by a 负责人
    holding the authority (the approver's own act: Step approval)."""

    def change(case):
        require_date(on, label="延长日期", not_before=case.opened_on, before_label="立案日期")
        if not (reason or "").strip():
            raise Refusal("应写明延长理由。")
        case.extension_days = rules.extension_days(case.field)
        case.extended_on, case.extension_reason = on, reason.strip()

    return STEPS.apply("extend", actor, channel, case, change, details={"reason": reason}, on=on)


def decide(actor, channel: str, case, *, outcome: str, on: dt.date, conclusion: str) -> Case:
    details = {"outcome": outcome, "conclusion": conclusion}
    return STEPS.apply(
        "decide", actor, channel, case, _decide(outcome, on, conclusion), details=details, on=on
    )


def serve(actor, channel: str, case, *, served_on: dt.date) -> Case:
    return STEPS.apply("serve", actor, channel, case, _serve(served_on), on=served_on)


def publish(actor, channel: str, case, *, on: dt.date) -> Case:
    """执法公示: the decision's basic information on the portal (118号 (六))."""
    return STEPS.apply("publish", actor, channel, case, _publish(on), on=on)


def file_major(actor, channel: str, case, *, on: dt.date) -> Case:
    """报送备案: a 重大执法决定 to the government's 司法局 (FAZHI_MAJOR_DECISION_FILING_DAYS)."""
    return STEPS.apply("file", actor, channel, case, _file_major(on), on=on)


def filing_review(actor, channel: str, case, *, opinion: str, on: dt.date, text: str = "") -> Case:
    details = {"opinion": opinion, "text": text}
    return STEPS.apply(
        "filing_review",
        actor,
        channel,
        case,
        _filing_review(opinion, on, text),
        details=details,
        on=on,
    )


def revoke(actor, channel: str, case, *, revocation: str, on: dt.date, reason: str) -> Case:
    """The decision changed, revoked, found unlawful or void: a published decision must be taken
    down within 3 工作日 (行政处罚法第四十八条第二款)."""

    def change(case):
        require_date(on, label="日期", not_before=case.decided_on, before_label="决定日期")
        if revocation not in RevocationKind.values:
            raise Refusal(f"情形“{revocation}”无效。")
        if not (reason or "").strip():
            raise Refusal(f"应写明理由，撤回公示时一并公开说明({rules.ART_WITHDRAW})。")
        case.revoked_on, case.revocation = on, revocation
        case.revocation_reason = reason.strip()

    details = {"revocation": revocation, "reason": reason}
    return STEPS.apply("revoke", actor, channel, case, change, details=details, on=on)


def withdraw(actor, channel: str, case, *, on: dt.date) -> Case:
    def change(case):
        require_date(
            on, label="撤下日期", not_before=case.revoked_on, before_label="决定变更撤销日期"
        )
        case.withdrawn_on = on

    return STEPS.apply("withdraw", actor, channel, case, change, on=on)


def _measure(key, label):
    def service(actor, channel: str, case, *, on: dt.date, note: str = "") -> Case:
        def change(case):
            require_date(
                on, label=f"{label}日期", not_before=case.opened_on, before_label="立案日期"
            )

        return STEPS.apply(key, actor, channel, case, change, details={"note": note}, on=on)

    service.__doc__ = f"{label}: only with an audio-video record of it ({rules.ART_AUDIO_VIDEO})."
    return service


seize = _measure("seize", "查封扣押")
demolish = _measure("demolish", "强制拆除")


def execute(actor, channel: str, case, *, on: dt.date) -> Case:
    return STEPS.apply("execute", actor, channel, case, _execute(on), on=on)


def close(actor, channel: str, case, *, on: dt.date) -> Case:
    return STEPS.apply("close", actor, channel, case, _close(on), on=on)


# --- 全过程记录 -----------------------------------------------------------------------------


def add_process_record(
    actor,
    channel: str,
    case,
    *,
    step: str,
    medium: str,
    recorder: str,
    recorded_at,
    attachment,
    note: str = "",
) -> Case:
    """登记全过程记录: a file of the case (uploaded as its attachment, with its SHA-256) indexed
    under the key step it records (118号 (七)–(九); 行政处罚法第四十七条)."""

    def change(case):
        if step not in RecordStep.values:
            raise Refusal(f"执法环节“{step}”无效。")
        if medium not in dict(ProcessRecord._meta.get_field("medium").choices):
            raise Refusal(f"记录形式“{medium}”无效。")
        if not isinstance(recorded_at, dt.datetime):
            raise Refusal("记录时间无效。")
        if not (recorder or "").strip():
            raise Refusal("应写明记录人。")
        if attachment is None or not _belongs(attachment, case):
            raise Refusal("请选择本案已上传的文件。")

    def then(case):
        row = ProcessRecord.objects.create(
            case=case,
            step=step,
            medium=medium,
            recorder=recorder.strip(),
            recorded_at=recorded_at,
            attachment=attachment,
            note=(note or "").strip(),
            entered_by=actor,
        )
        after = {
            "step": step,
            "medium": medium,
            "attachment": attachment.pk,
            "sha256": attachment.sha256,
        }
        return [audit.Change("登记全过程记录", row, None, after | {"case": case.pk})]

    details = {"step": step, "medium": medium, "recorder": recorder}
    return STEPS.apply("record", actor, channel, case, change, details=details, then=then)


def _belongs(attachment, case) -> bool:
    return (
        attachment.content_type.app_label == case._meta.app_label
        and attachment.content_type.model == case._meta.model_name
        and attachment.object_id == case.pk
    )


def verify_process_records(records=None) -> list[dict]:
    """Recompute the SHA-256 of every file in the 全过程记录 (or of `records`) and report each
    that is missing or whose content no longer matches the checksum stored when it was uploaded."""
    return verify_some(ProcessRecord.objects.all() if records is None else records).problems


@dataclass
class Verification:
    problems: list[dict]  # {"record": ProcessRecord, "problem": str}
    checked: int
    next_after: int  # the last record checked when the budget ran out; 0 when none is left


def verify_some(records, *, after: int = 0, budget_bytes: int | None = None) -> Verification:
    """As verify_process_records, in the order of the records' ids after `after`, stopping before
    the file that would take the bytes read past `budget_bytes` (never before the first): a page
    checks a county's recordings a bounded part at a time instead of holding one request for all."""
    rows = records.filter(id__gt=after).select_related("attachment", "case").order_by("id")
    problems, checked, read, last = [], 0, 0, 0
    for record in rows.iterator(2000):
        size = record.attachment.size
        if budget_bytes is not None and checked and read + size > budget_bytes:
            return Verification(problems, checked, next_after=last)
        problem = _checksum_problem(record.attachment)
        if problem:
            problems.append({"record": record, "problem": problem})
        checked, read, last = checked + 1, read + size, record.pk
    return Verification(problems, checked, next_after=0)


def _checksum_problem(attachment) -> str:
    digest = hashlib.sha256()
    try:
        with attachment.file.open("rb") as handle:
            for chunk in iter(lambda h=handle: h.read(1 << 20), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError, ValueError):
        return "文件缺失"
    return "" if digest.hexdigest() == attachment.sha256 else "校验值不符(文件已被改动)"


# --- 目录清单 -------------------------------------------------------------------------------------


def add_criterion(
    actor,
    channel: str,
    *,
    unit: OrgUnit,
    category: str,
    description: str,
    listed_on: dt.date,
    publish: bool = True,
) -> Criterion:
    """An item of the unit's 重大执法决定法制审核目录清单 (118号 (十二)), published on the portal
    from the day it is listed unless kept as a draft. Only the unit's staff (or an overseer of
    its government) may add it."""
    from fazhi.core.authority import ActsFor
    from fazhi.core.models import Role

    require_date(listed_on, label="列入日期")
    probe = Criterion(unit=unit)
    if not ActsFor("unit", roles=(Role.COORDINATOR, Role.REVIEWER, Role.STAFF)).allows(
        actor, probe
    ):
        raise Refusal("只有本执法部门的工作人员可以编制其重大执法决定法制审核目录清单。")
    from .models import CriterionCategory

    if category not in CriterionCategory.values:
        raise Refusal(f"审核情形“{category}”无效。")
    if not (description or "").strip():
        raise Refusal("应写明具体事项(类别、层级、领域、涉案金额等标准)。")
    with transaction.atomic():
        item = Criterion.objects.create(
            unit=unit,
            category=category,
            description=description.strip(),
            listed_on=listed_on,
            published_on=listed_on if publish else None,
        )
        after = {"unit": unit.pk, "category": category, "description": item.description}
        audit.record(actor, channel, "列入法制审核目录清单", item, None, after)
    return item


# --- bulk -----------------------------------------------------------------------------------------

CHANGES = {
    "investigate": _investigate,
    "conclude": _conclude,
    "send_review": _send_review,
    "notify": _notify,
    "hearing": _hearing,
    "decide": _decide,
    "serve": _serve,
    "publish": _publish,
    "file": _file_major,
    "filing_review": _filing_review,
    "execute": _execute,
    "close": _close,
    "mark_major": _mark_major,
}


DUE_FIELDS = [
    "decide_due_on",
    "review_due_on",
    "serve_due_on",
    "publish_due_on",
    "filing_due_on",
    "withdraw_due_on",
    "next_due_on",
    "next_due_label",
]
# what each step's change sets: a batch is then written with one UPDATE (Steps.apply_many)
STEP_FIELDS = {
    "investigate": ["status", "investigating_on"],
    "conclude": ["status", "concluded_on"],
    "send_review": ["status", "review_sent_on"],
    "review": ["status", "cleared_on"],
    "notify": ["status", "notified_on"],
    "hearing": ["status", "heard_on", "major"],
    "decide": ["status", "decided_on", "outcome", "conclusion"],
    "serve": ["status", "served_on"],
    "publish": ["published_on"],
    "file": ["filing_office", "filing_on"],
    "filing_review": ["filing_opinion", "filing_reviewed_on", "filing_text"],
    "execute": ["status", "executed_on"],
    "close": ["status", "closed_on"],
    "mark_major": ["major", "criterion"],
}


def apply_many(actor, channel: str, key: str, ids, **values) -> list[Case]:
    """One step on many cases (the demo, imports), the same checks as one; a refusal of any
    case refuses the batch (nothing is written)."""
    on = values.get("on", values.get("served_on"))
    with transaction.atomic():
        changed, refused = STEPS.apply_many(
            key,
            actor,
            channel,
            ids,
            CHANGES[key](**values),
            on=on,
            fields=[*STEP_FIELDS[key], *DUE_FIELDS],
            prefetch=["unit"],
        )
        if refused:
            raise Refusal("；".join(f"{reason}({n}件)" for reason, n in refused.items()))
    return changed


def review_many(actor, channel: str, ids, *, opinion: str, on, text: str = "") -> list[Case]:
    """法制审核 of many cases by the same reviewer (their own act), each a LegalReview row."""
    with transaction.atomic():
        changed, refused = STEPS.apply_many(
            "review",
            actor,
            channel,
            ids,
            _review(opinion, on, text),
            on=on,
            fields=[*STEP_FIELDS["review"], *DUE_FIELDS],
        )
        if refused:
            raise Refusal("；".join(f"{reason}({n}件)" for reason, n in refused.items()))
        rows = LegalReview.objects.bulk_create(
            [_review_row(actor, case, opinion, text) for case in changed], batch_size=1000
        )
        audit.record_many(actor, channel, [_review_change(row) for row in rows])
    return changed


# --- the frame ------------------------------------------------------------------------------------


def refresh_due(case: Case) -> None:
    """The case's clocks: 办案期限 (90 日 from 立案, art. 60), 法制审核期限, 送达 (7 工作日,
    art. 61), 公示 (7 or 20 工作日, 118号 (六)), 备案, and 撤下公示 (3 工作日, art. 48 ¶2);
    the nearest one still open is the case's next deadline."""
    try:
        case.decide_due_on = rules.decide_due(case.opened_on, case.extension_days)
        reviewing = case.status == S.REVIEWING and case.review_sent_on is not None
        case.review_due_on = (
            due_date(case.review_sent_on, rules.review_limit()) if reviewing else None
        )
        decided = case.decided_on is not None
        case.serve_due_on = due_date(case.decided_on, rules.SERVE) if decided else None
        case.publish_due_on = (
            due_date(case.decided_on, rules.publication_limit(case.kind)) if decided else None
        )
        case.filing_due_on = (
            due_date(case.decided_on, rules.filing_limit()) if decided and case.major else None
        )
        takedown = case.revoked_on is not None and case.published_on is not None
        case.withdraw_due_on = (
            due_date(case.revoked_on, rules.withdrawal_limit()) if takedown else None
        )
    except (ClockError, CalendarYearUnknown) as exc:
        raise Refusal(f"无法计算期限：{exc}") from exc
    pending = []
    if case.status in S.undecided():
        pending.append((case.decide_due_on, "作出决定"))
    if case.review_due_on:
        pending.append((case.review_due_on, "法制审核"))
    if decided and case.served_on is None:
        pending.append((case.serve_due_on, "送达决定书"))
    if decided and case.published_on is None and case.revoked_on is None:
        pending.append((case.publish_due_on, "执法公示"))
    if case.filing_due_on and case.filing_on is None:
        pending.append((case.filing_due_on, "报送备案"))
    if case.withdraw_due_on and case.withdrawn_on is None:
        pending.append((case.withdraw_due_on, "撤下公示信息"))
    pending = [p for p in pending if p[0] is not None]
    if pending:
        case.next_due_on, case.next_due_label = min(pending)
    else:
        case.next_due_on, case.next_due_label = None, ""


FRAME = Frame(
    snapshot=lambda case: audit.snapshot(case, AUDITED),
    refresh_due=refresh_due,
    default_on=lambda case: case.opened_on,
)
