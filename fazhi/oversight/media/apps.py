from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "fazhi.oversight.media"
    label = "media"
    verbose_name = "政务新媒体"
    default_auto_field = "django.db.models.BigAutoField"
    former_label = "oversight"
    menu_entries = [
        ("监督公开", "政务新媒体", "media:account_list"),
        ("监督公开", "集中整治", "media:campaign_list"),
    ]
    legacy = True  # not yet declared (fazhi.core.procedures): its own urls, api and registrations

    def ready(self) -> None:
        from fazhi.core.procedures import each

        each("fazhi.oversight", ("media",), "queries")
        each("fazhi.oversight", ("media",), "jobs")
        each("fazhi.oversight", ("media",), "imports")
