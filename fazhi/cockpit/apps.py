from django.apps import AppConfig


class CockpitConfig(AppConfig):
    name = "fazhi.cockpit"
    label = "cockpit"
    verbose_name = "领导驾驶舱"
