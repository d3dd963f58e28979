"""The figures of 执法队伍与执法人员 (seed parts 三 and 四.1–四.2).

- enf.teams: the departments (units) with a 综合执法大队 (队伍) existing at the period's end —
  established by then and not 撤销 by then; each department counted once, however many teams.
- enf.officers.registered: the 行政执法人员 registered (录入证件管理系统) by the period's end and
  in post (在岗) on that day.
- enf.certified_rate (持证率): of the officers in post at the period's end, the share holding a
  certificate (any 执法领域) valid that day (queries.valid_on_q: within its 有效期, not 暂扣 or
  注销 by then).
- enf.exam.takers: the takers with a score (缺考 not counted) of the exam batches held in the
  period and not 作废; the report says "400余人" (Display.APPROX).
- enf.training.attendees: the 参训人数 summed over the trainings held in the period and not 作废
  (a training's 参训人数 is its attendance list's length, or the headcount given); "580余人".

Every figure is a condition over one table, counted by the registry in one aggregate statement
(compute_all); the sums go through advisers' `SummedTable` pattern (COUNT read as SUM).
"""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from fazhi.core.models import OrgUnit
from fazhi.core.records import RecordQuerySet
from fazhi.figures.registry import Display, Period, Share, Table, figure

from .models import ExamBatch, ExamEntry, ExamStatus, Officer, Team, Training, TrainingStatus
from .queries import holds_valid, in_post_q


class AttendeesQuerySet(RecordQuerySet):
    """Trainings whose count is the sum of their 参训人数: the registry's Count("pk", filter=…)
    is read as Sum("attendees", filter=…)."""

    def aggregate(self, *args, **kwargs):
        return super().aggregate(*args, **{k: self._sum(v) for k, v in kwargs.items()})

    def annotate(self, *args, **kwargs):
        return super().annotate(*args, **{k: self._sum(v) for k, v in kwargs.items()})

    @staticmethod
    def _sum(expression):
        if isinstance(expression, Count) and not expression.distinct:
            return Sum("attendees", filter=expression.filter, default=0)
        return expression


@dataclass(frozen=True)
class AttendeesTable(Table):
    def rows(self, units: list[int]):
        rows = AttendeesQuerySet(self.model).filter(**{f"{self.scope_field}__in": units})
        return rows.select_related(*self.related) if self.related else rows


UNITS = Table(OrgUnit, "pk")
OFFICERS = Table(Officer, related=("unit",))
EXAM_ENTRIES = Table(ExamEntry, "unit", related=("batch",))
TRAININGS = AttendeesTable(Training, related=("unit",))


def _teams_existing(period: Period) -> Q:
    return Q(established_on__lte=period.end) & (
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=period.end)
    )


@figure("enf.teams", "成立综合执法大队的部门", "个", section="三", table=UNITS)
def teams(scope, period) -> Q:
    """期末存续(已成立登记、未撤销)综合执法大队(队伍)的部门个数，每个部门计一次。"""
    return Q(pk__in=Team.objects.filter(_teams_existing(period)).values("unit"))


@figure(
    "enf.officers.registered",
    "录入行政执法证件管理系统的执法人员",
    "名",
    section="四.1",
    table=OFFICERS,
)
def officers_registered(scope, period) -> Q:
    """期末前已登记(录入证件管理系统)且期末在岗的行政执法人员人数。"""
    return in_post_q(period.end)


@figure("enf.certified_rate", "行政执法人员持证率", "%", section="四.1", table=OFFICERS)
def certified_rate(scope, period) -> Share:
    """期末在岗的行政执法人员中，期末持有有效执法证(在有效期内、未暂扣、未注销)的人数 ÷ 期末在岗的
    行政执法人员人数。"""
    return Share(in_post_q(period.end), Q(holds_valid(None, period.end)))


@figure(
    "enf.exam.takers",
    "参加行政执法考试",
    "人",
    section="四.2",
    display=Display.APPROX,
    table=EXAM_ENTRIES,
)
def exam_takers(scope, period) -> Q:
    """期内举行、未作废的行政执法考试批次中有成绩的参考人数(缺考不计)；报告按“××余人”表述。"""
    return Q(
        batch__held_on__range=period.range,
        batch__status=ExamStatus.RECORDED,
        score__isnull=False,
    )


@figure(
    "enf.training.attendees",
    "行政执法业务培训参训",
    "人",
    section="四.2",
    display=Display.APPROX,
    table=TRAININGS,
)
def training_attendees(scope, period) -> Q:
    """期内举行、未作废的行政执法业务培训的参训人数之和(逐人签到的按名单人数，未逐人登记的按填报的
    参训人数)；报告按“××余人”表述。"""
    return Q(held_on__range=period.range, status=TrainingStatus.RECORDED)


EXAM_BATCHES = Table(ExamBatch, related=("unit",))
TRAINING_ROWS = Table(Training, related=("unit",))


@figure("enf.exam.batches", "组织行政执法考试批次", "批", section="四.2", table=EXAM_BATCHES)
def exam_batches(scope, period) -> Q:
    """期内举行、未作废的行政执法考试批次数。"""
    return Q(held_on__range=period.range, status=ExamStatus.RECORDED)


@figure("enf.trainings", "组织行政执法业务培训", "次", section="四.2", table=TRAINING_ROWS)
def trainings(scope, period) -> Q:
    """期内举行、未作废的行政执法业务培训次数。"""
    return Q(held_on__range=period.range, status=TrainingStatus.RECORDED)
