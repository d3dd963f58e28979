from django.apps import AppConfig


class FiguresConfig(AppConfig):
    """The figures registry. Each procedure names its metrics module in its declaration, which
    the kernel imports when the procedure registers (fazhi.core.procedures)."""

    name = "fazhi.figures"
    label = "figures"
    verbose_name = "指标"
