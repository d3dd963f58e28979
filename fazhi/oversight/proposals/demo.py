"""Demo records of 建议提案 (to be filled in)."""

STEPS = 0


def build(context: dict, progress=None) -> None:
    return None
