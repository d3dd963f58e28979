"""A value kept for the length of a block (an import's chunk), shared by the blocks nested in it:
the audit rows it collects, the open items it notes, the records it holds, the reads it
remembers."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")


@contextmanager
def scoped(var: ContextVar[T | None], make: Callable[[], T]) -> Iterator[tuple[T, bool]]:
    """Inside, `var` holds a fresh `make()`, or the enclosing block's value when blocks nest.
    Yields (the value, whether this block is the outermost): only the outermost one acts on
    what was gathered, after the block ends without an exception (code after the `with`)."""
    current = var.get()
    if current is not None:
        yield current, False
        return
    value = make()
    token = var.set(value)
    try:
        yield value, True
    finally:
        var.reset(token)
