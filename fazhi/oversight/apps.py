from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "fazhi.oversight"
    label = "oversight"
    verbose_name = "监督与公开(建议提案、依申请公开、信箱、政务新媒体)"
    procedures = ("proposals", "disclosure", "letters", "media")

    def ready(self) -> None:
        from fazhi.core.procedures import each

        for module in ("queries", "jobs", "imports"):  # their registrations
            each(self.name, self.procedures, module)
