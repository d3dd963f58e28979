"""The demo command's options are checked before anything is migrated or built."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.demo import build, prefecture
from fazhi.demo.management.commands import demo


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


@pytest.mark.parametrize(
    "args, named",
    [
        (["--year", "2020"], "--year"),
        (["--scale", "0.5"], "--scale"),
        (["--seed", "7"], "--seed"),
        # The default's own value is refused as well: given, it was meant for something.
        (["--year", "2021"], "--year"),
        (["--counties", "河口", "--seed", "7", "--year", "2020"], "--counties、--year、--seed"),
    ],
)
def test_a_prefecture_option_without_prefecture_is_refused_before_anything_is_built(
    nothing_built, args, named
):
    """弥勒市's demo is one fixed set of records (2020—2021): a year, a volume or a seed given for
    it would be dropped without a word after minutes of building."""
    with pytest.raises(CommandError, match=f"^{named} 只能与 --prefecture 一起使用") as refused:
        call_command("demo", *args)
    assert "弥勒市演示城市" in str(refused.value)


@pytest.mark.parametrize(
    "args, wanted",
    [
        ([], (2021, 1.0, 2021, None)),
        (
            ["--year", "2020", "--scale", "0.1", "--seed", "7", "--counties", "河口, 屏边"],
            (2020, 0.1, 7, ["河口", "屏边"]),
        ),
    ],
)
def test_with_prefecture_the_options_or_their_defaults_reach_the_prefecture(
    monkeypatch, args, wanted
):
    built = []
    monkeypatch.setattr(demo, "call_command", lambda *args, **kwargs: None)  # migrate
    monkeypatch.setattr(build, "already_built", lambda: True)
    monkeypatch.setattr(demo.Command, "_build_prefecture", lambda self, *args: built.append(args))
    call_command("demo", "--prefecture", *args, stdout=io.StringIO())
    assert built == [wanted]
