"""Who sees 任务分工表 and their tasks.

The coordinating office and its government's overseers (coordinators, leaders) see every table and
task of the government; a unit sees the tasks it leads or assists, and the issued tables of its
own government (the 任务分工表 is a published document within the government). Another county's
staff see nothing: what is not visible answers 404.
"""

from django.db.models import Exists, OuterRef, Q

from fazhi.core.permissions import subtree_ids, unit_scope_q

from .models import Escalation, Status, TableStatus, Task, TaskTable

CoUnit = Task.co_units.through


def visible_tables(user):
    if not user.is_authenticated or user.scope_unit() is None:
        return TaskTable.objects.none()
    mine = unit_scope_q(user, "office", "government")
    own = Q(status=TableStatus.ISSUED, government=user.unit.government()) if user.unit_id else Q()
    return TaskTable.objects.filter(mine | own).select_related("government", "office")


def visible_tasks(user):
    if not user.is_authenticated or user.scope_unit() is None:
        return Task.objects.none()
    assisting = CoUnit.objects.filter(
        task_id=OuterRef("pk"), orgunit_id__in=subtree_ids(user.scope_unit())
    )
    mine = unit_scope_q(user, "office", "government", "unit") | Q(Exists(assisting))
    return Task.objects.filter(mine).select_related("unit", "office", "government")


def open_tasks(user):
    """The workbench's source: issued tasks still to be done, with their next deadline (a
    quarterly return, the task's own time limit or a 督办's 整改期限)."""
    return visible_tasks(user).filter(status__in=Status.awaiting())


def escalations_of(task):
    return task.escalation_set.order_by("round")


def escalations_in(government, year: int):
    return Escalation.objects.filter(government=government, on__year=year)
