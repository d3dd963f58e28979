"""`scoped`: the block's value, shared by nested blocks, gone when the outermost one ends."""

from contextvars import ContextVar

import pytest

from fazhi.core.scopes import scoped

_var: ContextVar[list | None] = ContextVar("test_scoped", default=None)


def test_nested_blocks_share_the_outer_value_and_only_the_outer_is_outermost():
    with scoped(_var, list) as (outer, outermost):
        outer.append("a")
        with scoped(_var, list) as (inner, inner_outermost):
            inner.append("b")
        assert inner is outer and outermost and not inner_outermost
    assert outer == ["a", "b"]
    assert _var.get() is None


def test_the_value_is_gone_after_an_exception_and_the_next_block_starts_afresh():
    with pytest.raises(RuntimeError), scoped(_var, list) as (value, _):
        value.append("lost")
        raise RuntimeError("the block fails")
    assert _var.get() is None
    with scoped(_var, list) as (fresh, outermost):
        assert fresh == [] and outermost
