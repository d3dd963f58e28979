"""The demo command's options are checked before anything is migrated or built."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.demo import build, prefecture


@pytest.fixture
def nothing_built(monkeypatch):
    """Fails the test if the command gets as far as building; no database is open to it either."""

    def refuse(*args, **kwargs):
        raise AssertionError("the command built before refusing its options")

    monkeypatch.setattr(build, "already_built", refuse)
    monkeypatch.setattr(build, "build", refuse)
    monkeypatch.setattr(prefecture, "build", refuse)


def test_counties_without_prefecture_is_refused_before_anything_is_built(nothing_built):
    with pytest.raises(CommandError, match="--counties 只能与 --prefecture 一起使用"):
        call_command("demo", "--counties", "河口")
