"""Demo records of 依申请公开 (to be filled in)."""

STEPS = 0


def build(context: dict, progress=None) -> None:
    return None
