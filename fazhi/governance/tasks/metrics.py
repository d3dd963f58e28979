"""The 任务分工 figures (seed part 八, "将法治建设指标任务完成情况列入各级各部门
年度目标责任考核内容，通过多种方式加强督促检查"). The seed states none of them: the demo's are
its own.

Counted over the tasks of the scope's governments (a 州 sums its counties), by the 牵头单位 in a
breakdown (Task.breakdown_field). A task 撤销 (cancelled) by a recorded step is not counted.
"""

from django.db.models import F, Q

from fazhi.figures.registry import Share, Table, figure

from .models import Escalation, Status, Task

TASKS = Table(Task)
ESCALATIONS = Table(Escalation, "government")

NOT_CANCELLED = ~Q(status=Status.CANCELLED)


@figure("tasks.total", "年度法治建设分工任务", "项", section="八.2", table=TASKS)
def total(scope, period) -> Q:
    """期内印发(随任务分工表印发或经调整增补)的分工任务项数，按印发日期计；已撤销的任务不计。"""
    return Q(issued_on__range=period.range) & NOT_CANCELLED


@figure("tasks.completion_rate", "分工任务按期完成率", "%", section="八.2", table=TASKS)
def completion_rate(scope, period) -> Share:
    """完成时限在期内的已印发分工任务(已撤销的不计)中，已确认完成且完成日期(牵头单位报告完成、经统筹
    单位确认的日期)不晚于完成时限的项数 ÷ 完成时限在期内的任务项数。期末仍未完成或逾期完成的任务计入
    分母、不计入分子。"""
    due = Q(due_on__range=period.range, issued_on__isnull=False) & NOT_CANCELLED
    return Share(due, Q(status=Status.DONE, completed_on__lte=F("due_on")))


@figure("tasks.escalations", "督办分工任务", "次", section="八.2", table=ESCALATIONS)
def escalations(scope, period) -> Q:
    """期内发出的督办通知次数，按督办日期计；同一任务多次督办的逐次计数。"""
    return Q(on__range=period.range)


@figure("tasks.on_time", "按期完成的分工任务", "项", section="八.2", table=TASKS)
def on_time(scope, period) -> Q:
    """完成时限在期内的已印发分工任务(已撤销的不计)中，已确认完成且完成日期不晚于完成时限的项数
    (按期完成率的分子)。"""
    due = Q(due_on__range=period.range, issued_on__isnull=False) & NOT_CANCELLED
    return due & Q(status=Status.DONE, completed_on__lte=F("due_on"))
