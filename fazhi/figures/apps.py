from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "fazhi.figures"
    label = "figures"
    verbose_name = "指标"

    def ready(self) -> None:
        # Each procedure declares its figures in metrics.py; importing registers them.
        from fazhi.core.procedures import all_modules

        all_modules("metrics")
