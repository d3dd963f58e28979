"""The kernel's permission helpers. Each app pairs `visible_<things>(user)` (lists, reports,
exports) with `can_<verb>_<thing>(user, obj)` (one object), built on these.

A record that is not visible answers 404, not 403, so that its existence is not disclosed.
"""

from django.db.models import Q, QuerySet

from .models import OrgUnit, Role, User

# A scope of more units than this is filtered by a subquery, not by its ids written out: a
# province's thousands of units make a statement long to send and to plan, and so wide a scope
# is most of any table, which the planner assumes of a subquery anyway.
SCOPE_IDS_LISTED = 1000


def unit_scope_q(user: User, *fields: str) -> Q:
    """Records whose unit in any of `fields` (default "unit") lies in the user's scope: an
    overseer's government subtree, or the user's own unit (and the units under it, for a town's
    village offices). The scope's ids are read once for all the fields."""
    scope = user.scope_unit() if user.is_authenticated else None
    if scope is None:
        return Q(pk__in=[])
    ids = scope_ids(scope)
    condition = Q()
    for field in fields or ("unit",):
        condition |= Q(**{f"{field}__in": ids})
    return condition


def scope_ids(scope: OrgUnit) -> list[int] | QuerySet:
    """The ids of a unit's subtree, read now (one query) and written into the statement.

    With a subquery PostgreSQL cannot tell how much of a table the scope is, and guesses much:
    a list sorted by date then walks the date index and filters every row by unit. For a
    department that few records name that walk read the whole table — at 1 000 000 复议 cases a
    河口 town's /fuyi/ took 1.9 s, its open cases 12 s. With the ids the planner reads the
    unit's statistics (core/unit_statistics.py) and fetches a small unit's few rows by the unit
    indexes (0.7 ms, 0.8 ms), while a county's stay on the date index (bench/README.md, "A
    department that few records name")."""
    listed = subtree_ids(scope).order_by().values_list("pk", flat=True)
    ids = list(listed[: SCOPE_IDS_LISTED + 1])
    return ids if len(ids) <= SCOPE_IDS_LISTED else subtree_ids(scope)


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
