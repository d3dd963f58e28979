"""Demo records of 行政应诉 (to be filled in)."""

STEPS = 0


def build(context: dict, progress=None) -> None:
    return None
