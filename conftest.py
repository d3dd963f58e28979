"""Shared fixtures: a small org tree and named personas (see docs/architecture.md, 测试)."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + Playwright

pytest_plugins = ["fazhi.testing.browser"]

# The day the suite runs on, whatever the machine's date (FAZHI_TEST_TODAY overrides it): a
# deadline counted from "today" must not need a year whose holidays nobody has entered, nor a
# test pass in June and fail in December. Time still runs from there (tick). A test about a
# particular day travels to it with the `time_machine` fixture.
TEST_TODAY = os.environ.get("FAZHI_TEST_TODAY") or "2026-11-23"


def pytest_configure(config):
    import datetime as dt

    import time_machine

    day = dt.date.fromisoformat(TEST_TODAY)
    at = dt.datetime.combine(day, dt.time(10), dt.timezone(dt.timedelta(hours=8)))
    config._fazhi_clock = time_machine.travel(at, tick=True)
    config._fazhi_clock.start()


def pytest_unconfigure(config):
    clock = getattr(config, "_fazhi_clock", None)
    if clock is not None:
        clock.stop()


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """PBKDF2 costs ~0.3 s a user; tests don't need it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def audit_anchor_file(settings, tmp_path):
    """Each test anchors its own chain: never append a test database's head to the real file."""
    settings.FAZHI_AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.jsonl"
    return settings.FAZHI_AUDIT_ANCHOR_FILE


@pytest.fixture(autouse=True)
def fresh_list_memos():
    """A list page's process memos (fazhi.core.ledger) start empty in each test: a rolled-back
    database may give the next test's units the same ids and paths."""
    from fazhi.core.ledger.filters import forget_units

    forget_units()


@pytest.fixture
def org(db):
    """云南省 → 红河州 → 弥勒市 (司法局, 公安局, 自然资源局, 弥阳街道) and 开远市 (司法局)."""
    from fazhi.core.audit import Channel
    from fazhi.core.models import UnitKind
    from fazhi.core.services import create_unit

    def unit(code, name, kind, parent=None):
        return create_unit(None, Channel.CLI, code=code, name=name, kind=kind, parent=parent)

    from fazhi.core import duties

    province = unit("530000", "云南省人民政府", UnitKind.PROVINCE)
    prefecture = unit("532500", "红河哈尼族彝族自治州人民政府", UnitKind.PREFECTURE, province)
    mile = unit("532504", "弥勒市人民政府", UnitKind.COUNTY, prefecture)
    kaiyuan = unit("532502", "开远市人民政府", UnitKind.COUNTY, prefecture)
    justice = unit("532504-sfj", "弥勒市司法局", UnitKind.DEPARTMENT, mile)
    kaiyuan_justice = unit("532502-sfj", "开远市司法局", UnitKind.DEPARTMENT, kaiyuan)
    for office in (justice, kaiyuan_justice):  # each county's 行政复议机构 (复议法 2023 art. 4)
        duties.assign(None, Channel.CLI, office, "reconsideration.office")
        duties.assign(None, Channel.CLI, office, "letters.receiver")  # and, in tests, its mailbox
    return {
        "province": province,
        "prefecture": prefecture,
        "mile": mile,
        "justice": justice,
        "police": unit("532504-gaj", "弥勒市公安局", UnitKind.DEPARTMENT, mile),
        "land": unit("532504-zrzyj", "弥勒市自然资源局", UnitKind.DEPARTMENT, mile),
        "miyang": unit("532504001", "弥阳街道办事处", UnitKind.TOWN, mile),
        "kaiyuan": kaiyuan,
        "kaiyuan_justice": kaiyuan_justice,
    }


@pytest.fixture
def people(org):
    """Personas: coordinator, reviewer at 弥勒司法局; staff at 公安局, 开远司法局; a leader."""
    from fazhi.core.audit import Channel
    from fazhi.core.models import Role
    from fazhi.core.services import create_user

    def user(username, unit, role, **extra):
        return create_user(
            None,
            Channel.CLI,
            username=username,
            password="pass-Fazhi-2021",
            unit=unit,
            role=role,
            full_name=extra.pop("full_name", username),
            **extra,
        )

    return {
        "coordinator": user(
            "coord",
            org["justice"],
            Role.COORDINATOR,
            full_name="李统筹",
            can_approve_extension=True,
        ),
        "reviewer": user("reviewer", org["justice"], Role.REVIEWER, full_name="王复议"),
        "police_staff": user("police", org["police"], Role.STAFF, full_name="赵法制"),
        "land_staff": user("land", org["land"], Role.STAFF, full_name="钱法制"),
        "kaiyuan_staff": user("kaiyuan", org["kaiyuan_justice"], Role.REVIEWER, full_name="孙开远"),
        "leader": user("leader", org["mile"], Role.LEADER, full_name="周市长"),
        "overrider": user(
            "override", org["justice"], Role.REVIEWER, full_name="吴更正", can_override_closed=True
        ),
    }


@pytest.fixture(autouse=True)
def inline_imports(settings):
    """An import uploaded in a test runs in the request: a process of its own would not see the
    test's uncommitted database (test_import_runs.py starts the real process where it can)."""
    settings.FAZHI_IMPORT_RUNNER = "inline"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Attachments a test uploads are stored under its own temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_calendar():
    """Each test starts from the calendar in the database: a test that entered a holiday notice
    is rolled back, but this process's calendar cache would keep it for up to a minute."""
    from fazhi.core.calendar import invalidate_calendar

    invalidate_calendar()
    yield
    invalidate_calendar()
