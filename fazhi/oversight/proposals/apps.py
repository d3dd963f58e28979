from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "fazhi.oversight.proposals"
    label = "proposals"
    verbose_name = "人大代表建议、政协委员提案"
    default_auto_field = "django.db.models.BigAutoField"
    former_label = "oversight"
    menu_entries = [("监督公开", "建议提案", "proposals:proposal_list")]
    legacy = True  # not yet declared (fazhi.core.procedures): its own urls, api and registrations

    def ready(self) -> None:
        from fazhi.core.procedures import each

        each("fazhi.oversight", ("proposals",), "queries")
        each("fazhi.oversight", ("proposals",), "jobs")
        each("fazhi.oversight", ("proposals",), "imports")
