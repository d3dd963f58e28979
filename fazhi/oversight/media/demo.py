"""Demo records of 政务新媒体 (to be filled in)."""

STEPS = 0


def build(context: dict, progress=None) -> None:
    return None
