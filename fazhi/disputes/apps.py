from django.apps import AppConfig


class DisputesConfig(AppConfig):
    """The family's namespace. Its procedures are apps of their own (fazhi.disputes.<procedure>);
    this app keeps only the migrations that first created their tables."""

    name = "fazhi.disputes"
    label = "disputes"
    verbose_name = "纠纷化解"
