from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "fazhi.disputes"
    label = "disputes"
    verbose_name = "纠纷化解(复议、应诉、调解)"
    metrics_modules = ("reconsideration.metrics",)

    def ready(self) -> None:
        from .reconsideration import imports, jobs, queries  # noqa: F401  (registrations)
