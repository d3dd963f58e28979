"""Which records a template lists for a lookup column: what the downloading user may see.

The org directory of the user's own government (a department's staff see their city's units,
a province's coordinator the province), the users of those units, and records of any other model
that belongs to one of those units (a `unit` foreign key). Other models are not listed.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from ..models import OrgUnit, User


def visible_units(user) -> models.QuerySet | None:
    if getattr(user, "is_superuser", False):
        return OrgUnit.objects.all()
    unit = getattr(user, "unit", None) if getattr(user, "is_authenticated", False) else None
    if unit is None:
        return None
    return OrgUnit.objects.filter(path__startswith=unit.government().path)


def visible_records(model: type[models.Model], user) -> models.QuerySet | None:
    units = visible_units(user)
    if units is None:
        return None
    if model is OrgUnit:
        return units
    if issubclass(model, User):
        return model._default_manager.filter(is_active=True, unit__in=units.values("pk"))
    if _belongs_to_a_unit(model):
        return model._default_manager.filter(unit__in=units.values("pk"))
    return None


def _belongs_to_a_unit(model: type[models.Model]) -> bool:
    try:
        field = model._meta.get_field("unit")
    except FieldDoesNotExist:
        return False
    return getattr(field, "related_model", None) is OrgUnit
