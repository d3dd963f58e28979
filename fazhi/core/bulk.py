"""Writing rows at their cost: many new rows (`insert_rows`), the same few fields of many rows
(`update_rows`), and only the columns a step changed of one row (`save_changed`).

Django's `bulk_create` renders every value of every row into one parameterised INSERT, and psycopg
then quotes each parameter into the statement's text: for the ledgers of thousands to millions of
rows an import writes, that costs several times the database's own work (bench/README.md, "A flat
ledger at a city's volume"). On PostgreSQL `insert_rows` draws the new ids from the table's
sequence in one query and streams the rows with COPY instead; on SQLite it is `bulk_create`.

Django's `bulk_update` builds a CASE WHEN expression per row and field; over the thousands of
rows a batch step or a calendar change writes, building it costs more than the database's work
(bench/README.md). Here the new values travel as one VALUES list joined on the primary key:
`UPDATE t SET … FROM (VALUES …) AS v WHERE t.pk = v.pk`, which PostgreSQL and SQLite (3.33 and
later) both run. (A WITH clause in front would hide the row count from Python's sqlite3.)
"""

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from operator import attrgetter

from django.db import connections, models, router
from django.db.models.base import ModelState

from .held import forget

ROWS_PER_STATEMENT = 1000
# SQLite (since 3.32) takes at most 32 766 parameters a statement; PostgreSQL 65 535.
MAX_PARAMETERS = 30_000


def instance(model: type[models.Model], **values) -> models.Model:
    """A new unsaved object, as `model(**values)` makes it (fields set through their descriptors,
    defaults for the rest, callable defaults called), for the batches of thousands a ledger
    builds: `Model.__init__` looks at every field's keyword and default each time, ~25 µs for a
    record of 34 fields. No pre_init/post_init signals are sent: for models that use none."""
    fixed, called, names = _defaults(model)
    unknown = values.keys() - names
    if unknown:
        raise TypeError(f"{model.__name__} has no field {sorted(unknown)[0]!r}")
    obj = model.__new__(model)
    obj.__dict__.update(fixed)
    for field in called:
        obj.__dict__[field.attname] = field.get_default()
    obj._state = ModelState()
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


@functools.cache
def _defaults(model: type[models.Model]) -> tuple[dict, list, frozenset]:
    """A model's constant defaults by attribute name, its fields with callable defaults, and the
    names a keyword may set (fields and their attribute names)."""
    fields = model._meta.concrete_fields
    called = [f for f in fields if f.has_default() and callable(f.default)]
    fixed = {f.attname: f.get_default() for f in fields if f not in called}
    names = frozenset(name for f in fields for name in (f.name, f.attname))
    return fixed, called, names


def insert_rows(model: type[models.Model], objs: Sequence[models.Model]) -> Sequence[models.Model]:
    """Insert new objects and give them their primary keys, as `bulk_create` does (no signals,
    no `save()`; auto_now fields set). Returns `objs`."""
    if not objs:
        return objs
    connection = connections[router.db_for_write(model)]
    pk = model._meta.pk
    # Rows whose ids are given, tables with parents (bulk_create refuses them) and columns with
    # database defaults go the ordinary way.
    simple_table = isinstance(pk, models.AutoField) and not model._meta.parents
    simple_table &= not any(f.has_db_default() for f in model._meta.concrete_fields)
    simple_table &= all(obj.pk is None for obj in objs)
    if connection.vendor != "postgresql" or not simple_table:
        model._default_manager.bulk_create(objs, batch_size=ROWS_PER_STATEMENT)
        return objs
    fields = [f for f in model._meta.concrete_fields if f is not pk and not f.generated]
    readers = [_reader(f, connection) for f in fields]
    quote, table = connection.ops.quote_name, model._meta.db_table
    columns = ", ".join(quote(f.column) for f in [pk, *fields])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [quote(table), pk.column, len(objs)],
        )
        ids = sorted(row[0] for row in cursor.fetchall())  # rows keep the order they came in
        with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
            for obj, new_id in zip(objs, ids, strict=True):
                obj._prepare_related_fields_for_save(operation_name="bulk_create")
                copy.write_row([new_id, *[read(obj) for read in readers]])
                obj.pk = new_id
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
    return objs


# COPY sends text that the server parses by the column's type, so values of these fields go as
# they are; others (JSON above all) are prepared by their field, as Django would.
PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.DateField,  # and DateTimeField
    models.IntegerField,  # and the other integer fields
    models.BooleanField,
)


_VALUE_AS_SET = (models.Field.pre_save, models.DateField.pre_save, models.DateTimeField.pre_save)


def _reader(field, connection) -> Callable[[models.Model], object]:
    """What goes to COPY for `field` of an object: its value as it stands, unless the field sets
    it when saving (auto_now, auto_now_add, an own pre_save) or prepares it (JSON)."""
    if not _plain(field):
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)
    if _sets_itself(field):
        return lambda obj: field.pre_save(obj, True)
    return attrgetter(field.attname)


def _sets_itself(field) -> bool:
    automatic = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    return automatic or type(field).pre_save not in _VALUE_AS_SET


def _plain(field) -> bool:
    if field.is_relation:
        return _plain(field.target_field)
    return isinstance(field, PLAIN_FIELDS)


def stored(obj: models.Model) -> dict[str, object]:
    """The values of a record's own columns as they stand: what `save_changed` compares with. A
    column deferred by the query that loaded it has no value here."""
    values = vars(obj)
    return {name: values[name] for name in _compared(type(obj)) if name in values}


def save_changed(obj: models.Model, before: dict[str, object]) -> None:
    """Save the columns that differ from `before`, and those that set or prepare their value
    themselves (auto_now, JSON changed in place): a step changes a handful of a record's dozens
    of columns, and an UPDATE of all of them cost more to build than the database took to run it
    (bench/README.md). A model with its own save() may set more, and a record loaded without some
    columns cannot say whether they changed: those save as Django saves them."""
    model = type(obj)
    if model.save is not models.Model.save or len(before) < len(_compared(model)):
        obj.save()
        return
    changed = [name for name, value in before.items() if getattr(obj, name) != value]
    obj.save(update_fields=[*changed, *_always_saved(model)])


@functools.cache
def _compared(model: type[models.Model]) -> tuple[str, ...]:
    always = set(_always_saved(model))
    return tuple(
        f.attname
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname not in always
    )


@functools.cache
def _always_saved(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(
        f.attname
        for f in model._meta.concrete_fields
        if not f.primary_key and (_sets_itself(f) or not _plain(f))
    )


def update_rows(model: type[models.Model], objs: Sequence[models.Model], fields: Sequence[str]):
    """Write `fields` of each object (already set on it) to its row; returns the rows written."""
    if not objs:
        return 0
    forget(model, [obj.pk for obj in objs])  # a step held another instance of the row
    connection = connections[router.db_for_write(model)]
    concrete = [model._meta.get_field(name) for name in fields]
    pk = model._meta.pk
    written = 0
    per_statement = max(1, min(ROWS_PER_STATEMENT, MAX_PARAMETERS // (len(concrete) + 1)))
    for start in range(0, len(objs), per_statement):
        chunk = objs[start : start + per_statement]
        sql, params = _statement(connection, model, pk, concrete, chunk)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            written += cursor.rowcount
    return written


def _statement(connection, model, pk, fields, objs) -> tuple[str, list]:
    quote = connection.ops.quote_name
    columns = [pk, *fields]
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    params = []
    for obj in objs:
        params.extend(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns)
    values = f"(VALUES {', '.join([row] * len(objs))})"
    if connection.vendor == "postgresql":
        names = [quote(f"v_{f.column}") for f in columns]
        source = f"{values} AS v ({', '.join(names)})"
    else:  # SQLite names a VALUES list's columns column1, column2 …
        names = [f"column{i}" for i in range(1, len(columns) + 1)]
        source = f"{values} AS v"
    refs = {f: _typed(connection, f, f"v.{name}") for f, name in zip(columns, names, strict=True)}
    table = quote(model._meta.db_table)
    assignments = ", ".join(f"{quote(f.column)} = {refs[f]}" for f in fields)
    match = f"{table}.{quote(pk.column)} = {refs[pk]}"
    return f"UPDATE {table} SET {assignments} FROM {source} WHERE {match}", params


def _typed(connection, field, expression: str) -> str:
    """PostgreSQL types a VALUES column by its first row (a NULL there makes it text): cast to the
    column's type. SQLite stores by affinity, and its CAST would turn a date into a number."""
    if connection.vendor == "postgresql":
        return f"CAST({expression} AS {field.cast_db_type(connection)})"
    return expression


class AnyOf(models.Func):
    """`field IN (values)` for a batch of thousands of ids, as a filter: on PostgreSQL written
    `field = ANY(%s)` with the ids as one array parameter, since the driver quotes each
    placeholder of a long IN list in Python (a tenth of the tick's time at 200 000 cases). Never
    empty: the caller has ids."""

    conditional = True
    output_field = models.BooleanField()

    def __init__(self, field: str, values: Sequence):
        super().__init__(models.F(field))
        self.values = list(values)

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        placeholders = ", ".join(["%s"] * len(self.values))
        return f"{column} IN ({placeholders})", (*params, *self.values)

    def as_postgresql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} = ANY(%s)", (*params, self.values)


_checking: ContextVar[bool] = ContextVar("fazhi_bulk_checking", default=False)


@contextmanager
def checking() -> Iterator[None]:
    """Inside: a trial whose writes are rolled back — batch saves (`Steps.create_many`) run
    their checks and return without inserting. An import's pass 1 uses it for importers that
    declare `checked_before_insert`."""
    token = _checking.set(True)
    try:
        yield
    finally:
        _checking.reset(token)


def only_checking() -> bool:
    return _checking.get()
