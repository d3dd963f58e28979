"""The kernel's permission helpers. Each app pairs `visible_<things>(user)` (lists, reports,
exports) with `can_<verb>_<thing>(user, obj)` (one object), built on these.

A record that is not visible answers 404, not 403, so that its existence is not disclosed.
"""

from django.db.models import Q, QuerySet

from .models import OrgUnit, Role, User


def unit_scope_q(user: User, field: str = "unit") -> Q:
    """Records whose `field` unit lies in the user's scope: an overseer's government subtree, or the
    user's own unit (and the units under it, for a town's village offices)."""
    scope = user.scope_unit() if user.is_authenticated else None
    if scope is None:
        return Q(pk__in=[])
    return Q(**{f"{field}__in": subtree_ids(scope)})


def subtree_ids(scope: OrgUnit) -> QuerySet:
    """The ids of a unit's subtree as a subquery: filtering on the record's own unit column (not
    a join on the path) lets the database use the record table's indexes (bench/README.md)."""
    return OrgUnit.objects.filter(path__startswith=scope.path).values("pk")


def in_scope(queryset: QuerySet, user: User, field: str = "unit") -> QuerySet:
    return queryset.filter(unit_scope_q(user, field))


def unit_in_scope(user: User, unit: OrgUnit | None) -> bool:
    scope = user.scope_unit() if user.is_authenticated else None
    return bool(scope and unit and unit.path.startswith(scope.path))


def may_change_closed(user: User) -> bool:
    """Closed cases are read-only unless the user holds the explicit override."""
    return bool(user.is_authenticated and user.can_override_closed)


def is_overseer(user: User) -> bool:
    return user.is_authenticated and user.role in Role.overseers()
