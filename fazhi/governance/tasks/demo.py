"""弥勒市's 2021 任务分工表 (placeholder, filled below)."""

STEPS = 0


def build(context: dict, progress=None) -> None:
    pass
