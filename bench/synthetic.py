"""Synthetic 行政复议 cases at scale, for the benchmarks (PostgreSQL only).

This is benchmark data, not demo data: the org tree is made through the service function
(`fazhi.core.services.create_unit`), but the cases are written straight into the tables with one
`INSERT ... SELECT generate_series(...)`, bypassing `services.receive()` & co. — a million cases
through the services would take hours, and the benchmarks measure reading and `fazhi tick`, not
registration. Consequences to keep in mind: no audit rows for the cases, and the stored due dates
follow the statutory periods in calendar days (5 工作日 ≈ 7 日) instead of the work calendar, which
is close enough for timing but not for checking due dates.

Two shapes:
- HISTORY (bench_pages, bench_figures): received dates spread over 2019-01-01..today; each case
  follows a plausible life (review 1–5 days, 12% not accepted, 3% abandoned during 补正, 60-day or
  30-day hearing, some extensions, 7% decided late, 14% that stay open for long: 中止 or simply
  overdue). About 13% end up open, about 4% overdue.
- OPEN (bench_tick): every case open (3% 待审查, 3% 补正中, 10% 中止, 84% 审理中), ~10% overdue.

Organs: the 13 counties of 红河州 (GB/T 2260 codes), each with ~30 units (government, 司法局
as the 复议机构, 19 other departments, 9 towns); cases are spread over the counties by rough
population weights, and over respondents with a skew (公安局, 自然资源局 … receive the most).
"""

import datetime as dt
import time
from dataclasses import dataclass, field

# The counties, departments and towns are the demo prefecture's (Django-free data).
from fazhi.demo.counties import COUNTIES, DEPARTMENTS, PREFECTURE, PROVINCE, TOWNS

HISTORY, OPEN = "history", "open"

CASES = "disputes_reconsiderationcase"
PAUSES = "disputes_casepause"


@dataclass
class County:
    code: str
    name: str
    government: object
    office: object  # 司法局: the 复议机构 that handles the county's cases
    units: dict = field(default_factory=dict)  # suffix -> OrgUnit
    respondents: list = field(default_factory=list)  # ids, most frequent first


@dataclass
class Org:
    province: object
    prefecture: object
    counties: list[County]

    def county(self, code: str) -> County:
        return next(c for c in self.counties if c.code == code)


def build_org() -> Org:
    """The province, 红河州 and its 13 counties with 30 units each, through create_unit."""
    from fazhi.core import duties
    from fazhi.core.audit import Channel
    from fazhi.core.models import UnitKind
    from fazhi.core.services import create_unit

    def unit(code, name, kind, parent, short=""):
        return create_unit(
            None, Channel.CLI, code=code, name=name, kind=kind, parent=parent, short_name=short
        )

    province = unit(*PROVINCE[:2], UnitKind.PROVINCE, None, PROVINCE[2])
    prefecture = unit(*PREFECTURE[:2], UnitKind.PREFECTURE, province, PREFECTURE[2])
    counties = []
    for code, name, short, _ in COUNTIES:
        gov = unit(code, f"{name}人民政府", UnitKind.COUNTY, prefecture, short)
        county = County(code, name, gov, None)
        county.office = unit(
            f"{code}-sfj", f"{name}司法局", UnitKind.DEPARTMENT, gov, f"{short}司法局"
        )
        # The county's 行政复议机构 (复议法 2023 art. 4): only its staff register and handle 复议.
        duties.assign(None, Channel.CLI, county.office, "reconsideration.office")
        for suffix, dept in DEPARTMENTS:
            county.units[suffix] = unit(
                f"{code}-{suffix}", f"{name}{dept}", UnitKind.DEPARTMENT, gov, f"{short}{dept}"
            )
        for i, town in enumerate(TOWNS):
            county.units[f"t{i}"] = unit(
                f"{code}{101 + i}", f"{short}{town}人民政府", UnitKind.TOWN, gov, f"{short}{town}"
            )
        # Departments first (by frequency), towns interleaved after the first few departments.
        order = [s for s, _ in DEPARTMENTS[:5]] + [f"t{i}" for i in range(3)]
        order += [s for s, _ in DEPARTMENTS[5:]] + [f"t{i}" for i in range(3, len(TOWNS))]
        county.respondents = [county.units[s].pk for s in order]
        counties.append(county)
    return Org(province, prefecture, counties)


SMALL_COUNTY, SMALL_UNIT = COUNTIES[-1][0], f"t{len(TOWNS) - 1}"  # 河口, its last town


def build_users(org: Org, county_code: str = "532504") -> dict:
    """coordinator (司法局, sees the county), reviewer (司法局 staff: handles the county's cases),
    staff (公安局: sees the cases against the 公安局), and town_staff: a town of the smallest
    county (河口's ninth), which few records name — its lists are a needle in the table."""
    from fazhi.core.audit import Channel
    from fazhi.core.services import create_user

    county = org.county(county_code)
    spec = [
        ("coordinator", county.office, "coordinator", {"can_approve_extension": True}),
        ("reviewer", county.office, "reviewer", {}),
        ("staff", county.units["gaj"], "staff", {}),
        ("town_staff", org.county(SMALL_COUNTY).units[SMALL_UNIT], "staff", {}),
    ]
    return {
        name: create_user(
            None,
            Channel.CLI,
            username=name,
            password="bench-only-Pa55",
            unit=unit,
            role=role,
            full_name=name,
            **flags,
        )
        for name, unit, role, flags in spec
    }


def _county_table(cursor, org: Org) -> None:
    total = sum(w for *_, w in COUNTIES)
    cursor.execute("DROP TABLE IF EXISTS bench_county")
    cursor.execute(
        "CREATE UNLOGGED TABLE bench_county (organ_id bigint, unit_id bigint, prefix text,"
        " lo float8, hi float8, resp bigint[])"
    )
    lo = 0.0
    for county, (*_, weight) in zip(org.counties, COUNTIES, strict=True):
        hi = lo + weight / total
        cursor.execute(
            "INSERT INTO bench_county VALUES (%s, %s, %s, %s, %s, %s)",
            [
                county.government.pk,
                county.office.pk,
                (county.government.short_name or county.government.name)[:2] + "政复",
                lo,
                2.0 if county is org.counties[-1] else hi,
                county.respondents,
            ],
        )
        lo = hi


# One random() per decision, so that the choices are independent. Columns of `base`.
_RANDOMS = [
    "r_county",
    "r_day",
    "r_resp",
    "r_type",
    "r_cat",
    "r_chan",
    "r_fate",
    "r_stage",
    "r_out",
    "r_dur",
    "r_proc",
    "r_misc",
    "r_name",
]

_COLUMNS = """organ_id, unit_id, number, applicant_name, applicant_type, applicant_id_number,
    applicant_uscc, applicant_phone, respondent_id, act, category, receipt_channel, submitted_on,
    received_on, law, status, review_started_on, correction_due_on, accepted_on, deemed_accepted,
    procedure, review_mode, hearing_on, extension_days, decision_due_on, next_due_on,
    next_due_label, closed_on, outcome, closing_note, overdue_notified_on, claim_token,
    created_at, updated_at"""

# Common parts: who applied against whom, and how. Uses base columns; yields `who`.
_WHO = """
    c.organ_id, c.unit_id, c.prefix,
    c.resp[1 + floor(power(b.r_resp, 2) * array_length(c.resp, 1))::int] AS respondent_id,
    CASE WHEN b.r_type < 0.80 THEN 'person' WHEN b.r_type < 0.92 THEN 'private_enterprise'
         ELSE 'other_org' END AS applicant_type,
    (ARRAY['land','traffic','public_security','market','construction','labour','environment',
           'disclosure','other'])[1 + floor(b.r_cat * 9)::int] AS category,
    CASE WHEN b.r_chan < 0.45 THEN 'in_person' WHEN b.r_chan < 0.70 THEN 'mail'
         WHEN b.r_chan < 0.90 THEN 'online' WHEN b.r_chan < 0.95 THEN 'oral' ELSE 'fax' END
      AS receipt_channel
"""

# HISTORY: plan each case's life from its received date, then see where it stands today.
_HISTORY = """
WITH base AS (
  SELECT g, {randoms} FROM generate_series(1, %(n)s) g
), who AS (
  SELECT b.*, {who},
         (%(first)s::date + floor(b.r_day * %(span)s)::int) AS received_on
  FROM base b JOIN bench_county c ON b.r_county >= c.lo AND b.r_county < c.hi
), plan AS (
  SELECT w.*,
    CASE WHEN w.received_on >= DATE '2024-01-01' THEN '2023' ELSE '2017' END AS law,
    w.received_on + (1 + floor(w.r_misc * 5))::int AS review_end,
    CASE WHEN w.r_fate < 0.09 THEN 'rejected' WHEN w.r_fate < 0.12 THEN 'referred'
         WHEN w.r_fate < 0.15 THEN 'abandoned' ELSE 'heard' END AS kind,
    (w.received_on >= DATE '2024-01-01' AND w.r_proc < 0.2) AS simplified
  FROM who w
), plan2 AS (
  SELECT p.*,
    CASE WHEN NOT p.simplified AND p.r_proc > 0.9 THEN 30 ELSE 0 END AS ext,
    CASE WHEN p.simplified THEN 30 ELSE 60 END AS lim,
    CASE WHEN p.law = '2017' THEN p.received_on ELSE p.review_end END AS acc,
    p.received_on + 16 AS corr_due,
    p.received_on + 25 + floor(p.r_dur * 15)::int AS abandon_on
  FROM plan p
), plan3 AS (
  SELECT q.*, q.acc + q.lim + q.ext AS due,
    q.acc + CASE WHEN q.r_dur > 0.93
                 THEN q.lim + q.ext + 1 + floor((q.r_dur - 0.93) / 0.07 * 40)::int
                 ELSE 10 + floor(q.r_dur / 0.93 * (q.lim + q.ext - 10))::int END AS close_on,
    q.r_stage < 0.14 AS stuck
  FROM plan2 q
), fate AS (
  SELECT r.*,
    CASE
      WHEN r.kind IN ('rejected', 'referred') THEN
        CASE WHEN r.review_end <= %(today)s THEN r.kind ELSE 'received' END
      WHEN r.kind = 'abandoned' THEN
        CASE WHEN r.abandon_on <= %(today)s THEN 'abandoned'
             WHEN r.received_on + 2 <= %(today)s THEN 'correcting' ELSE 'received' END
      WHEN r.review_end > %(today)s THEN 'received'
      WHEN r.stuck THEN CASE WHEN r.r_out < 0.65 THEN 'suspended' ELSE 'accepted' END
      WHEN r.close_on <= %(today)s THEN
        CASE WHEN r.r_out < 0.10 THEN 'terminated' ELSE 'decided' END
      ELSE 'accepted'
    END AS status
  FROM plan3 r
)
SELECT organ_id, unit_id,
  prefix || '〔' || extract(year FROM received_on)::int || '〕'
    || row_number() OVER (PARTITION BY organ_id, extract(year FROM received_on)
                          ORDER BY received_on, g) || '号',
  {name}, applicant_type, '', '', '', respondent_id, {act}, category, receipt_channel,
  received_on - CASE WHEN receipt_channel = 'mail' THEN 1 + floor(r_misc * 3)::int ELSE 0 END,
  received_on, law, status, received_on,
  CASE WHEN status IN ('correcting', 'abandoned') THEN corr_due END,
  CASE WHEN status IN ('accepted', 'suspended', 'decided', 'terminated') THEN acc END,
  false,
  CASE WHEN simplified THEN 'simplified' ELSE 'ordinary' END,
  CASE WHEN r_misc > 0.97 AND status IN ('accepted', 'decided', 'terminated') THEN 'hearing'
       ELSE 'written' END,
  CASE WHEN r_misc > 0.97 AND status IN ('accepted', 'decided', 'terminated')
       THEN LEAST(acc + 20, %(today)s) END,
  CASE WHEN status IN ('accepted', 'suspended', 'decided', 'terminated') THEN ext ELSE 0 END,
  CASE WHEN status IN ('accepted', 'suspended', 'decided', 'terminated') THEN due END,
  CASE status WHEN 'received' THEN received_on + 7 WHEN 'correcting' THEN corr_due
              WHEN 'accepted' THEN due END,
  CASE status WHEN 'received' THEN '受理审查' WHEN 'correcting' THEN '补正期限'
              WHEN 'accepted' THEN '作出决定' ELSE '' END,
  CASE status WHEN 'rejected' THEN review_end WHEN 'referred' THEN review_end
              WHEN 'abandoned' THEN abandon_on WHEN 'decided' THEN close_on
              WHEN 'terminated' THEN close_on END,
  CASE status WHEN 'terminated' THEN 'terminated' WHEN 'decided' THEN {outcome} ELSE '' END,
  CASE status WHEN 'rejected' THEN '超过法定申请期限' WHEN 'referred' THEN '告知向有权机关提出'
              ELSE '' END,
  NULL, '', now(), now()
FROM fate
"""

# OPEN: every case open; the next due date decides the rest (10%% overdue, by up to 300 days).
_OPEN = """
WITH base AS (
  SELECT g, {randoms} FROM generate_series(1, %(n)s) g
), who AS (
  SELECT b.*, {who},
    CASE WHEN b.r_stage < 0.03 THEN 'received' WHEN b.r_stage < 0.06 THEN 'correcting'
         WHEN b.r_stage < 0.16 THEN 'suspended' ELSE 'accepted' END AS status,
    CASE WHEN b.r_fate < %(overdue)s THEN %(today)s - 1 - floor(b.r_dur * 300)::int
         ELSE %(today)s + floor(b.r_dur * 60)::int END AS due
  FROM base b JOIN bench_county c ON b.r_county >= c.lo AND b.r_county < c.hi
), dated AS (
  SELECT w.*,
    CASE w.status WHEN 'received' THEN w.due - 7 WHEN 'correcting' THEN w.due - 16
                  WHEN 'accepted' THEN w.due - 63
                  ELSE %(today)s - 70 - floor(w.r_misc * 200)::int END AS received_on
  FROM who w
), lived AS (
  SELECT d.*, CASE WHEN d.received_on >= DATE '2024-01-01' THEN '2023' ELSE '2017' END AS law,
    CASE WHEN d.status = 'accepted' THEN d.due - 60 ELSE d.received_on + 3 END AS acc
  FROM dated d
)
SELECT organ_id, unit_id,
  prefix || '〔' || extract(year FROM received_on)::int || '〕'
    || row_number() OVER (PARTITION BY organ_id, extract(year FROM received_on)
                          ORDER BY received_on, g) || '号',
  {name}, applicant_type, '', '', '', respondent_id, {act}, category, receipt_channel,
  received_on, received_on, law, status, received_on,
  CASE WHEN status = 'correcting' THEN due END,
  CASE WHEN status IN ('accepted', 'suspended') THEN acc END,
  false, 'ordinary', 'written', NULL, 0,
  CASE WHEN status IN ('accepted', 'suspended') THEN acc + 60 END,
  CASE WHEN status = 'suspended' THEN NULL ELSE due END,
  CASE status WHEN 'received' THEN '受理审查' WHEN 'correcting' THEN '补正期限'
              WHEN 'accepted' THEN '作出决定' ELSE '' END,
  NULL, '', '', NULL, '', now(), now(),
  copy_sent, copy_sent + 2, CASE WHEN copy_sent + 10 <= %(today)s THEN copy_sent + 10 END,
  CASE WHEN copy_sent + 10 <= %(today)s THEN true END
FROM (
  -- the 申请书副本 sent within the 7 工作日 of 2023 art. 48 once the case is a few days old, and
  -- the 被申请人's answer ten days after: a case stays "copy not sent" only in its first days
  SELECT l.*, CASE WHEN l.status IN ('accepted', 'suspended') AND l.acc + 4 <= %(today)s
                   THEN l.acc + 1 + floor(l.r_misc * 3)::int END AS copy_sent
  FROM lived l
) s
"""
_OPEN_COLUMNS = ", copy_sent_on, copy_served_on, replied_on, reply_with_evidence"

_NAME = """CASE applicant_type
    WHEN 'person' THEN (ARRAY['李','王','张','刘','陈','杨','赵','黄','周','普','者','施'])
                       [1 + floor(r_name * 12)::int] || '某' || (g %% 997)
    WHEN 'private_enterprise' THEN '红河' || (g %% 9973) || '商贸有限公司'
    ELSE '某某合作社' || (g %% 997) END"""
_ACT = """(ARRAY['行政处罚决定','行政强制措施','不予登记决定','政府信息公开答复','工伤认定决定',
    '征收补偿决定','不履行法定职责','行政许可决定'])[1 + floor(r_cat * 8)::int]"""
# 维持 42%, 驳回 22%, 撤销 12%, 变更 2%, 确认违法 7%, 确认无效 1% (2023 law only), 责令履行 4%,
# 调解 6%, 和解 4% of the decided cases.
_OUTCOME = """CASE WHEN (r_out - 0.10) / 0.9 < 0.42 THEN 'upheld'
    WHEN (r_out - 0.10) / 0.9 < 0.64 THEN 'dismissed'
    WHEN (r_out - 0.10) / 0.9 < 0.76 THEN 'revoked'
    WHEN (r_out - 0.10) / 0.9 < 0.78 THEN 'varied'
    WHEN (r_out - 0.10) / 0.9 < 0.85 THEN 'confirmed_illegal'
    WHEN (r_out - 0.10) / 0.9 < 0.86 THEN CASE WHEN law = '2023' THEN 'confirmed_invalid'
                                               ELSE 'confirmed_illegal' END
    WHEN (r_out - 0.10) / 0.9 < 0.90 THEN 'ordered_performance'
    WHEN (r_out - 0.10) / 0.9 < 0.96 THEN 'mediated' ELSE 'settled' END"""


def _defaults_for_unlisted_columns(cursor, table: str, model_name: str, columns: str) -> list:
    """Columns the table gained after this generator was written (NOT NULL, with a Django
    default such as "" or false) get that default in the database for the load: Django keeps
    defaults in Python, and the INSERT below lists only the columns it fills."""
    from django.apps import apps

    model = apps.get_model("reconsideration", model_name)
    listed = {name.strip().strip('"') for name in columns.split(",")}
    missing = []
    for column in model._meta.concrete_fields:
        if column.primary_key or column.null or column.column in listed:
            continue
        cursor.execute(
            f'ALTER TABLE {table} ALTER COLUMN "{column.column}" SET DEFAULT '
            + _literal(column.get_default())
        )
        missing.append((table, column.column))
    return missing


def _literal(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def _sql(shape: str) -> str:
    template = _HISTORY if shape == HISTORY else _OPEN
    columns = _COLUMNS + ("" if shape == HISTORY else _OPEN_COLUMNS)
    return f"INSERT INTO {CASES} ({columns})\n" + template.format(
        randoms=", ".join(f"random() AS {r}" for r in _RANDOMS),
        who=_WHO,
        name=_NAME,
        act=_ACT,
        outcome=_OUTCOME,
    )


def _secondary_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """Indexes that back no constraint: dropped during the load and built again after."""
    cursor.execute(
        "SELECT ci.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " JOIN pg_class ci ON ci.oid = i.indexrelid"
        " LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid"
        " WHERE i.indrelid = %s::regclass AND k.oid IS NULL",
        [table],
    )
    return cursor.fetchall()


def _open_items(cursor) -> None:
    """The kernel's open-items rows the transition frame would have kept for these cases
    (fazhi.core.openitems), in one statement: the workbench and the badge read them."""
    from fazhi.disputes.reconsideration.models import Status

    cursor.execute(
        "INSERT INTO core_openitem (procedure, record_id, unit_id, acting_unit_id, title,"
        " status, due_on, due_label, changed_at)"
        f" SELECT 'reconsideration', id, unit_id, unit_id, number || ' ' || applicant_name,"
        f" status, next_due_on, next_due_label, updated_at FROM {CASES}"
        " WHERE status = ANY(%s)",
        [list(Status.open())],
    )


def clear_cases() -> None:
    from django.db import connection

    # CASCADE: other procedures' tables refer to the cases (a disclosure request may name the
    # 复议 case it led to); a plain TRUNCATE of the cases is refused while they exist.
    with connection.cursor() as cursor:
        cursor.execute(
            f"TRUNCATE {PAUSES}, {CASES}, core_notice, core_openitem RESTART IDENTITY CASCADE"
        )


def generate(
    org: Org,
    n: int,
    shape: str = HISTORY,
    *,
    today: dt.date | None = None,
    overdue: float = 0.11,
    seed: float = 0.2021,
    first: dt.date = dt.date(2019, 1, 1),
    log=print,
) -> dict:
    """Insert n cases (and the open 补正/中止 pauses), rebuild the indexes, VACUUM ANALYZE.
    Returns the seconds each stage took."""
    from django.db import connection, transaction
    from django.utils import timezone

    today = today or timezone.localdate()
    timings = {}
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        _county_table(cursor, org)
        indexes = [] if n < 100_000 else _secondary_indexes(cursor, CASES)
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        # Skip the deferred FK triggers for this bulk load (ids come from the org just made).
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SELECT setseed(%s)", [seed])
        params = {
            "n": n,
            "today": today,
            "first": first,
            "span": (today - first).days + 1,
            "overdue": overdue,
        }
        missing = _defaults_for_unlisted_columns(cursor, CASES, "ReconsiderationCase", _COLUMNS)
        missing += _defaults_for_unlisted_columns(
            cursor, PAUSES, "CasePause", 'case_id, kind, start, "end", reason'
        )
        cursor.execute(_sql(shape), params)
        timings["insert"] = time.perf_counter() - began
        log(f"  inserted {n:,} cases in {timings['insert']:.1f} s")
        cursor.execute(
            f'INSERT INTO {PAUSES} (case_id, kind, start, "end", reason)'
            f" SELECT id, 'correction', received_on + 2, NULL, '补正申请材料' FROM {CASES}"
            f"  WHERE status = 'correcting'"
            f" UNION ALL SELECT id, 'correction', received_on + 2, correction_due_on,"
            f"  '补正申请材料' FROM {CASES} WHERE status = 'abandoned'"
            f" UNION ALL SELECT id, 'suspension', LEAST(accepted_on + 10, %s), NULL,"
            f"  '等待相关案件审理结果' FROM {CASES} WHERE status = 'suspended'",
            [today],
        )
        _open_items(cursor)
        for table, column in missing:
            cursor.execute(f'ALTER TABLE {table} ALTER COLUMN "{column}" DROP DEFAULT')
        mark = time.perf_counter()
        for _, definition in indexes:
            cursor.execute(definition)
        timings["indexes"] = time.perf_counter() - mark
        if indexes:
            log(f"  rebuilt {len(indexes)} indexes in {timings['indexes']:.1f} s")
        cursor.execute("DROP TABLE bench_county")
    mark = time.perf_counter()
    with connection.cursor() as cursor:  # autocommit: VACUUM cannot run in a transaction
        cursor.execute(f"VACUUM ANALYZE {CASES}")
        cursor.execute(f"VACUUM ANALYZE {PAUSES}")
        # the open items too: left to autovacuum, it ran during the first URL's load minutes later
        cursor.execute("VACUUM ANALYZE core_openitem")
        cursor.execute("ANALYZE core_orgunit")
    timings["vacuum_analyze"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - began
    log(
        f"  VACUUM ANALYZE {timings['vacuum_analyze']:.1f} s;"
        f" generation total {timings['total']:.1f} s"
    )
    return timings


def describe() -> list[tuple[str, int]]:
    """How the generated cases are spread: count per status, and the overdue ones."""
    from django.db import connection
    from django.utils import timezone

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT status, count(*) FROM {CASES} GROUP BY status ORDER BY 2 DESC")
        rows = list(cursor.fetchall())
        cursor.execute(
            f"SELECT count(*) FROM {CASES} WHERE status IN"
            " ('received','correcting','accepted','suspended') AND next_due_on < %s",
            [timezone.localdate()],
        )
        rows.append(("(overdue)", cursor.fetchone()[0]))
    return rows
