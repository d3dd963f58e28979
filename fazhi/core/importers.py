"""The kernel's own ledgers: the org directory (单位名录)."""

from django.core.exceptions import ValidationError

from .imports import Column, Importer, choice, integer, register, text
from .models import OrgUnit, Role, UnitKind
from .permissions import unit_in_scope
from .services import create_unit

_DIVISION_CODE_LENGTH = 6  # GB/T 2260 行政区划代码


@register
class UnitsImporter(Importer):
    """Adds org units. A parent may be an existing unit or a row earlier in the same file, so a
    whole county's tree can be loaded from one sheet, top down."""

    kind = "units"
    label = "单位名录"
    columns = [
        Column(
            "单位代码",
            "code",
            text(32),
            help="唯一；人民政府填6位行政区划代码",
            example="532504-sfj",
        ),
        Column("单位名称", "name", text(100), example="弥勒市司法局"),
        Column("类别", "kind", choice(UnitKind), example=UnitKind.DEPARTMENT.label),
        Column(
            "上级单位代码",
            "parent_code",
            text(32),
            required=False,
            help="已有单位的代码，或本文件中前面某行的单位代码；部门和乡镇必填",
            example="532504",
        ),
        Column("简称", "short_name", text(40), required=False, default="", example="司法局"),
        Column("排序", "order", integer(0, 2_147_483_647), required=False, default=0, example="10"),
    ]
    key_columns = ("code",)
    rows_depend_on_earlier_rows = True  # a parent may be a row above

    def __init__(self, actor=None, channel: str = ""):
        super().__init__(actor, channel)
        self.codes_in_file: set[str] = set()

    @classmethod
    def can_import(cls, user) -> bool:
        """The org tree is the coordinator's to keep (DESIGN.md: who uses it)."""
        if getattr(user, "is_superuser", False):
            return True
        return bool(user.is_authenticated and user.role == Role.COORDINATOR)

    def check_row(self, values: dict) -> list[tuple[str | None, str]]:
        problems = []
        is_government = values["kind"] in UnitKind.governments()
        if is_government and not _is_division_code(values["code"]):
            problems.append(("单位代码", "人民政府的单位代码应为6位行政区划代码(GB/T 2260)"))
        if not is_government and not values["parent_code"]:
            problems.append(("上级单位代码", "政府工作部门、乡镇和其他单位必须填写上级单位"))
        if values["parent_code"] and values["parent_code"] == values["code"]:
            problems.append(("上级单位代码", "上级单位不能是本单位"))
        return problems

    def check_batch(self, rows: list[tuple[int, dict]]) -> list[tuple[int, str | None, str]]:
        parents = _units_by_code(values["parent_code"] for _, values in rows)
        problems = []
        for number, values in rows:
            reason = self._parent_problem(values["parent_code"], parents)
            if reason:
                problems.append((number, "上级单位代码", reason))
            self.codes_in_file.add(values["code"])
        return problems

    def _parent_problem(self, code: str | None, parents: dict[str, OrgUnit]) -> str | None:
        if not code:
            return None if self._may_add_top_level() else "只有系统管理员可以导入顶级单位"
        if code in self.codes_in_file:
            return None  # its own parent was checked on its row
        parent = parents.get(code)
        if parent is None:
            return f"上级单位“{code}”不存在(须为已有单位，或本文件中前面的行)"
        if self.actor is not None and not self._oversees(parent):
            return f"上级单位“{parent.name}”不在您的管理范围内"
        return None

    def _may_add_top_level(self) -> bool:
        return self.actor is None or getattr(self.actor, "is_superuser", False)

    def _oversees(self, unit: OrgUnit) -> bool:
        return getattr(self.actor, "is_superuser", False) or unit_in_scope(self.actor, unit)

    def existing_keys(self, keys: set[tuple]) -> set[tuple]:
        return {(code,) for code in _units_by_code(code for (code,) in keys)}

    def write(self, rows: list[dict], actor) -> int:
        # Parents created by earlier chunks are already in the database (same transaction).
        parents = _units_by_code(row["parent_code"] for row in rows)

        def add(row: dict) -> None:
            if row["parent_code"] and row["parent_code"] not in parents:
                raise ValidationError(
                    {"parent_code": f"上级单位“{row['parent_code']}”未能导入(见它所在行的错误)"}
                )
            unit = create_unit(
                actor,
                self.channel,
                code=row["code"],
                name=row["name"],
                kind=row["kind"],
                parent=parents.get(row["parent_code"]),
                short_name=row["short_name"],
                order=row["order"],
            )
            parents[unit.code] = unit

        return self.write_each(rows, add)


def _is_division_code(code: str) -> bool:
    return len(code) == _DIVISION_CODE_LENGTH and code.isdigit()


def _units_by_code(codes) -> dict[str, OrgUnit]:
    wanted = sorted({code for code in codes if code})
    return OrgUnit.objects.in_bulk(wanted, field_name="code") if wanted else {}
