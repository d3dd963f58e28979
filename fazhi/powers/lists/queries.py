"""Who sees 权责清单 versions and their items.

The compiling office and its government's overseers (coordinators, leaders) see every version and
item of the government; a unit sees its own items, and every published version of its government
with its items (the list is published to the public anyway: it is the government's own public
document). Another county's staff see nothing: what is not visible answers 404.
"""

from django.db.models import Count, Q

from fazhi.core.models import OrgUnit
from fazhi.core.permissions import unit_scope_q

from .models import Category, ItemStatus, ListStatus, PowerItem, PowerList

PUBLISHED = (ListStatus.PUBLISHED, ListStatus.SUPERSEDED)


def visible_lists(user):
    if not user.is_authenticated or user.scope_unit() is None:
        return PowerList.objects.none()
    mine = unit_scope_q(user, "office", "government")
    own = Q(status__in=PUBLISHED, government=user.unit.government()) if user.unit_id else Q()
    return PowerList.objects.filter(mine | own).select_related("government", "office")


def visible_items(user):
    if not user.is_authenticated or user.scope_unit() is None:
        return PowerItem.objects.none()
    mine = unit_scope_q(user, "office", "government", "unit")
    own = (
        Q(power_list__status__in=PUBLISHED, government=user.unit.government())
        if user.unit_id
        else Q()
    )
    return PowerItem.objects.filter(mine | own).select_related("unit", "power_list")


def drafts_of(user):
    """The versions being compiled that the user may enter items into: their government's."""
    if not user.is_authenticated or user.unit_id is None:
        return PowerList.objects.none()
    government = user.unit.government()
    return PowerList.objects.filter(government=government, status=ListStatus.DRAFT)


def in_force(government, on) -> PowerList | None:
    """The government's version in force on a day: the last published by then, not yet
    替代 by then."""
    return (
        PowerList.objects.filter(government=government, status__in=PUBLISHED, published_on__lte=on)
        .filter(Q(superseded_on__isnull=True) | Q(superseded_on__gt=on))
        .order_by("-published_on", "-id")
        .first()
    )


def published_items(power_list):
    """A published version's items as the public reads them."""
    return power_list.items.filter(status=ItemStatus.LISTED).select_related("unit")


def counts_by_category(power_list) -> list[tuple[str, int]]:
    rows = dict(
        power_list.items.filter(status=ItemStatus.LISTED)
        .values_list("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    return [(label, rows.get(value, 0)) for value, label in Category.choices]


def counts_by_unit(power_list) -> list[tuple[str, int, int]]:
    """(unit, items, of them 行政许可) for each unit the version lists, in the units' order."""
    return list(
        power_list.items.filter(status=ItemStatus.LISTED)
        .values_list("unit__short_name", "unit__name", "unit__path")
        .annotate(n=Count("pk"), licensing=Count("pk", filter=Q(category=Category.LICENSING)))
        .order_by("unit__path")
        .values_list("unit__short_name", "unit__name", "n", "licensing")
    )


def no_items():
    return PowerItem.objects.none()


def units_listed(power_list) -> list:
    """The units a version lists items of, in the units' order (the public page's unit filter)."""
    listed = power_list.items.filter(status=ItemStatus.LISTED).values("unit_id")
    return list(OrgUnit.objects.filter(pk__in=listed).order_by("path"))
