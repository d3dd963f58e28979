from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "fazhi.figures"
    label = "figures"
    verbose_name = "指标"

    def ready(self) -> None:
        # Declared procedures name their metrics module (imported when they register); the others
        # still keep theirs in metrics.py.
        from fazhi.core.procedures import all_modules

        all_modules("metrics")
