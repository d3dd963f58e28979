"""Who sees 普法学法 records: the unit that keeps them and the overseers of its government (a
coordinator or leader sees the whole subtree). Another county sees nothing: a record that is not
visible answers 404. The published 普法责任清单 is also on the portal (public.py), for everyone."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce, ExtractYear

from fazhi.core.permissions import unit_scope_q

from .models import Activity, ActivityStatus, DutyItem


def visible_activities(user):
    if not user.is_authenticated:
        return Activity.objects.none()
    return Activity.objects.filter(unit_scope_q(user, "unit")).select_related("unit", "duty_item")


def activities_in_year():
    """The count of an item's activities held in the item's year and not 撤销, as a subquery
    (no GROUP BY on the list, so the kernel may still lock a row of it)."""
    held = (
        Activity.objects.filter(duty_item=OuterRef("pk"), status=ActivityStatus.REGISTERED)
        .annotate(held_year=ExtractYear("held_on"))
        .filter(held_year=OuterRef("year"))
        .order_by()
        .values("duty_item")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(held, output_field=IntegerField()), 0)


def visible_items(user):
    """The 清单事项 the user may see, each with `held` (its activities in its year)."""
    if not user.is_authenticated:
        return DutyItem.objects.none()
    return (
        DutyItem.objects.filter(unit_scope_q(user, "unit"))
        .select_related("unit")
        .annotate(held=activities_in_year())
    )


def items_without_activity(user, year: int | None = None):
    """The published or withdrawn items (of a year) for which no activity was held in their year:
    what a unit has undertaken and not yet done."""
    items = visible_items(user).exclude(status="drafted").filter(held=0)
    return items.filter(year=year) if year else items
