from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "fazhi.oversight.disclosure"
    label = "disclosure"
    verbose_name = "依申请公开"
    default_auto_field = "django.db.models.BigAutoField"
    former_label = "oversight"
    menu_entries = [("监督公开", "依申请公开", "disclosure:request_list")]
    legacy = True  # not yet declared (fazhi.core.procedures): its own urls, api and registrations

    def ready(self) -> None:
        from fazhi.core.procedures import each

        each("fazhi.oversight", ("disclosure",), "queries")
        each("fazhi.oversight", ("disclosure",), "jobs")
        each("fazhi.oversight", ("disclosure",), "imports")
