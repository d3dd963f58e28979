def build(context: dict, progress=None) -> None:
    pass
