"""Officers and their 执法证 from XLSX or CSV (the provincial 云南省行政执法证件管理系统's export,
one row per certificate: the officer and the card), and the attendance list of a training,
replayed through the same service functions as the pages.

- 执法人员和执法证 (`enforcement_officers`): an officer is found by 身份证号 among the officers in
  post of the row's unit, or registered (`register_officers_many`), then each card is issued
  (`issue_many`: a card whose 有效期 has run out is recorded as 过期). Certificates are the
  government's: only a coordinator (统筹协调) imports them.
- 培训签到名单 (`enforcement_training_attendance`): one row per attendee of one training (its
  date and topic on each row); an attendee who is a registered officer is linked by 身份证号, so
  the training counts towards their annual 学时.

Every row is the importing user's own act, checked by the transition tables as on the page: a row
naming a unit the user does not act for — another county's above all — is an error of that row.
"""

from fazhi.core.audit import Channel
from fazhi.core.authority import acts_for
from fazhi.core.imports import (
    Column,
    Importer,
    Number,
    RowWriteError,
    choice,
    date,
    text,
    unit_by_code,
)
from fazhi.core.models import Role

from . import services
from .models import (
    AttendeeRole,
    Certificate,
    EnforcementField,
    Officer,
    OfficerStatus,
    Team,
    TeamStatus,
)

UNIT = "执法部门代码"


def _unit_refusal(actor, unit) -> str:
    if acts_for(actor, unit):
        return ""
    return f"单位“{unit}”不是您所在单位(或您统筹的政府所属单位)，不能导入。"


class Hours(Number):
    def __init__(self):
        super().__init__(
            "学时数",
            valid=lambda v: 0 < v <= 200,
            range_reason="学时应大于0且不超过200",
            hint="学时，如 8 或 3.5",
        )


class OfficerImporter(Importer):
    kind = "enforcement_officers"
    label = "执法人员和执法证"
    actor_needed = "执法证由导入人(本级政府统筹协调人员)登记发证。"
    key_columns = ("number",)  # 证号: unique in the file and the ledger
    model = Certificate
    columns = [
        Column(UNIT, "unit", unit_by_code, example="532504-scjgj"),
        Column("姓名", "name", text(50), example="张三"),
        Column("身份证号", "id_number", text(18), example="532526198001011234"),
        Column("联系电话", "phone", text(20), required=False, default=""),
        Column("职务(岗位)", "post", text(60), required=False, default=""),
        Column("所属执法队伍", "team", text(100), required=False, default=""),
        Column("登记日期", "registered_on", date, example="2021-03-01"),
        Column("证号", "number", text(40), example="53250421000001"),
        Column("执法领域", "field", choice(EnforcementField), example="市场监管"),
        Column("发证机关", "issuer", text(100), example="弥勒市人民政府"),
        Column("发证日期", "issued_on", date, example="2021-03-01"),
        Column("有效期至", "valid_until", date, example="2026-02-28"),
    ]

    @classmethod
    def can_import(cls, user) -> bool:
        if getattr(user, "is_superuser", False):
            return True
        return bool(getattr(user, "is_authenticated", False) and user.role == Role.COORDINATOR)

    def check_row(self, values: dict) -> list[tuple[str | None, str]]:
        if values["valid_until"] <= values["issued_on"]:
            return [("有效期至", "有效期至应晚于发证日期")]
        return []

    def write(self, rows: list[dict], actor) -> int:
        channel = self.channel or Channel.IMPORT
        for index, row in enumerate(rows):
            refusal = _unit_refusal(actor, row["unit"])
            if refusal:
                raise RowWriteError(index, refusal, UNIT)
        known = self._officers(rows)
        teams = self._teams(rows)
        new_lines, new_at, holders = [], {}, {}
        for index, row in enumerate(rows):
            key = (row["unit"].pk, row["id_number"].strip().upper())
            if key in known or key in new_at:
                continue
            team = None
            if row["team"].strip():
                team = teams.get((row["unit"].pk, row["team"].strip()))
                if team is None:
                    raise RowWriteError(
                        index, f"{row['unit']}没有名为“{row['team']}”的执法队伍", "所属执法队伍"
                    )
            new_at[key] = len(new_lines)
            new_lines.append(
                services.OfficerLine(
                    unit=row["unit"],
                    name=row["name"],
                    id_number=row["id_number"],
                    registered_on=row["registered_on"],
                    phone=row["phone"],
                    post=row["post"],
                    team=team,
                )
            )
        line_rows = [i for i, r in enumerate(rows) if self._key(r) in new_at]
        first_row = {}
        for i in line_rows:
            first_row.setdefault(self._key(rows[i]), i)
        try:
            made = services.register_officers_many(actor, channel, new_lines)
        except services.RowRefusal as exc:
            key = next(k for k, at in new_at.items() if at == exc.index)
            raise RowWriteError(first_row[key], "；".join(exc.messages), "身份证号") from exc
        for key, at in new_at.items():
            holders[key] = made[at]
        holders |= known
        lines = [
            services.CertificateLine(
                officer=holders[self._key(row)],
                number=row["number"],
                field=row["field"],
                issuer=row["issuer"],
                issued_on=row["issued_on"],
                valid_until=row["valid_until"],
            )
            for row in rows
        ]
        try:
            return len(services.issue_many(actor, channel, lines))
        except services.RowRefusal as exc:
            raise RowWriteError(exc.index, "；".join(exc.messages), "证号") from exc

    @staticmethod
    def _key(row) -> tuple:
        return (row["unit"].pk, row["id_number"].strip().upper())

    @staticmethod
    def _officers(rows) -> dict:
        units = {r["unit"].pk for r in rows}
        numbers = {r["id_number"].strip().upper() for r in rows}
        found = Officer.objects.filter(
            unit_id__in=units, id_number__in=numbers, status=OfficerStatus.IN_POST
        ).select_related("unit")
        return {(o.unit_id, o.id_number): o for o in found}

    @staticmethod
    def _teams(rows) -> dict:
        units = {r["unit"].pk for r in rows}
        found = Team.objects.filter(unit_id__in=units, status=TeamStatus.ACTIVE)
        return {(t.unit_id, t.name): t for t in found}


class AttendanceImporter(Importer):
    kind = "enforcement_training_attendance"
    label = "行政执法培训签到名单"
    actor_needed = "培训由导入人以组织单位的名义登记。"
    columns = [
        Column("组织单位代码", "organiser_unit", unit_by_code, example="532504-sfj"),
        Column("培训日期", "held_on", date, example="2021-07-02"),
        Column("培训内容", "topic", text(200), example="民法典、行政执法“三项制度”"),
        Column("主办或授课", "organiser", text(100), required=False, default=""),
        Column("学时", "hours", Hours(), example="8"),
        Column("所在单位代码", "unit", unit_by_code, example="532504-scjgj"),
        Column("姓名", "name", text(50), example="张三"),
        Column("参训身份", "role", choice(AttendeeRole), example="执法人员"),
        Column("身份证号", "id_number", text(18), required=False, default=""),
    ]

    def write(self, rows: list[dict], actor) -> int:
        channel = self.channel or Channel.IMPORT
        groups: dict = {}
        for index, row in enumerate(rows):
            for field, header in (("organiser_unit", "组织单位代码"), ("unit", "所在单位代码")):
                refusal = _unit_refusal(actor, row[field]) if field == "organiser_unit" else ""
                if field == "unit" and not row["unit"].path.startswith(
                    actor.unit.government().path
                ):
                    refusal = f"单位“{row['unit']}”不在您所在政府的范围内，不能导入。"
                if refusal:
                    raise RowWriteError(index, refusal, header)
            key = (row["organiser_unit"].pk, row["held_on"], row["topic"].strip())
            groups.setdefault(key, []).append((index, row))
        numbers = {r["id_number"].strip().upper() for r in rows if r["id_number"].strip()}
        officers = {
            (o.unit_id, o.id_number): o for o in Officer.objects.filter(id_number__in=numbers)
        }
        for members in groups.values():
            first = members[0][1]
            attendees = [
                services.Attendee(
                    unit=row["unit"],
                    name=row["name"],
                    role=row["role"],
                    officer=officers.get((row["unit"].pk, row["id_number"].strip().upper())),
                )
                for _, row in members
            ]
            data = {
                "unit": first["organiser_unit"],
                "held_on": first["held_on"],
                "topic": first["topic"],
                "organiser": first["organiser"],
                "hours": first["hours"],
            }
            try:
                services.record_training(actor, channel, data, attendees)
            except services.RowRefusal as exc:
                raise RowWriteError(members[exc.index][0], "；".join(exc.messages)) from exc
            except services.Refusal as exc:
                raise RowWriteError(members[0][0], "；".join(exc.messages)) from exc
        return len(rows)
