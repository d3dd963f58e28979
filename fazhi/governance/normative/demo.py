STEPS = 0


def build(context, progress=None):
    pass
