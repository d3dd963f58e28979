from django.apps import AppConfig


class ReconsiderationConfig(AppConfig):
    name = "fazhi.disputes.reconsideration"
    label = "reconsideration"
    verbose_name = "行政复议"
    default_auto_field = "django.db.models.BigAutoField"
    former_label = "disputes"
    legacy = True  # not yet declared (fazhi.core.procedures): its own urls, api and registrations

    def ready(self) -> None:
        from fazhi.core.procedures import each

        each("fazhi.disputes", ("reconsideration",), "queries")
        each("fazhi.disputes", ("reconsideration",), "jobs")
        each("fazhi.disputes", ("reconsideration",), "imports")
