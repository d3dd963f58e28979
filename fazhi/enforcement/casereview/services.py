"""Every state change of 案卷评查, each run through the transition table (steps.py): plan the
campaign, edit its 评查标准, commit and take the kernel's verifiable random draw (the drawn files
become 评查案卷 rows), score a file item by item, send its result back, record the 整改情况."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from fazhi.core import audit, draws
from fazhi.core.calendar import CalendarYearUnknown
from fazhi.core.clocks import ClockError, due_date
from fazhi.core.steps import Frame
from fazhi.core.workflow import Refusal, require_date
from fazhi.enforcement.cases import queries as case_queries

from . import queries, rules
from .models import Campaign, CampaignStatus, FileStatus, ReviewFile, RubricItem, Score
from .steps import FILE_STEPS, KIND, STEPS

CAMPAIGN_AUDITED = (
    "status",
    "title",
    "year",
    "per_department",
    "total",
    "draw",
    "committed_on",
    "drawn_on",
    "finished_on",
)
FILE_AUDITED = (
    "status",
    "reviewer",
    "scored_on",
    "total",
    "percent",
    "grade",
    "findings",
    "sent_on",
    "rectify_due_on",
    "rectification",
    "rectified_on",
)
_LINE = re.compile(r"^(.+?)[\s:：,，]+(\d+(?:\.\d)?)\s*分?$")


# --- the campaign -----------------------------------------------------------------------------


def parse_rubric(text: str) -> list[tuple[str, Decimal]]:
    """ "项目名称 分值" per line → [(name, max_points)]; refuses a line it cannot read."""
    items = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = _LINE.match(line)
        if not match:
            raise Refusal(f"评查标准第{n}行“{line}”无法识别：应为“项目名称 分值”。")
        name, points = match.group(1).strip(), Decimal(match.group(2))
        if not 0 < points <= 1000:
            raise Refusal(f"评查标准第{n}行“{name}”的分值应大于0。")
        if len(name) > 60:
            raise Refusal(f"评查标准第{n}行的项目名称过长(上限60字)。")
        if any(name == other for other, _ in items):
            raise Refusal(f"评查标准中“{name}”重复。")
        items.append((name, points))
    if not items:
        raise Refusal("评查标准至少应有一个评查项目。")
    return items


def _check_plan(campaign, departments, per_department, total, reviewers) -> None:
    if not departments:
        raise Refusal("请选择被评查的执法部门。")
    if not reviewers:
        raise Refusal("请确定评查人员。")
    if bool(per_department) == bool(total):
        raise Refusal("每部门抽取案卷数与抽取案卷总数须填写一项(只填一项)。")
    if total and total < len(departments):
        raise Refusal(f"抽取总数({total})少于被评查部门数({len(departments)})：每部门至少一卷。")
    government = campaign.unit.government()
    for unit in departments:
        if not unit.path.startswith(government.path):
            raise Refusal(f"“{unit}”不在本级政府范围内，不能列为被评查部门。")
    for user in reviewers:
        if not (user.unit_id and user.unit.path.startswith(government.path)):
            raise Refusal(f"评查人员“{user}”不在本级政府范围内。")


def _rubric_rows(campaign, items):
    return [
        RubricItem(campaign=campaign, order=n, name=name, max_points=points)
        for n, (name, points) in enumerate(items, start=1)
    ]


def plan_campaign(actor, channel: str, data: dict) -> Campaign:
    """制定评查方案: by the 评查组织单位 for its government's departments."""
    require_date(data["planned_on"], label="方案制定日期")
    campaign = Campaign(
        unit=actor.unit,
        year=data["year"],
        title=(data.get("title") or "").strip(),
        per_department=data.get("per_department") or None,
        total=data.get("total") or None,
        planned_on=data["planned_on"],
    )
    if not campaign.title:
        raise Refusal("请填写活动名称。")
    departments, reviewers = list(data.get("departments") or []), list(data.get("reviewers") or [])
    items = parse_rubric(data.get("rubric", ""))

    def then(campaign):
        _check_plan(campaign, departments, campaign.per_department, campaign.total, reviewers)
        campaign.departments.set(departments)
        campaign.reviewers.set(reviewers)
        RubricItem.objects.bulk_create(_rubric_rows(campaign, items))
        return []

    details = {
        "departments": [u.pk for u in departments],
        "reviewers": [u.pk for u in reviewers],
        "rubric": [[name, str(points)] for name, points in items],
    }
    return STEPS.create(
        actor, channel, campaign, action="制定案卷评查方案", details=details, then=then
    )


def plan(
    actor, channel: str, campaign, *, title, departments, reviewers, per_department=None, total=None
) -> Campaign:
    details = {
        "title": title,
        "departments": [u.pk for u in departments],
        "reviewers": [u.pk for u in reviewers],
        "per_department": per_department,
        "total": total,
    }

    def change(c):
        title_ = (title or "").strip()
        if not title_:
            raise Refusal("请填写活动名称。")
        _check_plan(c, list(departments), per_department, total, list(reviewers))
        c.title, c.per_department, c.total = title_, per_department or None, total or None
        c.departments.set(departments)
        c.reviewers.set(reviewers)

    return STEPS.apply("plan", actor, channel, campaign, change, details=details)


def rubric(actor, channel: str, campaign, *, rubric: str) -> Campaign:
    """编辑评查标准: until the draw is committed (the table allows it only while 制定方案)."""
    details = {}

    def change(c):
        items = parse_rubric(rubric)
        c.items.all().delete()
        RubricItem.objects.bulk_create(_rubric_rows(c, items))
        details["rubric"] = [[name, str(points)] for name, points in items]

    return STEPS.apply("rubric", actor, channel, campaign, change, details=details)


def pool(campaign) -> list[draws.Entry]:
    """The chosen departments' cases closed in the campaign's year: key = case id, stratum =
    the department's name."""
    cases = queries.closed_cases(list(campaign.departments.all()), campaign.year)
    # The pool is published (/chouqu/): a case without its 案号 by its 案由 as the 执法公示 shows it
    return [
        draws.Entry(str(c.pk), c.number or case_queries.public_text(c, c.title), c.unit.name)
        for c in cases
    ]


def draw_parameters(campaign) -> dict:
    if campaign.total:
        return {"total": campaign.total, "at_least_one_per_stratum": True}
    strata = sorted({unit.name for unit in campaign.departments.all()})
    return {"per_stratum": dict.fromkeys(strata, campaign.per_department)}


def commit(
    actor,
    channel: str,
    campaign,
    *,
    seed_method: str,
    on: dt.date,
    seed_commitment: str = "",
    public_source: str = "",
    public_source_on: dt.date | None = None,
) -> Campaign:
    """公示随机抽取: the pool, parameters and seed source fixed and published (the kernel's
    draws.commit). A draw whose constraints cannot be met is refused by the kernel with its
    message (e.g. a department with fewer closed files than asked)."""
    details = {}

    def change(c):
        require_date(on, label="公示日期", not_before=c.planned_on, before_label="方案制定日期")
        if not c.items.exists():
            raise Refusal("评查标准尚无评查项目，不能公示抽取。")
        seed = {"seed_commitment": seed_commitment}
        if seed_method == "public_source":
            seed = {"public_source": public_source, "public_source_on": public_source_on}
        entries = pool(c)
        missing = {u.name for u in c.departments.all()} - {e.stratum for e in entries}
        if missing:
            raise Refusal(
                f"无法公示抽取：{'、'.join(sorted(missing))}在{c.year}年没有已结案卷可供抽取。"
            )
        made = draws.commit(
            actor,
            channel,
            unit=c.unit,
            purpose=f"{c.title}：抽取{c.year}年度已结行政执法案卷",
            kind=KIND,
            entries=entries,
            **draw_parameters(c),
            **seed,
        )
        c.draw, c.committed_on, c.status = made, on, CampaignStatus.COMMITTED
        details.update(draw=made.pk, pool_sha256=made.pool_sha256, pool_size=made.pool_size)

    return STEPS.apply("commit", actor, channel, campaign, change, details=details, on=on)


def draw(
    actor, channel: str, campaign, *, on: dt.date, seed: str = "", public_values: str = ""
) -> Campaign:
    """随机抽取案卷: the kernel reveals the seed (or reads the public numbers) and draws; each
    selected case becomes a 评查案卷 of the department that handled it."""
    details = {}

    def change(c):
        require_date(on, label="抽取日期", not_before=c.committed_on, before_label="公示日期")
        drawn = draws.reveal_and_draw(
            actor, channel, c.draw, seed=seed or None, public_values=public_values or None
        )
        c.draw, c.drawn_on, c.status = drawn, on, CampaignStatus.REVIEWING
        details.update(draw=drawn.pk, selection=drawn.selection)

    def then(c):
        cases = queries.case_model().objects.filter(pk__in=[int(k) for k in c.draw.selection])
        files = [
            ReviewFile(
                campaign=c, case=case, unit_id=case.unit_id, year=c.year, drawn_on=c.drawn_on
            )
            for case in cases.order_by("pk")
        ]
        FILE_STEPS.create_many(actor, channel, files, action="抽中评查案卷")
        return []

    return STEPS.apply("draw", actor, channel, campaign, change, details=details, on=on, then=then)


def finish(actor, channel: str, campaign, *, on: dt.date) -> Campaign:
    def change(c):
        require_date(on, label="评查完成日期", not_before=c.drawn_on, before_label="抽取日期")
        c.finished_on, c.status = on, CampaignStatus.DONE

    return STEPS.apply("finish", actor, channel, campaign, change, on=on)


# --- a file -----------------------------------------------------------------------------------


def score(actor, channel: str, file, *, scored_on: dt.date, findings: str = "", **values):
    """评分: the reviewer's points (at most each item's 分值) and comment per item of the
    rubric; the total, its 百分制 and the grade by the settings' lines (rules.py)."""
    details, rows = {}, []

    def change(f):
        require_date(
            scored_on, label="评分日期", not_before=f.campaign.drawn_on, before_label="抽取日期"
        )
        items = list(f.campaign.items.all())
        expected = {f"item_{i.pk}" for i in items} | {f"comment_{i.pk}" for i in items}
        unknown = set(values) - expected
        if unknown:
            raise Refusal(f"评分中有不属于本次评查标准的项目：{'、'.join(sorted(unknown))}。")
        total = maximum = Decimal(0)
        for item in items:
            points = _points(values.get(f"item_{item.pk}"), item)
            comment = (values.get(f"comment_{item.pk}") or "").strip()[:500]
            rows.append(Score(file=f, item=item, points=points, comment=comment))
            total, maximum = total + points, maximum + item.max_points
        percent = (total * 100 / maximum).quantize(Decimal("0.1"))
        f.reviewer, f.scored_on, f.findings = actor, scored_on, (findings or "").strip()
        f.total, f.max_total, f.percent = total, maximum, percent
        f.grade, f.status = rules.grade(percent), FileStatus.SCORED
        details["scores"] = [[r.item.name, str(r.points), r.comment] for r in rows]

    def then(f):
        Score.objects.bulk_create(rows)
        return []

    return FILE_STEPS.apply(
        "score", actor, channel, file, change, details=details, on=scored_on, then=then
    )


def _points(value, item) -> Decimal:
    if value in (None, ""):
        raise Refusal(f"请填写“{item.name}”的得分。")
    try:
        points = Decimal(str(value))
    except InvalidOperation as exc:
        raise Refusal(f"“{item.name}”的得分“{value}”不是数字。") from exc
    if points < 0:
        raise Refusal(f"“{item.name}”的得分不能为负数。")
    if points > item.max_points:
        raise Refusal(
            f"“{item.name}”的得分({points})超过该项分值({item.max_points})：按评查标准，"
            "每项得分不得超过其分值。"
        )
    return points.quantize(Decimal("0.1"))


def send(actor, channel: str, file, *, on: dt.date):
    """反馈评查结果: with 整改事项 the department has the period of rules.rectify_limit() to
    record its 整改情况; without, the file is 已反馈(无需整改)."""

    def change(f):
        require_date(on, label="反馈日期", not_before=f.scored_on, before_label="评分日期")
        f.sent_on = on
        f.status = FileStatus.RECTIFYING if f.findings else FileStatus.RETURNED

    return FILE_STEPS.apply("send", actor, channel, file, change, on=on)


def rectify(actor, channel: str, file, *, rectification: str, on: dt.date):
    def change(f):
        require_date(on, label="整改完成日期", not_before=f.sent_on, before_label="反馈日期")
        text = (rectification or "").strip()
        if not text:
            raise Refusal("请填写整改情况。")
        f.rectification, f.rectified_on, f.status = text, on, FileStatus.RECTIFIED

    return FILE_STEPS.apply(
        "rectify", actor, channel, file, change, details={"rectification": rectification}, on=on
    )


# --- frames -----------------------------------------------------------------------------------


def refresh_campaign(campaign) -> None:
    campaign.next_due_on, campaign.next_due_label = None, ""


def refresh_file(file) -> None:
    if file.status == FileStatus.RECTIFYING and file.sent_on:
        try:
            file.rectify_due_on = due_date(file.sent_on, rules.rectify_limit())
        except (ClockError, CalendarYearUnknown) as exc:
            raise Refusal(f"无法计算整改期限：{exc}") from exc
        file.next_due_on, file.next_due_label = file.rectify_due_on, "登记整改情况"
    else:
        file.next_due_on, file.next_due_label = None, ""


FRAME = Frame(
    snapshot=lambda obj: audit.snapshot(
        obj, CAMPAIGN_AUDITED if isinstance(obj, Campaign) else FILE_AUDITED
    ),
    refresh_due=lambda obj: (refresh_campaign if isinstance(obj, Campaign) else refresh_file)(obj),
    default_on=lambda obj: (
        obj.planned_on if isinstance(obj, Campaign) else (obj.scored_on or obj.drawn_on)
    ),
)


# --- history (imports.py) ---------------------------------------------------------------------

HISTORY_RUBRIC = [("总分", Decimal(100))]


def historical_campaign(actor, channel: str, *, year: int, title: str, on: dt.date) -> Campaign:
    """The campaign a historical result belongs to: found by (organising unit, year, title), or
    created (评查中, with the one-item rubric "总分 100", no draw: it was made before the
    platform)."""
    found = Campaign.objects.filter(unit=actor.unit, year=year, title=title).first()
    if found:
        return found
    require_date(on, label="评分日期")
    campaign = Campaign(
        unit=actor.unit, year=year, title=title, planned_on=on, status=CampaignStatus.REVIEWING
    )

    def then(c):
        RubricItem.objects.bulk_create(_rubric_rows(c, HISTORY_RUBRIC))
        return []

    return STEPS.create(actor, channel, campaign, action="导入历史案卷评查活动", then=then)


def import_result(
    actor,
    channel: str,
    campaign,
    *,
    case,
    points: Decimal,
    scored_on: dt.date,
    findings: str = "",
    sent_on: dt.date | None = None,
    rectification: str = "",
    rectified_on: dt.date | None = None,
) -> ReviewFile:
    """One historical result: the file with its total on the one-item rubric, graded by the
    current lines, and its 反馈 and 整改 as recorded."""
    require_date(scored_on, label="评分日期")
    item = campaign.items.order_by("order").first()
    if item is None or points > item.max_points:
        raise Refusal(f"得分({points})超过评查标准的满分。")
    percent = (points * 100 / item.max_points).quantize(Decimal("0.1"))
    status = FileStatus.SCORED
    if sent_on:
        require_date(sent_on, label="反馈日期", not_before=scored_on, before_label="评分日期")
        status = FileStatus.RECTIFYING if findings else FileStatus.RETURNED
    if rectified_on:
        require_date(
            rectified_on, label="整改完成日期", not_before=sent_on, before_label="反馈日期"
        )
        status = FileStatus.RECTIFIED
    file = ReviewFile(
        campaign=campaign,
        case=case,
        unit_id=case.unit_id,
        year=campaign.year,
        drawn_on=scored_on,
        status=status,
        scored_on=scored_on,
        total=points,
        max_total=item.max_points,
        percent=percent,
        grade=rules.grade(percent),
        findings=findings,
        sent_on=sent_on,
        rectification=rectification,
        rectified_on=rectified_on,
    )

    def then(f):
        Score.objects.create(file=f, item=item, points=points)
        return []

    return FILE_STEPS.create(
        actor, channel, file, action="导入历史评查结果", on=scored_on, then=then
    )
