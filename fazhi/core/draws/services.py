"""Committing and drawing (each one service function in one transaction, with its audit row),
reading the result, verifying a stored draw or a published export, and the public JSON."""

import datetime as dt
import json
import re
import secrets
from collections.abc import Iterable, Mapping

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .. import audit
from ..authority import HANDLING_ROLES, is_person, within_government
from ..masking import mask_name, mask_text
from ..models import AuditEntry, OrgUnit
from ..workflow import Refusal
from . import selection as sel
from .models import Draw, DrawKind, DrawStatus, SeedMethod
from .selection import Entry, Unmeetable

COMMIT_ACTION = "公示随机抽取"
DRAW_ACTION = "随机抽取"
_HEX64 = re.compile(r"[0-9a-f]{64}")

# --- kinds ------------------------------------------------------------------------------------

_kinds: dict[str, str] = dict(DrawKind.choices)


def register_kind(key: str, label: str) -> None:
    """A procedure's own kind of draw (its key and Chinese label), registered when it loads."""
    if _kinds.get(key, label) != label:
        raise ValueError(f"draw kind {key!r} is already registered as {_kinds[key]!r}")
    _kinds[key] = label


def kind_label(key: str) -> str:
    return _kinds.get(key, key)


# --- who may draw -----------------------------------------------------------------------------


def may_draw(actor, unit: OrgUnit | None) -> bool:
    """Staff (coordinator, reviewer, 法制员) of the government the drawing unit belongs to."""
    return bool(
        is_person(actor) and actor.role in HANDLING_ROLES and within_government(actor, unit)
    )


def _require_may_draw(actor, unit: OrgUnit) -> None:
    if not may_draw(actor, unit):
        raise Refusal(
            f"无权以“{unit}”的名义进行随机抽取：只有该单位所属政府的工作人员"
            "(统筹协调、审核人员或法制员)可以公示和抽取。"
        )


# --- commit -----------------------------------------------------------------------------------


def new_seed() -> str:
    """A seed for commit–reveal: 128 random bits, so that its published SHA-256 cannot be
    reversed by trying seeds before it is revealed."""
    return secrets.token_hex(16)


def commit(
    actor,
    channel: str,
    *,
    unit: OrgUnit,
    purpose: str,
    kind: str,
    entries: Iterable[Entry],
    per_stratum: Mapping[str, int] | None = None,
    total: int | None = None,
    at_least_one_per_stratum: bool = False,
    exclude: Iterable[str] = (),
    seed_commitment: str | None = None,
    public_source: str | None = None,
    public_source_on: dt.date | None = None,
    labels_are_names: bool = False,
) -> Draw:
    """Fix and publish a draw (已公示): its pool (hashed), its parameters, and where its seed will
    come from — the SHA-256 of a seed kept secret until the draw (`seed_commitment`), or a public
    source named now whose numbers are published on `public_source_on`. Refuses, before anything
    is written, a draw whose constraints cannot be met, naming the stratum or constraint."""
    _require_may_draw(actor, unit)
    if kind not in _kinds:
        raise Refusal(f"未知的抽取类别：{kind}。")
    purpose = (purpose or "").strip()
    if not purpose:
        raise Refusal("请填写抽取事由。")
    if len(purpose) > 200:
        raise Refusal("抽取事由过长(上限 200 字)。")
    seed_fields = _seed_source(seed_commitment, public_source, public_source_on)
    try:
        pool = sel.canonical_pool(
            Entry(str(e.key), str(e.label or ""), str(e.stratum or "")) for e in entries
        )
        parameters = sel.canonical_parameters(
            pool,
            per_stratum=per_stratum,
            total=total,
            at_least_one_per_stratum=at_least_one_per_stratum,
            exclude=exclude,
        )
    except Unmeetable as unmeetable:
        raise Refusal(f"无法公示抽取：{unmeetable}") from unmeetable
    with transaction.atomic():
        draw = Draw.objects.create(
            unit=unit,
            government=unit.government(),
            kind=kind,
            purpose=purpose,
            labels_are_names=labels_are_names,
            pool=[[e.key, e.label, e.stratum] for e in pool],
            pool_size=len(pool),
            pool_sha256=sel.pool_sha256(pool),
            labels_sha256=sel.labels_sha256(pool),
            parameters=parameters,
            committed_by=actor,
            committed_at=timezone.now(),
            **seed_fields,
        )
        audit.record(actor, channel, COMMIT_ACTION, draw, None, _committed_facts(draw))
    return draw


def _seed_source(commitment, public_source, public_source_on) -> dict:
    commitment, public_source = (commitment or "").strip(), (public_source or "").strip()
    if bool(commitment) == bool(public_source):
        raise Refusal("须指定随机种子来源：种子承诺(SHA-256)或事先指定的公开随机源，二者择一。")
    if commitment:
        commitment = commitment.lower()
        if not _HEX64.fullmatch(commitment):
            raise Refusal("种子承诺应为 64 位十六进制的 SHA-256 值。")
        return {"seed_method": SeedMethod.COMMIT_REVEAL, "seed_commitment": commitment}
    if len(public_source) > 200:
        raise Refusal("公开随机源的名称过长(上限 200 字)。")
    if not isinstance(public_source_on, dt.date) or isinstance(public_source_on, dt.datetime):
        raise Refusal("请填写公开随机源的开奖日期。")
    today = timezone.localdate()
    if public_source_on < today:
        # Numbers already published could be chosen to suit: the source must lie ahead.
        raise Refusal(
            f"公开随机源须在公示后开奖：所指定的开奖日期 {public_source_on:%Y-%m-%d} "
            f"早于今天({today:%Y-%m-%d})。"
        )
    return {
        "seed_method": SeedMethod.PUBLIC_SOURCE,
        "public_source": public_source,
        "public_source_on": public_source_on,
    }


def _committed_facts(draw: Draw) -> dict:
    """What the commit fixed; the audit row keeps it, so a later edit of the draw's row shows."""
    return {
        "kind": draw.kind,
        "purpose": draw.purpose,
        "pool_size": draw.pool_size,
        "pool_sha256": draw.pool_sha256,
        "labels_sha256": draw.labels_sha256,
        "parameters": draw.parameters,
        "seed_method": draw.seed_method,
        "seed_commitment": draw.seed_commitment,
        "public_source": draw.public_source,
        "public_source_on": draw.public_source_on,
    }


# --- draw -------------------------------------------------------------------------------------


def reveal_and_draw(
    actor, channel: str, draw: Draw, *, seed: str | None = None, public_values: str | None = None
) -> Draw:
    """Make the selection (已公示 → 已抽取): with the revealed seed, refused unless its SHA-256 is
    the published commitment; or with the numbers the named public source published, refused
    before its draw date."""
    with transaction.atomic():
        draw = Draw.objects.select_for_update().select_related("unit").get(pk=draw.pk)
        _require_may_draw(actor, draw.unit)
        if draw.status != DrawStatus.COMMITTED:
            raise Refusal(f"无法抽取：该抽取当前状态为“{draw.get_status_display()}”，已经抽取过。")
        if draw.seed_method == SeedMethod.COMMIT_REVEAL:
            draw.seed = _revealed_seed(draw, seed)
        else:
            draw.public_values, draw.seed = _public_seed(draw, public_values)
        try:
            chosen = sel.select(entries_of(draw), draw.parameters, draw.seed)
        except Unmeetable as unmeetable:
            raise Refusal(f"无法抽取：{unmeetable}") from unmeetable
        draw.selection = [e.key for e in chosen]
        draw.status = DrawStatus.DRAWN
        draw.drawn_by = actor
        draw.drawn_at = timezone.now()
        draw.save()
        after = {
            "status": draw.status,
            "seed": draw.seed,
            "public_values": draw.public_values,
            "pool_sha256": draw.pool_sha256,
            "selection": draw.selection,
        }
        audit.record(actor, channel, DRAW_ACTION, draw, {"status": DrawStatus.COMMITTED}, after)
    return draw


def _revealed_seed(draw: Draw, seed: str | None) -> str:
    if not seed:
        raise Refusal("请填写公示时承诺的随机种子。")
    if len(seed) > 200:
        raise Refusal("随机种子过长(上限 200 字)。")
    digest = sel.seed_sha256(seed)
    if digest != draw.seed_commitment:
        raise Refusal(
            f"揭示的随机种子与公示的承诺不符：其 SHA-256 为 {digest}，公示的承诺为 "
            f"{draw.seed_commitment}。"
        )
    return seed


def _public_seed(draw: Draw, values: str | None) -> tuple[str, str]:
    today = timezone.localdate()
    if draw.public_source_on > today:
        raise Refusal(
            f"公开随机源“{draw.public_source}”定于 {draw.public_source_on:%Y-%m-%d} 开奖，"
            "开奖后才能抽取。"
        )
    values = (values or "").strip()
    if not values:
        raise Refusal(f"请填写“{draw.public_source}”公布的开奖号码。")
    if len(values) > 200:
        raise Refusal("开奖号码过长(上限 200 字)。")
    try:
        return values, sel.public_source_seed(values)
    except Unmeetable as unmeetable:
        raise Refusal(str(unmeetable)) from unmeetable


# --- reading ----------------------------------------------------------------------------------


def entries_of(draw: Draw) -> list[Entry]:
    return [Entry(key, label, stratum) for key, label, stratum in draw.pool]


def selected(draw: Draw) -> list[Entry]:
    """The selected entries, in the order they were drawn (empty before the draw)."""
    by_key = {e.key: e for e in entries_of(draw)}
    return [by_key[key] for key in draw.selection if key in by_key]


def public_label(draw: Draw, label: str) -> str:
    """An entry's name as the public sees it: a person's name masked (surname kept), any ID or
    mobile number in other names masked."""
    return mask_name(label) if draw.labels_are_names else mask_text(label)


# --- verification -----------------------------------------------------------------------------


def verify(draw: Draw) -> list[str]:
    """Recompute the draw from its stored inputs and compare with what was stored and audited:
    the pool's hashes, the seed against its commitment or the public numbers, the selection,
    and the facts the commit and draw audit rows recorded. An empty list: it verifies."""
    pool = entries_of(draw)
    problems = []
    if sel.labels_sha256(pool) != draw.labels_sha256:
        problems.append("名单条目名称与公示时不符(名称哈希不同)。")
    if [[e.key, e.label, e.stratum] for e in sorted(pool, key=lambda e: e.key)] != draw.pool:
        problems.append("名单未按编号排序或含有非文本内容。")
    problems += _audit_problems(draw)
    if draw.status == DrawStatus.COMMITTED:
        if sel.pool_sha256(pool) != draw.pool_sha256:
            problems.append(
                f"名单哈希不符：公示的是 {draw.pool_sha256}，现为 {sel.pool_sha256(pool)}。"
            )
        if draw.selection or draw.seed:
            problems.append("尚未抽取的抽取却存有随机种子或抽取结果。")
        return problems
    return problems + _seed_and_selection_problems(
        pool,
        draw.parameters,
        pool_sha256=draw.pool_sha256,
        seed_method=draw.seed_method,
        seed_commitment=draw.seed_commitment,
        public_values=draw.public_values,
        seed=draw.seed,
        selection=draw.selection,
    )


def _seed_and_selection_problems(
    pool, parameters, *, pool_sha256, seed_method, seed_commitment, public_values, seed, selection
) -> list[str]:
    problems = []
    if seed_method == SeedMethod.COMMIT_REVEAL:
        if sel.seed_sha256(seed) != seed_commitment:
            problems.append("随机种子与公示的承诺不符(SHA-256 不同)。")
    else:
        try:
            expected = sel.public_source_seed(public_values)
        except Unmeetable as unmeetable:
            expected = None
            problems.append(f"公开随机源的开奖号码无法读取：{unmeetable}")
        if expected is not None and expected != seed:
            problems.append(f"随机种子应为开奖号码的规范形式“{expected}”，记录的是“{seed}”。")
    return problems + sel.problems_of(
        pool,
        parameters,
        seed,
        published_pool_sha256=pool_sha256,
        published_selection=selection,
    )


def _as_json(value):
    """A value as the audit row's JSON column gives it back (dates as ISO text)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _label(field: str) -> str:
    return str(Draw._meta.get_field(field).verbose_name)


def _audit_problems(draw: Draw) -> list[str]:
    """The draw's row against its audit rows (themselves hash-chained: `fazhi audit verify`)."""
    rows = {
        row.action: row.after
        for row in AuditEntry.objects.filter(
            object_type=Draw._meta.label, object_id=str(draw.pk)
        ).order_by("-id")
    }
    problems = []
    committed = rows.get(COMMIT_ACTION)
    if committed is None:
        problems.append("审计记录中没有该抽取的公示记录。")
    else:
        stored = _as_json(_committed_facts(draw))
        changed = [_label(key) for key, value in stored.items() if committed.get(key) != value]
        if changed:
            problems.append(f"与公示时的审计记录不符：{'、'.join(changed)}。")
    drawn = rows.get(DRAW_ACTION)
    if draw.status == DrawStatus.DRAWN:
        if drawn is None:
            problems.append("审计记录中没有该抽取的抽取记录。")
        else:
            changed = [
                _label(field)
                for field in ("seed", "public_values", "pool_sha256", "selection")
                if drawn.get(field) != getattr(draw, field)
            ]
            if changed:
                problems.append(f"与抽取时的审计记录不符：{'、'.join(changed)}。")
    elif drawn is not None:
        problems.append("审计记录显示已经抽取，而该抽取的状态仍为已公示。")
    return problems


# --- the published form -----------------------------------------------------------------------


def export(draw: Draw) -> dict:
    """The draw as published (the portal's JSON): everything needed to recompute it without our
    database, names masked where they are personal data."""
    pool = entries_of(draw)
    return {
        "algorithm": sel.ALGORITHM,
        "draw": draw.pk,
        "government": str(draw.government),
        "unit": str(draw.unit),
        "kind": draw.kind,
        "kind_label": kind_label(draw.kind),
        "purpose": draw.purpose,
        "status": draw.status,
        "committed_at": draw.committed_at.isoformat(),
        "drawn_at": draw.drawn_at.isoformat() if draw.drawn_at else None,
        "pool": [
            {"key": e.key, "label": public_label(draw, e.label), "stratum": e.stratum} for e in pool
        ],
        "pool_size": draw.pool_size,
        "pool_sha256": draw.pool_sha256,
        "strata": sel.strata_sizes(pool),
        "parameters": draw.parameters,
        "seed_method": draw.seed_method,
        "seed_commitment": draw.seed_commitment,
        "public_source": draw.public_source,
        "public_source_on": draw.public_source_on.isoformat() if draw.public_source_on else None,
        "public_values": draw.public_values,
        "seed": draw.seed,
        "selection": draw.selection,
    }


def verify_export(data: dict) -> list[str]:
    """Recompute a published export (e.g. a downloaded JSON) from its own contents alone."""
    try:
        pool = [Entry(str(e["key"]), "", str(e.get("stratum", ""))) for e in data["pool"]]
        if data.get("algorithm") != sel.ALGORITHM:
            return [f"不支持的抽取算法：{data.get('algorithm')}。"]
        if data["status"] != DrawStatus.DRAWN:
            found = sel.pool_sha256(pool)
            if found != data["pool_sha256"]:
                return [f"名单哈希不符：公布的是 {data['pool_sha256']}，按名单重新计算为 {found}。"]
            return []
        return _seed_and_selection_problems(
            pool,
            data["parameters"],
            pool_sha256=data["pool_sha256"],
            seed_method=data["seed_method"],
            seed_commitment=data["seed_commitment"],
            public_values=data["public_values"],
            seed=data["seed"],
            selection=data["selection"],
        )
    except (KeyError, TypeError, AttributeError) as error:
        return [f"文件不是完整的抽取公示数据：缺少或无法读取 {error}。"]
