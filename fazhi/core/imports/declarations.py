"""What an app declares: its columns, its `Importer` (checks and `write()` through its services),
registered by kind."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DataError, IntegrityError, models
from django.utils.module_loading import autodiscover_modules

from ..models import Role
from ..procedures import all_procedures, resolve

FILE_ROW = 0  # the row number of a problem with the file as a whole


@dataclass(frozen=True)
class Column:
    header: str
    name: str
    parse: Callable[[Any], Any]
    required: bool = True
    help: str = ""
    example: str = ""
    default: Any = None  # the value of an empty optional cell

    @property
    def hint(self) -> str:
        return getattr(self.parse, "hint", "")

    @property
    def options(self) -> tuple[str, ...]:
        return tuple(getattr(self.parse, "options", ()))

    def listed(self, user) -> list[tuple[str, str]]:
        """What the template offers to pick from: (value, what it names)."""
        listed = getattr(self.parse, "listed", None)
        return listed(user) if listed else []


def reasons(exc: Exception | list) -> str:
    """A refusal's messages in one line (a field the file has no column for is not named: its
    name is the program's, not the user's)."""
    if isinstance(exc, list):
        exc = ValidationError(exc)
    if isinstance(exc, ValidationError):
        return "；".join(str(m) for m in exc.messages)
    return str(exc)


class RowWriteError(Exception):
    """Raised from `write()` for the row at `index` of the rows it was given: one or more
    (column header or "", reason) problems."""

    def __init__(self, index: int, reason: str, column: str = ""):
        super().__init__(reason)
        self.index = index
        self.problems: list[tuple[str, str]] = [(column, reason)]

    @property
    def reason(self) -> str:
        return "；".join(reason for _, reason in self.problems)

    @classmethod
    def refused(cls, index: int, exc: Exception, columns: list["Column"]) -> "RowWriteError":
        """A service's refusal of one row. A ValidationError naming fields ({"field": [msg]})
        puts each message under the column of that name."""
        if isinstance(exc, IntegrityError):
            return cls(index, "数据库拒绝写入：与已有记录重复或冲突")
        if not isinstance(exc, ValidationError):
            return cls(index, "数据库拒绝写入：有数据超出允许的长度或范围")
        if not hasattr(exc, "error_dict"):
            return cls(index, reasons(exc))
        headers = {column.name: column.header for column in columns}
        problems = [
            (headers.get(field, "") if field != NON_FIELD_ERRORS else "", reasons(errors))
            for field, errors in exc.error_dict.items()
        ]
        error = cls(index, problems[0][1], problems[0][0])
        error.problems = problems
        return error


class Importer:
    """One kind of ledger. A fresh instance serves one run, so it may keep state across chunks.

    Rows are independent unless `rows_depend_on_earlier_rows` (a unit whose parent is an earlier
    row): then the trial writes of validation and the real writes each run in one transaction.
    """

    kind: str = ""
    label: str = ""
    columns: list[Column] = []
    key_columns: tuple[str, ...] = ()  # column names whose values must be unique (file and DB)
    model: type[models.Model] | None = None  # where existing keys are looked up, by field name
    # Set when rows are written as the importing user (their unit decides where records go):
    # why, in the error a file gets when no user is given (the command line's --user).
    actor_needed: str = ""
    chunk_size = 2000
    rows_depend_on_earlier_rows = False
    rows_per_transaction: int | None = None  # None: as many as fit FAZHI_IMPORT_TRANSACTION_SECONDS
    # True when `write` saves its rows last, through `Steps.create_many`, and its service checks
    # before that everything the insert could refuse (uniqueness above all, against the table
    # and within the batch): pass 1 then runs every check but inserts nothing (`bulk.checking`),
    # since the rows would be rolled back anyway. A constraint left to the database would then
    # refuse only in pass 2, where the import is undone as a whole.
    checked_before_insert = False

    def __init__(self, actor=None, channel: str = ""):
        self.actor, self.channel = actor, channel
        self.trial = False  # True while pass 1 tries the rows: everything is then rolled back

    @classmethod
    def can_import(cls, user) -> bool:
        """Who may run this import from the web; the command line is the operator's."""
        if getattr(user, "is_superuser", False):
            return True
        allowed = {Role.COORDINATOR, Role.STAFF, Role.REVIEWER}
        return bool(getattr(user, "is_authenticated", False) and user.role in allowed)

    def check_row(self, values: dict) -> list[tuple[str | None, str]]:
        """Cross-field rules for one parsed row: [(column header or None, reason)]."""
        return []

    def check_batch(self, rows: list[tuple[int, dict]]) -> list[tuple[int, str | None, str]]:
        """Rules needing the database or earlier rows, for a chunk of parsed rows (row number,
        values) in file order: [(row number, column header or None, reason)]. Query in bulk.
        A reason without a column is about the whole chunk (no actor given, say): its rows are
        then not tried against the services. An override calls this first."""
        if rows and self.actor_needed and getattr(self.actor, "unit_id", None) is None:
            return [(rows[0][0], None, f"请指定导入人(命令行 --user)：{self.actor_needed}")]
        return []

    def existing_keys(self, keys: set[tuple]) -> set[tuple]:
        """Which of these `key_columns` values already exist in `model` (one query), the columns
        being the model's fields of the same names."""
        if self.model is None or not keys:
            return set()
        # Each column narrowed by its own values: a key's first column (a platform) may match
        # most of the table, its last (a name) almost nothing.
        narrowed = {
            f"{name}__in": {key[i] for key in keys} for i, name in enumerate(self.key_columns)
        }
        found = self.model.objects.filter(**narrowed).values_list(*self.key_columns)
        return set(found) & keys

    def write(self, rows: list[dict], actor) -> int:
        """Store rows through the app's service functions; return how many. Raise RowWriteError
        for a refused row (write_each does). Called inside a transaction; in pass 1 (`trial`)
        it is rolled back, so whatever is done outside the database waits for `not self.trial`.
        By default each row goes to `replay(row, actor)`."""
        return self.write_each(rows, lambda row: self.replay(row, actor))

    def replay(self, row: dict, actor) -> None:
        """Store one row through the service functions (when `write` is not overridden)."""
        raise NotImplementedError

    def write_each(self, rows: list[dict], write_one: Callable[[dict], Any]) -> int:
        """Call `write_one` per row, turning a service's refusal into a RowWriteError."""
        for index, row in enumerate(rows):
            try:
                write_one(row)
            except (ValidationError, IntegrityError, DataError) as exc:
                raise RowWriteError.refused(index, exc, self.columns) from exc
        return len(rows)

    def undo(self, records: list[models.Model]) -> None:
        """Remove what an import created, newest first (the framework audits each removal).
        An importer whose records have more than cascading children overrides this."""
        for record in reversed(records):
            record.delete()

    @classmethod
    def header_of(cls, name: str) -> str:
        return {c.name: c.header for c in cls.columns}[name]


_registry: dict[str, type[Importer]] = {}
_discovered = False


class UnknownImportKind(LookupError):
    def __str__(self) -> str:
        return self.args[0]


def register(importer: type[Importer]) -> type[Importer]:
    """Make an importer available by its kind; usable as a class decorator."""
    if not importer.kind or not importer.label or not importer.columns:
        raise ValueError(f"{importer.__name__} needs kind, label and columns")
    headers = [c.header for c in importer.columns]
    if len(set(headers)) != len(headers):
        raise ValueError(f"{importer.__name__} declares a header twice")
    names = {c.name for c in importer.columns}
    if not set(importer.key_columns) <= names:
        raise ValueError(f"{importer.__name__}.key_columns names undeclared columns")
    known = _registry.get(importer.kind)
    if known is not None and known.__qualname__ != importer.__qualname__:
        raise ValueError(f"import kind {importer.kind!r} is already registered by {known}")
    _registry[importer.kind] = importer
    return importer


def unregister(kind: str) -> None:
    """Forget an importer (tests register throwaway ones)."""
    _registry.pop(kind, None)


def _discover() -> None:
    """Load every app's importers once (`importers.py`, or `imports.py` as DESIGN.md names it),
    and those the procedures declare: here, not at start-up, which needs none of them."""
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("importers", "imports")
        for procedure in all_procedures():
            for importer in procedure.importers:
                register(resolve(importer))


def all_importers() -> list[type[Importer]]:
    _discover()
    return list(_registry.values())


def get_importer(kind: str) -> type[Importer]:
    _discover()
    try:
        return _registry[kind]
    except KeyError:
        known = "、".join(f"{k}({i.label})" for k, i in _registry.items()) or "无"
        raise UnknownImportKind(f"未知的导入类型“{kind}”；可用的类型：{known}") from None
