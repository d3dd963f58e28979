"""The Django admin, whose ModelAdmins the URLconf loads (fazhi.urls) rather than every command's
start-up: `fazhi figures`, `report` or `tick` serve no admin page, and the admin modules import
forms and services. Its system checks load them first, so every ModelAdmin is still checked."""

from django.contrib import admin
from django.contrib.admin.apps import SimpleAdminConfig
from django.contrib.admin.checks import check_admin_app, check_dependencies
from django.core import checks


class AdminConfig(SimpleAdminConfig):
    def ready(self) -> None:
        checks.register(check_dependencies, checks.Tags.admin)
        checks.register(check_every_admin, checks.Tags.admin)


def check_every_admin(app_configs, **kwargs) -> list:
    admin.autodiscover()
    return check_admin_app(app_configs, **kwargs)
