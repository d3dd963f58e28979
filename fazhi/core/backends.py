"""The login backend: Django's ModelBackend, whose user comes with its unit and the unit's parent.

Every staff page asks for the user's scope (User.scope_unit: the unit, and for an overseer the
government above it, OrgUnit.government), which read them in two queries of their own on each
request; joined to the user's own query they cost none."""

from django.contrib.auth.backends import ModelBackend

from .models import User


class UnitModelBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("unit__parent").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
