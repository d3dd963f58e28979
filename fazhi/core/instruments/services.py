"""Issuing, serving and printing-ready storage of 文书; attachments; templates. Every change runs
in a transaction with its audit row, like every other state change."""

import datetime as dt
import hashlib
import re
import unicodedata
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import File
from django.db import connections, router, transaction
from django.utils import timezone

from .. import audit, held, procedures
from ..authority import is_person
from ..bulk import insert_rows
from ..models import OrgUnit
from ..steps import remembered
from ..workflow import Refusal
from .kinds import Kind, available_names, fill, form_context, names_in, record_context, text_of
from .models import Attachment, Instrument, InstrumentSequence, InstrumentTemplate, ServiceWay

# --- what a procedure declares -----------------------------------------------------------------


def kinds_of(procedure) -> dict[str, Kind]:
    return {kind.key: kind for kind in procedure.instruments}


def full_key(procedure, kind: Kind) -> str:
    return f"{procedure.key}.{kind.key}"


def issuing_forms(procedure, kind: Kind) -> list:
    return [step.form for step in procedure.steps if kind.key in issued_by(step, procedure)]


def issued_by(step, procedure) -> set[str]:
    """The kinds a step may issue: the one it names, or all the procedure's when it chooses."""
    if callable(step.instrument):
        return set(kinds_of(procedure))
    return {step.instrument} if step.instrument else set()


def serving_step(procedure, kind: Kind):
    """The step that records this kind's 送达 (its clock starts there), if the table has one."""
    return next((step for step in procedure.steps if step.serves == kind.key), None)


def government_of(obj) -> OrgUnit:
    """The government whose 文书 these are: that of the unit the record is kept for."""
    return getattr(obj, obj.scope_field).government()


def default_code(government: OrgUnit, kind: Kind) -> str:
    """The government's short name (弥勒市人民政府 → 弥勒市) and the kind's code, until the
    coordinator sets the 机关代字 the government really uses."""
    return f"{government.short_name or government.name.removesuffix('人民政府')}{kind.code}"


def template_for(government: OrgUnit, procedure, kind: Kind) -> tuple[str, str, str]:
    """(title, 机关代字, text): the government's own template, or the procedure's default. Read
    once a batch (an import's transaction issues hundreds of the same kind)."""
    key = full_key(procedure, kind)
    return remembered(("文书模板", government.pk, key), lambda: _template(government, key, kind))


def _template(government: OrgUnit, key: str, kind: Kind) -> tuple[str, str, str]:
    own = InstrumentTemplate.objects.filter(government=government, kind=key).first()
    if own:
        return own.title, own.code, own.body
    return kind.title, default_code(government, kind), kind.body


# --- issuing, inside a step's transaction ------------------------------------------------------


def issue(key: str, step, obj, actor, on: dt.date, details: dict | None) -> audit.Change:
    """Make the 文书 of kind `key` that `step` issues for `obj`: numbered, its text filled in
    and frozen. Called by Steps.apply inside the step's transaction, so the step and its 文书
    stand or fall together. In an import's chunk the 文书 is inserted with the chunk's others
    at its end (`held.pending`): a replayed case issues 1.75 on average, each an INSERT of its
    own before."""
    procedure = procedures.for_model(type(obj))
    kind = kinds_of(procedure)[key]
    government = government_of(obj)
    title, code, body = template_for(government, procedure, kind)
    number = next_number(government, code, on.year)
    context = record_context(obj, only=set(names_in(body))) | form_context(step.form, details)
    context |= {"文号": number, "日期": text_of(on), "机关": government.name}
    text = fill(body, context)
    first = text.strip().splitlines()[0] if text.strip() else ""
    instrument = Instrument(
        record=obj,
        government=government,
        kind=full_key(procedure, kind),
        title=title,
        number=number,
        step=step.label,
        issued_on=on,
        issued_by=actor if is_person(actor) else None,
        addressee=first.rstrip("：:")[:200] if first.endswith(("：", ":")) else "",
        body=text,
        signer=str(getattr(obj, kind.signer) if kind.signer else government.name)[:100],
    )
    waiting = held.pending("文书", _insert_issued)
    if waiting is None:
        instrument.save()
    else:  # an import's chunk: its 文书 in one statement at its end, before its audit rows
        waiting.append(instrument)
    return audit.Change("制作文书", instrument, None, _facts(instrument))


def _insert_issued(instruments: list[Instrument]) -> None:
    insert_rows(Instrument, instruments)


def next_number(government: OrgUnit, code: str, year: int) -> str:
    """GB/T 9704 7.2.4: 机关代字〔年份〕序号号, the 序号 without leading zeros. The UPDATE locks
    the sequence row until the step's transaction ends, so two steps taken at once never share a
    number; it returns the new number, one round trip where a read, a write and a re-read were.
    In an import's chunk the row stays locked from its first number to the commit, so the
    chunk's later numbers are counted in memory and written once at its end (`held.kept`)."""
    key = (government.pk, code, year)
    taken = held.kept("文书序号", _write_taken)
    if taken is not None and key in taken:
        taken[key][1] += 1
        return f"{code}〔{year}〕{taken[key][1]}号"
    last = _advance(government, code, year)
    if last is None:  # the year's first number under this code
        InstrumentSequence.objects.get_or_create(government=government, code=code, year=year)
        last = _advance(government, code, year)
    if taken is not None:
        taken[key] = [last, last]  # [as written, as given]
    return f"{code}〔{year}〕{last}号"


def _write_taken(taken: dict) -> None:
    """A chunk's last numbers, where it gave more than the row says (the row is still locked)."""
    for (government_id, code, year), (written, given) in taken.items():
        if given <= written:
            continue
        moved = InstrumentSequence.objects.filter(
            government_id=government_id, code=code, year=year, last=written
        ).update(last=given)
        if moved != 1:  # never, while the row is locked: the chunk fails rather than reuse one
            raise RuntimeError(f"文书编号序列 {code}〔{year}〕 在本批写入期间被改动")


def _advance(government: OrgUnit, code: str, year: int) -> int | None:
    connection = connections[router.db_for_write(InstrumentSequence)]
    quote, meta = connection.ops.quote_name, InstrumentSequence._meta
    last = quote(meta.get_field("last").column)
    with connection.cursor() as cursor:
        cursor.execute(  # RETURNING: PostgreSQL, and SQLite since 3.35
            f"UPDATE {quote(meta.db_table)} SET {last} = {last} + 1"
            f" WHERE {quote(meta.get_field('government').column)} = %s"
            f" AND {quote(meta.get_field('code').column)} = %s"
            f" AND {quote(meta.get_field('year').column)} = %s RETURNING {last}",
            [government.pk, code, year],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def record_service(step, obj, details: dict | None) -> audit.Change | None:
    """A step that records a notice's 送达 writes it on the latest such 文书 not yet served (a
    record from before 文书 were kept has none: the step stands on its own)."""
    details = details or {}
    served_on, way = details.get("served_on"), details.get("way", "")
    held.write_pending()  # a 文书 issued earlier in an import's chunk is looked for in the table
    procedure = procedures.for_model(type(obj))
    kind = kinds_of(procedure)[step.serves]
    instrument = (
        instruments_of(obj)
        .select_for_update()
        .filter(kind=full_key(procedure, kind), served_on__isnull=True)
        .order_by("-issued_at", "-id")
        .first()
    )
    if instrument is None or served_on is None:
        return None
    return _mark_served(instrument, served_on, way)


def _mark_served(instrument: Instrument, served_on: dt.date, way: str) -> audit.Change:
    if served_on < instrument.issued_on:
        raise Refusal(f"送达日期不能早于{instrument.title}的制作日期({instrument.issued_on})。")
    if way not in ServiceWay.values:
        raise Refusal("请选择送达方式。")
    before = {"served_on": None, "served_way": ""}
    instrument.served_on, instrument.served_way = served_on, way
    instrument.save(update_fields=["served_on", "served_way"])
    after = {"served_on": served_on.isoformat(), "served_way": way, "number": instrument.number}
    return audit.Change("登记送达", instrument, before, after)


def serve(actor, channel: str, instrument: Instrument, served_on: dt.date, way: str):
    """Record the 送达 of a 文书 whose kind starts no clock (受理通知书 …): the record's page
    offers it to those who handle the record."""
    if served_on > timezone.localdate():
        raise Refusal("送达日期不能晚于今天。")
    with transaction.atomic():
        instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
        if instrument.served_on:
            raise Refusal(f"{instrument}已于{instrument.served_on}登记送达。")
        audit.record_many(actor, channel, [_mark_served(instrument, served_on, way)])
    return instrument


def instruments_of(obj):
    return Instrument.objects.filter(
        content_type__app_label=obj._meta.app_label,
        content_type__model=obj._meta.model_name,
        object_id=obj.pk,
    )


def _facts(instrument: Instrument) -> dict:
    return {
        "number": instrument.number,
        "title": instrument.title,
        "on": instrument.issued_on.isoformat(),
        "record": f"{instrument.content_type.app_label}.{instrument.content_type.model}",
        "record_id": instrument.object_id,
    }


# --- templates ---------------------------------------------------------------------------------

CODE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]{1,20}$")


def save_template(actor, channel: str, government: OrgUnit, procedure, kind: Kind, data: dict):
    """A coordinator's own text of a kind of 文书 for their government. The text may name only
    the placeholders listed beside it (kinds.available_names)."""
    allowed = set(available_names(procedure.model, issuing_forms(procedure, kind)))
    unknown = sorted(set(names_in(data["body"])) - allowed)
    if unknown:
        raise Refusal("模板中有无法填写的项目：" + "、".join(f"{{{{{n}}}}}" for n in unknown))
    if not CODE.match(data["code"]):
        raise Refusal("机关代字只能由汉字、字母和数字组成(不超过20个字)。")
    key = full_key(procedure, kind)
    with transaction.atomic():
        template = (
            InstrumentTemplate.objects.select_for_update()
            .filter(government=government, kind=key)
            .first()
        )
        before = _template_facts(template) if template else None
        template = template or InstrumentTemplate(government=government, kind=key)
        template.title, template.code, template.body = data["title"], data["code"], data["body"]
        template.updated_by = actor
        template.save()
        audit.record(actor, channel, "修改文书模板", template, before, _template_facts(template))
    return template


def _template_facts(template: InstrumentTemplate) -> dict:
    return {
        "kind": template.kind,
        "title": template.title,
        "code": template.code,
        "body": template.body,
    }


# --- attachments -------------------------------------------------------------------------------


def attach(actor, channel: str, obj, uploaded, note: str = "") -> Attachment:
    """Store an uploaded file with the record: its size within the limit, its type one offices
    exchange (not a page a browser would run), its SHA-256 computed as it is read."""
    name = clean_file_name(uploaded.name)
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix not in settings.FAZHI_ATTACHMENT_TYPES:
        allowed = "、".join(settings.FAZHI_ATTACHMENT_TYPES)
        raise Refusal(f"不能上传“{name}”：只接受以下类型的文件：{allowed}。")
    limit = settings.FAZHI_ATTACHMENT_MAX_BYTES
    if uploaded.size is None or uploaded.size > limit:
        raise Refusal(f"文件“{name}”超过{limit // 2**20} MB，不能上传。")
    if uploaded.size == 0:
        raise Refusal(f"文件“{name}”是空文件。")
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    with transaction.atomic():
        attachment = Attachment(
            record=obj,
            name=name,
            size=uploaded.size,
            sha256=digest.hexdigest(),
            note=note[:200],
            uploaded_by=actor,
        )
        attachment.file.save(f"{digest.hexdigest()[:16]}.{suffix}", File(uploaded), save=False)
        attachment.save()
        after = {"name": name, "size": attachment.size, "sha256": attachment.sha256}
        after |= {"record_id": obj.pk, "record": obj._meta.label}
        audit.record(actor, channel, "上传附件", attachment, None, after)
    return attachment


def clean_file_name(name: str) -> str:
    """The file's own name without directories, control characters or a path separator."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if ch.isprintable())
    return base.strip()[:200] or "附件"


def attachments_of(obj):
    return Attachment.objects.filter(
        content_type__app_label=obj._meta.app_label,
        content_type__model=obj._meta.model_name,
        object_id=obj.pk,
    ).select_related("uploaded_by")
