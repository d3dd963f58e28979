"""Cell parsers: each turns one non-empty cell into a value, or raises ValueError with a Chinese
reason. A cell is taken as a value, never evaluated: `=SUM(A1)` in a CSV is the text `=SUM(A1)`.
"""

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models

LISTED_AT_MOST = 10_000  # entries of one column's list in a template
# Invisible, and refused by PostgreSQL (NUL) or XML (an XLSX): text has tabs and line ends only.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def as_text(raw: Any) -> str:
    """A cell as the text the user sees: XLSX numbers typed into a text column lose their '.0'."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float):
        # Excel stores every number as a float; a code like 532504 arrives as 532504.0.
        # Other floats as Excel displays them: 15 significant digits, so 0.1+0.2 reads 0.3.
        return str(int(raw)) if raw.is_integer() and abs(raw) < 1e15 else f"{raw:.15g}"
    if isinstance(raw, dt.datetime):
        return raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw)


def batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class Parser:
    """`hint` describes the expected format in the template's 说明 sheet; `options` are the
    allowed entries of a fixed list; `listed(user)` what the template offers to pick from."""

    hint = ""
    options: tuple[str, ...] = ()

    def __call__(self, raw: Any) -> Any:
        raise NotImplementedError

    def bind(self) -> "Parser":
        """The parser one import run uses; parsers with per-run caches return a fresh copy."""
        return self

    def listed(self, user) -> list[tuple[str, str]]:
        """(value, what it names) pairs for the template's 选项 sheet."""
        return [(option, "") for option in self.options]


class Text(Parser):
    def __init__(self, max_length: int | None = None):
        self.max_length = max_length
        self.hint = f"文本，最多 {max_length} 个字" if max_length else "文本"

    def __call__(self, raw):
        value = as_text(raw)
        if self.max_length and len(value) > self.max_length:
            raise ValueError(f"不能超过 {self.max_length} 个字(现有 {len(value)} 个)")
        return value


_INTEGER = re.compile(r"[+-]?\d+(?:\.0*)?")


class Integer(Parser):
    def __init__(self, min_value: int | None = None, max_value: int | None = None):
        self.min_value, self.max_value = min_value, max_value
        bounds = [f"不小于 {min_value}" if min_value is not None else ""]
        bounds.append(f"不大于 {max_value}" if max_value is not None else "")
        self.hint = "整数" + ("，" + "、".join(b for b in bounds if b) if any(bounds) else "")

    def __call__(self, raw):
        value = self._to_int(raw)
        if self.min_value is not None and value < self.min_value:
            raise ValueError(f"应不小于 {self.min_value}")
        if self.max_value is not None and value > self.max_value:
            raise ValueError(f"应不大于 {self.max_value}")
        return value

    @staticmethod
    def _to_int(raw) -> int:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        text = unicodedata.normalize("NFKC", as_text(raw)).replace(",", "")
        if isinstance(raw, str) and len(text) <= 40 and _INTEGER.fullmatch(text):
            return int(text.split(".")[0])
        raise ValueError("应为整数")


class Number(Parser):
    """A decimal number as typed or as Excel stores it (thousands separators and full-width
    digits allowed), refused unless finite ("NaN" and "Infinity" parse as decimals and then
    cannot be compared) and within `valid`, rounded to `places` decimals."""

    def __init__(self, noun: str, *, valid, range_reason: str, places: int | None = None, hint=""):
        self.noun, self.valid, self.range_reason, self.hint = noun, valid, range_reason, hint
        self.quantum = Decimal(1).scaleb(-places) if places is not None else None

    def __call__(self, raw):
        text = unicodedata.normalize("NFKC", as_text(raw)).replace(",", "").strip()
        try:
            value = Decimal(text) if len(text) <= 40 else None
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            raise ValueError(f"应为{self.noun}")
        if not self.valid(value):
            raise ValueError(self.range_reason)
        return value.quantize(self.quantum) if self.quantum is not None else value


_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's phantom 1900-02-29
_MAX_EXCEL_SERIAL = 2958465  # 9999-12-31
_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Date(Parser):
    hint = "日期，如 2021-03-05、2021/3/5 或 2021年3月5日"

    def __call__(self, raw):
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return self._from_serial(raw)
        return self._from_text(as_text(raw))

    @staticmethod
    def _from_serial(serial: float) -> dt.date:
        if not 1 <= serial <= _MAX_EXCEL_SERIAL:
            raise ValueError(f"日期无效：{as_text(serial)}")
        return _EXCEL_EPOCH + dt.timedelta(days=int(serial))

    @staticmethod
    def _from_text(text: str) -> dt.date:
        if _ISO_DATE.fullmatch(text):  # most cells of a large file: no normalizing needed
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise ValueError(f"日期无效：{text}") from None
        normal = unicodedata.normalize("NFKC", text)
        match = _DATE.fullmatch(normal) or _COMPACT_DATE.fullmatch(normal)
        if match is None:
            raise ValueError(f"日期格式无法识别：{text}(应为 2021-03-05、2021/3/5 或 2021年3月5日)")
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise ValueError(f"日期无效：{text}") from None


class Choice(Parser):
    """One of a TextChoices; the user may type the Chinese label or the stored value."""

    def __init__(self, choices: type[models.TextChoices]):
        self.options = tuple(str(label) for label in choices.labels)
        self._lookup = {str(label): value for value, label in choices.choices}
        self._lookup.update({value: value for value in choices.values})
        self._lookup.update({value.lower(): value for value in choices.values})
        self.hint = "从下拉列表中选择"

    def __call__(self, raw):
        text = as_text(raw)
        value = self._lookup.get(text) or self._lookup.get(text.lower())
        if value is None:
            raise ValueError(f"不是有效的选项，可选：{'、'.join(self.options)}")
        return value


_TRUE = {"是", "true", "1", "y", "yes", "对", "√"}
_FALSE = {"否", "false", "0", "n", "no", "错", "×"}


class Boolean(Parser):
    hint = "填“是”或“否”"
    options = ("是", "否")

    def __call__(self, raw):
        if isinstance(raw, bool):
            return raw
        text = as_text(raw).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError("应填“是”或“否”")


class Lookup(Parser):
    """A foreign key given by a code. Each run binds its own cache, filled one query per chunk.
    Templates list the records the downloading user may see (`visible`)."""

    def __init__(self, model: type[models.Model], field: str = "code", noun: str | None = None):
        self.model, self.field = model, field
        self.noun = noun or str(model._meta.verbose_name)
        self.field_label = str(model._meta.get_field(field).verbose_name)
        self.hint = f"填写已有{self.noun}的{self.field_label}"

    def bind(self) -> "BoundLookup":
        return BoundLookup(self)

    def __call__(self, raw):
        return self.bind()(raw)

    def listed(self, user) -> list[tuple[str, str]]:
        from .visibility import visible_records

        records = visible_records(self.model, user)
        if records is None:
            return []
        records = records.order_by(self.field)[:LISTED_AT_MOST]
        return [(as_text(getattr(obj, self.field)), str(obj)) for obj in records]


class BoundLookup(Parser):
    BATCH = 900  # below SQLite's historic limit of 999 query parameters

    def __init__(self, lookup: Lookup):
        self.lookup = lookup
        self.hint, self.options = lookup.hint, lookup.options
        self.cache: dict[str, models.Model | None] = {}

    def prefetch(self, raws: Iterable[Any]) -> None:
        """Resolve a chunk's codes at once, so a lookup never costs a query per row."""
        missing = {as_text(raw) for raw in raws} - self.cache.keys()
        for batch in batched(sorted(missing), self.BATCH):
            self.cache.update(dict.fromkeys(batch))
            manager = self.lookup.model._default_manager
            found = manager.filter(**{f"{self.lookup.field}__in": batch})
            self.cache.update({as_text(getattr(obj, self.lookup.field)): obj for obj in found})

    def __call__(self, raw):
        key = as_text(raw)
        if key not in self.cache:
            self.prefetch([key])
        obj = self.cache[key]
        if obj is None:
            lookup = self.lookup
            raise ValueError(f"找不到{lookup.field_label}为“{key}”的{lookup.noun}")
        return obj


def text(max_length: int | None = None) -> Text:
    return Text(max_length)


def integer(min_value: int | None = None, max_value: int | None = None) -> Integer:
    return Integer(min_value, max_value)


def choice(choices: type[models.TextChoices]) -> Choice:
    return Choice(choices)


def lookup(model: type[models.Model], field: str = "code", noun: str | None = None) -> Lookup:
    return Lookup(model, field, noun)


date = Date()
boolean = Boolean()


def _unit_by_code() -> Lookup:
    from ..models import OrgUnit

    return Lookup(OrgUnit, "code", "单位")


unit_by_code = _unit_by_code()
