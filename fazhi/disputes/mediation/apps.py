from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "fazhi.disputes.mediation"
    label = "mediation"
    verbose_name = "人民调解、行政调解"
    default_auto_field = "django.db.models.BigAutoField"
    former_label = "disputes"
    menu_entries = [("纠纷化解", "调解", "mediation:case_list")]
    legacy = True  # not yet declared (fazhi.core.procedures): its own urls, api and registrations

    def ready(self) -> None:
        from fazhi.core.procedures import each

        each("fazhi.disputes", ("mediation",), "queries")
        each("fazhi.disputes", ("mediation",), "jobs")
        each("fazhi.disputes", ("mediation",), "imports")
