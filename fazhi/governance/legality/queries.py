"""Who sees 合法性审核: the unit that sent the draft (and its overseers: the coordinators and
leaders of its government), and the 合法性审核机构 that reviews it. Another county sees
nothing (404).

`review_of` and `cleared` answer other procedures (a 重大行政决策 may not be discussed without a
review that found it lawful: 重大行政决策程序暂行条例 art. 25 ¶2)."""

from django.contrib.contenttypes.models import ContentType

from fazhi.core.permissions import unit_scope_q

from .models import Opinion, Review, ReviewStatus


def visible_reviews(user):
    if not user.is_authenticated:
        return Review.objects.none()
    mine = unit_scope_q(user, "unit", "office")
    return Review.objects.filter(mine).select_related("unit", "office")


def open_reviews(user):
    return visible_reviews(user).filter(status__in=ReviewStatus.open())


def _of(subject):
    if subject is None or subject.pk is None:
        return Review.objects.none()
    subject_type = ContentType.objects.get_for_model(subject)
    return Review.objects.filter(subject_type=subject_type, subject_id=subject.pk).order_by(
        "-submitted_on", "-id"
    )


def review_of(subject) -> Review | None:
    """The latest review whose subject is this record, in any status."""
    return _of(subject).first()


def cleared(subject) -> Review | None:
    """The latest review of this record that gave an opinion of 合法 or 修改后合法; None when there
    is none, or when the latest opinion given is 不合法."""
    latest = _of(subject).filter(status=ReviewStatus.GIVEN).order_by("-opinion_on", "-id").first()
    if latest is None or latest.opinion not in Opinion.clearing():
        return None
    return latest
