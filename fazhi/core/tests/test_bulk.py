"""update_rows: many rows' fields in one statement per thousand rows, on SQLite and PostgreSQL;
save_changed: one row's changed columns."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.core.bulk import save_changed, stored, update_rows
from fazhi.core.models import CalendarYear, JobRun, Notice

pytestmark = pytest.mark.django_db


def test_each_row_gets_its_own_values_including_null_first(org):
    notices = Notice.objects.bulk_create(
        [
            Notice(unit=org["police"], text=f"提醒{i}", link="/", due_on=dt.date(2021, 1, 1))
            for i in range(5)
        ]
    )
    for i, notice in enumerate(notices):
        # A NULL in the first row is what makes PostgreSQL type a VALUES column as text.
        notice.due_on = None if i == 0 else dt.date(2021, 2, i)
        notice.text = f"改后{i}；含'引号\"与\\反斜杠"

    with CaptureQueriesContext(connection) as queries:
        written = update_rows(Notice, notices, ["due_on", "text"])

    assert written == 5 and len(queries) == 1
    stored = dict(Notice.objects.values_list("pk", "due_on"))
    assert stored == {n.pk: n.due_on for n in notices}
    assert set(Notice.objects.values_list("text", flat=True)) == {n.text for n in notices}


def test_other_rows_and_fields_stay_as_they_were(org):
    kept, changed = Notice.objects.bulk_create(
        [Notice(unit=org["police"], text=t, link="/x", due_on=dt.date(2021, 1, 1)) for t in "ab"]
    )
    changed.due_on, changed.link = dt.date(2022, 5, 5), "/not-written"

    update_rows(Notice, [changed], ["due_on"])

    kept.refresh_from_db()
    changed.refresh_from_db()
    assert (kept.due_on, changed.due_on) == (dt.date(2021, 1, 1), dt.date(2022, 5, 5))
    assert changed.link == "/x"


def test_nothing_to_write_runs_no_statement():
    with CaptureQueriesContext(connection) as queries:
        assert update_rows(Notice, [], ["due_on"]) == 0
    assert len(queries) == 0


def test_statements_stay_under_the_databases_parameter_limit(org, monkeypatch):
    """SQLite refuses a statement of more than 32 766 parameters: rows go in as many statements
    as the limit needs, and every row is written."""
    monkeypatch.setattr("fazhi.core.bulk.MAX_PARAMETERS", 9)  # 3 rows of (id, due_on, text)
    notices = Notice.objects.bulk_create(
        [Notice(unit=org["police"], text=f"提醒{i}", link="/") for i in range(7)]
    )
    for i, notice in enumerate(notices):
        notice.due_on, notice.text = dt.date(2021, 3, i + 1), f"新{i}"

    with CaptureQueriesContext(connection) as queries:
        assert update_rows(Notice, notices, ["due_on", "text"]) == 7

    assert len(queries) == 3
    assert sorted(Notice.objects.values_list("text", flat=True)) == [f"新{i}" for i in range(7)]


def test_insert_rows_gives_each_new_row_its_id_in_order_and_stores_every_value(org):
    from fazhi.core.bulk import insert_rows
    from fazhi.core.models import AuditEntry

    notices = [
        Notice(
            unit=org["police"], text=f"第{i}条；含'引号\"与\\反斜杠\t和制表符", link="/", due_on=d
        )
        for i, d in enumerate([None, dt.date(2021, 2, 1), dt.date(2021, 2, 2)])
    ]
    assert insert_rows(Notice, notices) is notices
    ids = [n.pk for n in notices]
    assert None not in ids and ids == sorted(ids)
    stored = {n.pk: (n.text, n.due_on, n.unit_id) for n in Notice.objects.filter(pk__in=ids)}
    assert stored == {n.pk: (n.text, n.due_on, org["police"].pk) for n in notices}
    assert all(not n._state.adding and n.created_at for n in notices)  # auto_now_add set
    assert Notice.objects.get(pk=ids[0]).created_at == notices[0].created_at
    notices[0].text = "改后"
    notices[0].save()  # a saved object updates, it is not inserted again
    assert Notice.objects.filter(pk__in=ids).count() == 3
    entry = AuditEntry(
        actor_label="系统",
        channel="cli",
        action="测试",
        object_type="core.notice",
        object_id=str(ids[0]),
        object_repr="x",
        before=None,
        after={"键": [1, "二", None], "on": "2021-02-01"},
        prev_hash="0" * 64,
        hash="f" * 64,
        at=dt.datetime(2021, 2, 1, 8, 0, tzinfo=dt.UTC),
    )
    insert_rows(AuditEntry, [entry])  # a JSON field goes through its own preparation
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.after == entry.after and stored.before is None and stored.at == entry.at


def _fields(obj) -> dict:
    return {k: v for k, v in vars(obj).items() if k != "_state"}


def test_instance_is_what_the_model_constructor_makes(org):
    """`bulk.instance` must build exactly the object `Model(**values)` builds: foreign keys by
    object or by id, constant and callable defaults (each object its own dict), and no field
    it does not know."""
    from fazhi.core.bulk import instance
    from fazhi.core.models import JobRun, User

    values = {"unit": org["police"], "text": "提醒", "link": "/", "due_on": dt.date(2021, 2, 1)}
    built, made = instance(Notice, **values), Notice(**values)
    assert _fields(built) == _fields(made) and built.unit is org["police"]
    assert built._state.adding and built._state.fields_cache == made._state.fields_cache
    by_id = instance(Notice, unit_id=org["police"].pk, text="x")
    assert _fields(by_id) == _fields(Notice(unit_id=org["police"].pk, text="x"))
    user, model_user = _fields(instance(User, username="u")), _fields(User(username="u"))
    joined = user.pop("date_joined")  # default=timezone.now: called, a moment apart
    assert abs(joined - model_user.pop("date_joined")) < dt.timedelta(seconds=5)
    assert user == model_user and user["role"] == User._meta.get_field("role").default
    first, second = instance(JobRun, name="a"), instance(JobRun, name="b")
    assert first.stats == {} and first.stats is not second.stats  # default=dict called each time
    with pytest.raises(TypeError, match="no field 'txt'"):
        instance(Notice, txt="typo")
    built.save()
    assert Notice.objects.get(pk=built.pk).text == "提醒"


def _set_columns(sql: str) -> str:
    return sql.split(" SET ", 1)[1].split(" WHERE ", 1)[0]


def test_save_changed_writes_only_the_changed_columns(org):
    notice = Notice.objects.create(unit=org["police"], text="提醒", link="/a", due_on=None)
    columns = stored(notice)
    notice.due_on = dt.date(2021, 3, 1)
    Notice.objects.filter(pk=notice.pk).update(link="/written-by-someone-else")

    with CaptureQueriesContext(connection) as queries:
        save_changed(notice, columns)

    assert len(queries) == 1
    assert "due_on" in _set_columns(queries[0]["sql"])
    assert "link" not in _set_columns(queries[0]["sql"])
    notice.refresh_from_db()
    assert (notice.due_on, notice.link) == (dt.date(2021, 3, 1), "/written-by-someone-else")


def test_save_changed_writes_json_changed_in_place_and_auto_now(org):
    """A JSON value mutated in place compares equal to itself: JSON columns are always written,
    as are those that set themselves (updated_at)."""
    run = JobRun.objects.create(name="tick", started_at=timezone.now(), stats={"a": 1})
    columns = stored(run)
    run.stats["b"] = 2

    save_changed(run, columns)

    run.refresh_from_db()
    assert run.stats == {"a": 1, "b": 2}
    year = CalendarYear.objects.create(year=2031, notice="国办发明电〔2030〕1号")
    first_saved = year.updated_at
    save_changed(year, stored(year))
    year.refresh_from_db()
    assert year.updated_at > first_saved


def test_save_changed_saves_every_column_of_a_model_with_its_own_save(org):
    """OrgUnit.save rewrites its path from its code: a partial UPDATE would leave it stale."""
    unit = org["police"]
    columns = stored(unit)
    unit.code = "gaj2"

    save_changed(unit, columns)

    unit.refresh_from_db()
    assert unit.code == "gaj2" and unit.path.endswith("/gaj2/")


def test_save_changed_saves_a_record_loaded_without_some_columns_as_django_does(org):
    Notice.objects.create(unit=org["police"], text="提醒", link="/a")
    notice = Notice.objects.only("id", "unit", "text").get()
    columns = stored(notice)
    notice.text, notice.link = "改后", "/b"  # link was deferred: no value to compare with

    save_changed(notice, columns)

    notice = Notice.objects.get()
    assert (notice.text, notice.link) == ("改后", "/b")
