from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "fazhi.oversight.letters"
    label = "letters"
    verbose_name = "州政府统一信箱"
    default_auto_field = "django.db.models.BigAutoField"
    former_label = "oversight"
    menu_entries = [("监督公开", "信箱", "letters:letter_list")]
    legacy = True  # not yet declared (fazhi.core.procedures): its own urls, api and registrations

    def ready(self) -> None:
        from fazhi.core.procedures import each

        each("fazhi.oversight", ("letters",), "queries")
        each("fazhi.oversight", ("letters",), "jobs")
        each("fazhi.oversight", ("letters",), "imports")
