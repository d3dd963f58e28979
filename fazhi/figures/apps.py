from importlib import import_module

from django.apps import AppConfig, apps


class FiguresConfig(AppConfig):
    name = "fazhi.figures"
    label = "figures"
    verbose_name = "指标"

    def ready(self) -> None:
        # Each domain app declares its figures in metrics.py; importing registers them.
        for config in apps.get_app_configs():
            if config.name.startswith("fazhi."):
                for module in getattr(config, "metrics_modules", ("metrics",)):
                    try:
                        import_module(f"{config.name}.{module}")
                    except ModuleNotFoundError as exc:
                        if exc.name != f"{config.name}.{module}":
                            raise
