from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "fazhi.disputes"
    label = "disputes"
    verbose_name = "纠纷化解(复议、应诉、调解)"
    procedures = ("reconsideration", "litigation", "mediation")

    def ready(self) -> None:
        from fazhi.core.procedures import each

        for module in ("queries", "jobs", "imports"):  # their registrations
            each(self.name, self.procedures, module)
