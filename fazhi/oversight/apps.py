from django.apps import AppConfig


class OversightConfig(AppConfig):
    """The family's namespace. Its procedures are apps of their own (fazhi.oversight.<procedure>);
    this app keeps only the migrations that first created their tables."""

    name = "fazhi.oversight"
    label = "oversight"
    verbose_name = "监督与公开"
