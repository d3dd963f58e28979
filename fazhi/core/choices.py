"""Named groups of a TextChoices' members (办理中, 已办结 …), declared beside the class."""

from collections.abc import Callable, Iterable


def groups(**named: Iterable[str]) -> Callable[[type], type]:
    """`@groups(open=["received", "accepted"])` gives the choices class `open()`, returning those
    members in that order; a value that is not a member stops the import."""

    def attach(choices: type) -> type:
        for name, values in named.items():
            members = tuple(choices(value) for value in values)
            setattr(choices, name, staticmethod(lambda members=members: list(members)))
        return choices

    return attach
