from django.apps import AppConfig


class LitigationConfig(AppConfig):
    name = "fazhi.disputes.litigation"
    label = "litigation"
    verbose_name = "行政应诉"
    default_auto_field = "django.db.models.BigAutoField"
    former_label = "disputes"
    menu_entries = [("纠纷化解", "行政应诉", "litigation:lawsuit_list")]
    legacy = True  # not yet declared (fazhi.core.procedures): its own urls, api and registrations

    def ready(self) -> None:
        from fazhi.core.procedures import each

        each("fazhi.disputes", ("litigation",), "queries")
        each("fazhi.disputes", ("litigation",), "jobs")
        each("fazhi.disputes", ("litigation",), "imports")
