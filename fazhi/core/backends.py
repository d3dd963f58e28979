"""The login backend: Django's ModelBackend, whose user comes with its unit, the unit's parent and
the duties the unit holds.

Every staff page asks for the user's scope (User.scope_unit: the unit, and for an overseer the
government above it, OrgUnit.government), which read them in two queries of their own on each
request; joined to the user's own query they cost none. Every list page asks too whether the
user's unit holds its procedure's duty (authority.HasDuty): read with the user, a query less."""

from django.contrib.auth.backends import ModelBackend

from .authority import duties_held, remember_duties
from .models import User


class UnitModelBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = (
                User._default_manager.select_related("unit__parent")
                .annotate(unit_duties=duties_held("unit_id"))
                .get(pk=user_id)
            )
        except User.DoesNotExist:
            return None
        if user.unit is not None:
            remember_duties(user.unit, user.unit_duties)
        return user if self.user_can_authenticate(user) else None
