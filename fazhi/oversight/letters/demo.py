"""Demo records of 信箱 (to be filled in)."""

STEPS = 0


def build(context: dict, progress=None) -> None:
    return None
