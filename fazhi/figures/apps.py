from django.apps import AppConfig


class FiguresConfig(AppConfig):
    """The figures registry. Each procedure names its metrics module in its declaration, which
    the kernel imports when the procedure registers (fazhi.core.procedures); the figures
    coordinators define as data join the registry when it is read (fazhi.figures.loading)."""

    name = "fazhi.figures"
    label = "figures"
    verbose_name = "指标"

    def ready(self) -> None:
        from . import loading, registry

        registry.defined_by(loading.defined_figures)
