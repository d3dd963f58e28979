"""History of 行政执法案件 from XLSX or CSV, one row a case, replayed through the same service
functions as the pages (立案 with its officers → 调查 → [重大, 法制审核] → [告知] → 决定 → 送达 →
公示 → 备案 → 结案), so every imported case has its clocks, its 法制审核 rows and its audit rows
as if handled on the platform. Row errors: a unit of another government, an officer unknown in
the unit or without a certificate valid for the field on the day of 立案, a bad date, an unknown
choice, dates out of order, a 重大 decision without its 法制审核."""

from collections import defaultdict

from fazhi.core.audit import Channel
from fazhi.core.authority import within_government
from fazhi.core.imports import Column, Importer
from fazhi.core.imports.parsers import boolean, choice, date, text, unit_by_code
from fazhi.enforcement.officers.queries import EnforcementField, lacking_certificate, officers_named

from . import rules, services
from .models import CaseKind, Criterion, CriterionCategory, Outcome, PartyKind, ReviewOpinion

SEPARATORS = ("、", ",", "，", ";", "；")


def officer_names(cell: str) -> list[str]:
    for sep in SEPARATORS[1:]:
        cell = cell.replace(sep, SEPARATORS[0])
    return [name.strip() for name in cell.split(SEPARATORS[0]) if name.strip()]


class CaseImporter(Importer):
    kind = "enforcement"
    label = "行政执法案件"
    columns = [
        Column("执法部门代码", "unit", unit_by_code, example="532504-scjgj"),
        Column("执法类别", "kind", choice(CaseKind), example="行政处罚"),
        Column("执法领域", "field", choice(EnforcementField), example="市场监管"),
        Column("案号", "number", text(60), required=False, default=""),
        Column("案由(事项)", "title", text(200), example="销售过期食品案"),
        Column("当事人类型", "party_kind", choice(PartyKind), example="法人或者其他组织"),
        Column("当事人", "party_name", text(200), example="弥勒市某某超市"),
        Column(
            "身份证号码或统一社会信用代码", "party_id_number", text(18), required=False, default=""
        ),
        Column("立案日期", "opened_on", date, example="2021-03-02"),
        Column(
            "执法人员",
            "officers",
            text(300),
            help="不少于两人，以顿号分隔",
            example="张执法、李执法",
        ),
        Column("调查终结日期", "concluded_on", date, required=False),
        Column("重大执法决定", "major", boolean, required=False, default=False),
        Column("法制审核情形", "category", choice(CriterionCategory), required=False, default=""),
        Column("法制审核日期", "reviewed_on", date, required=False),
        Column("告知日期", "notified_on", date, required=False),
        Column("决定日期", "decided_on", date, required=False),
        Column("决定结果", "outcome", choice(Outcome), required=False, default=""),
        Column("决定内容", "conclusion", text(500), required=False, default=""),
        Column("送达日期", "served_on", date, required=False),
        Column("公示日期", "published_on", date, required=False),
        Column("报送备案日期", "filing_on", date, required=False),
        Column("结案日期", "closed_on", date, required=False),
    ]
    actor_needed = "执法案件按导入人的身份逐件立案并办理。"

    def check_row(self, values: dict) -> list[tuple[str | None, str]]:
        problems = []
        v = values
        order = [
            ("opened_on", "concluded_on"),
            ("concluded_on", "reviewed_on"),
            ("reviewed_on", "notified_on"),
            ("concluded_on", "notified_on"),
            ("opened_on", "decided_on"),
            ("reviewed_on", "decided_on"),
            ("notified_on", "decided_on"),
            ("decided_on", "served_on"),
            ("decided_on", "published_on"),
            ("decided_on", "filing_on"),
            ("served_on", "closed_on"),
        ]
        for before, after in order:
            if v[before] and v[after] and v[after] < v[before]:
                problems.append((self.header_of(after), f"不能早于{self.header_of(before)}"))
        if len(officer_names(v["officers"])) < rules.MIN_OFFICERS:
            problems.append(("执法人员", f"执法人员不得少于两人({rules.ART_OFFICERS})"))
        if v["decided_on"] and not (v["outcome"] and v["conclusion"]):
            problems.append(("决定结果", "作出决定的应填写决定结果和决定内容"))
        if v["major"] and not v["category"]:
            problems.append(("法制审核情形", "重大执法决定应填写适用的法制审核情形"))
        if v["major"] and v["decided_on"] and not v["reviewed_on"]:
            problems.append(
                ("法制审核日期", f"重大执法决定未经法制审核不得作出决定({rules.ART_REVIEW})")
            )
        penalty = v["kind"] == CaseKind.PENALTY and v["outcome"] == Outcome.PENALTY
        if penalty and v["decided_on"] and not v["notified_on"]:
            problems.append(("告知日期", f"作出行政处罚决定前应当告知当事人({rules.ART_NOTICE})"))
        if v["filing_on"] and not v["major"]:
            problems.append(("报送备案日期", "只有重大执法决定需要报送备案"))
        for name in ("served_on", "published_on", "filing_on"):
            if v[name] and not v["decided_on"]:
                problems.append((self.header_of(name), "尚未作出决定"))
        if v["closed_on"] and not v["served_on"]:
            problems.append(("结案日期", "决定送达后方可结案"))
        return problems

    def check_batch(self, rows):
        missing_actor = super().check_batch(rows)
        if missing_actor:
            return missing_actor
        problems = []
        header = self.header_of("unit")
        mine = []
        for number, row in rows:
            if row["unit"] is not None and not within_government(self.actor, row["unit"]):
                problems.append(
                    (
                        number,
                        header,
                        f"“{row['unit']}”不属于{self.actor.unit.government()}，不能导入",
                    )
                )
            elif row["unit"] is not None:
                mine.append((number, row))
        # officers: one query for the names, one per (field, day) for the certificates
        units = {row["unit"].pk for _, row in mine}
        names = {n for _, row in mine for n in officer_names(row["officers"])}
        found = defaultdict(list)
        for officer in officers_named(units, names):
            found[(officer.unit_id, officer.name)].append(officer)
        groups = defaultdict(list)
        for number, row in mine:
            officers = []
            for name in officer_names(row["officers"]):
                match = found.get((row["unit"].pk, name))
                if not match:
                    problems.append((number, "执法人员", f"{row['unit']}没有执法人员“{name}”"))
                else:
                    officers.append(match[0])
            groups[(row["field"], row["opened_on"])].append((number, officers))
        for (field, on), entries in groups.items():
            everyone = {o.pk: o for _, officers in entries for o in officers}
            lacking = {o.pk for o in lacking_certificate(everyone.values(), field, on)}
            for number, officers in entries:
                bad = [o.name for o in officers if o.pk in lacking]
                if bad:
                    problems.append(
                        (
                            number,
                            "执法人员",
                            f"{'、'.join(bad)}在立案日未持有本领域有效执法证件({rules.ART_OFFICERS})",
                        )
                    )
        criteria = {
            (c.unit_id, c.category)
            for c in Criterion.objects.filter(
                unit_id__in=units, published_on__isnull=False, removed_on__isnull=True
            )
        }
        for number, row in mine:
            if row["major"] and (row["unit"].pk, row["category"]) not in criteria:
                problems.append(
                    (number, "法制审核情形", f"{row['unit']}的目录清单中没有该情形的已公布事项")
                )
        return problems

    def replay(self, row: dict, actor) -> None:
        c = self.channel or Channel.IMPORT
        unit = row["unit"]
        names = officer_names(row["officers"])
        officers = list(officers_named([unit.pk], names))
        case = services.open_case(
            actor,
            c,
            officers=officers,
            unit=unit,
            kind=row["kind"],
            field=row["field"],
            title=row["title"],
            number=row["number"],
            party_kind=row["party_kind"],
            party_name=row["party_name"],
            party_id_number=row["party_id_number"],
            opened_on=row["opened_on"],
        )
        concluded = row["concluded_on"] or row["reviewed_on"] or row["decided_on"]
        if not concluded:
            return
        case = services.investigate(actor, c, case, on=row["opened_on"])
        case = services.conclude(actor, c, case, on=concluded)
        if row["major"]:
            criterion = Criterion.objects.filter(
                unit=unit, category=row["category"], published_on__isnull=False
            ).first()
            case = services.mark_major(actor, c, case, criterion=criterion, on=row["opened_on"])
        if row["reviewed_on"]:
            case = services.send_review(actor, c, case, on=row["reviewed_on"])
            case = services.review(
                actor, c, case, opinion=ReviewOpinion.AGREE, on=row["reviewed_on"]
            )
        if row["notified_on"] and row["kind"] == CaseKind.PENALTY:
            case = services.notify(actor, c, case, on=row["notified_on"])
        if not row["decided_on"]:
            return
        case = services.decide(
            actor,
            c,
            case,
            outcome=row["outcome"],
            on=row["decided_on"],
            conclusion=row["conclusion"],
        )
        if row["served_on"]:
            case = services.serve(actor, c, case, served_on=row["served_on"])
        if row["published_on"]:
            case = services.publish(actor, c, case, on=row["published_on"])
        if row["filing_on"]:
            case = services.file_major(actor, c, case, on=row["filing_on"])
        if row["closed_on"]:
            services.close(actor, c, case, on=row["closed_on"])
