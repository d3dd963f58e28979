"""Who sees 执法队伍与执法人员 records, and the certificate interface other procedures use.

A department sees its own teams, officers, certificates, exams and trainings; the overseers of its
government (a coordinator or leader) the whole subtree. Another county sees nothing: a record that
is not visible answers 404.

The interface (binding for the 行政执法 cases app): `lacking_certificate(officers, field, on)` and
`certified_officers(unit, field, on)`. A certificate is valid on a day when the day lies within
its 发证日期 and 有效期至 and it was neither 暂扣 nor 注销 on or before that day (a card 暂扣 on
the 10th was valid on the 9th); 过期 is only the tick's mark of a passed 有效期. 行政处罚法
art. 42: "行政处罚应当由具有行政执法资格的执法人员实施".
"""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet

from fazhi.core.permissions import unit_scope_q

from .models import (
    Certificate,
    CertificateStatus,
    EnforcementField,
    ExamBatch,
    Officer,
    OfficerStatus,
    Team,
    Training,
)

# What other procedures may use of the officers (EnforcementField: the 执法领域 of a certificate
# and of a case); the rest of this module serves the officers app's own pages.
__all__ = [
    "EnforcementField",
    "certified_officers",
    "lacking_certificate",
    "officers_in_scope",
    "officers_named",
    "officers_of",
]

C = CertificateStatus


def valid_on_q(on: dt.date, prefix: str = "") -> Q:
    """The condition on a Certificate (or on `prefix`-ed certificate fields) of being valid on
    `on`."""

    def q(**kw):
        return Q(**{f"{prefix}{k}": v for k, v in kw.items()})

    return q(issued_on__lte=on, valid_until__gte=on) & (
        q(status__in=[C.VALID, C.EXPIRED])
        | q(status=C.SUSPENDED, suspended_on__gt=on)
        | q(status=C.REVOKED, revoked_on__gt=on)
    )


def in_post_q(on: dt.date, prefix: str = "") -> Q:
    """The condition on an Officer of being in post on `on`: registered by then, and still in post
    or left after that day."""
    registered = Q(**{f"{prefix}registered_on__lte": on})
    staying = Q(**{f"{prefix}status": OfficerStatus.IN_POST}) | Q(**{f"{prefix}left_on__gt": on})
    return registered & staying


def holds_valid(field: str | None, on: dt.date) -> Exists:
    """An Exists over the officer's certificates valid on `on` (for `field`, or any field)."""
    certificates = Certificate.objects.filter(valid_on_q(on), officer_id=OuterRef("pk"))
    if field:
        certificates = certificates.filter(field=field)
    return Exists(certificates)


def lacking_certificate(officers: Iterable[Officer] | QuerySet, field: str, on: dt.date) -> list:
    """Of the given officers, those without a certificate valid on `on` for `field`, or not in
    post on `on`. One query, whatever the number of officers."""
    qualified = in_post_q(on) & Q(holds_valid(field, on))
    if isinstance(officers, QuerySet):
        return list(officers.exclude(qualified))
    officers = list(officers)
    if not officers:
        return []
    ids = {o.pk for o in officers}
    ok = set(Officer.objects.filter(qualified, pk__in=ids).values_list("pk", flat=True))
    return [o for o in officers if o.pk not in ok]


def certified_officers(unit, field: str, on: dt.date) -> QuerySet:
    """The officers of `unit` in post on `on` holding a certificate valid that day for `field`
    (for forms offering officers)."""
    return (
        Officer.objects.filter(in_post_q(on), holds_valid(field, on), unit=unit)
        .select_related("unit")
        .order_by("name", "id")
    )


# --- visibility ---------------------------------------------------------------------------------


def _visible(model, user, *related):
    if not user.is_authenticated:
        return model.objects.none()
    return model.objects.filter(unit_scope_q(user, "unit")).select_related("unit", *related)


def visible_teams(user):
    return _visible(Team, user)


def visible_officers(user):
    return _visible(Officer, user, "team")


def visible_certificates(user):
    return _visible(Certificate, user, "officer")


def visible_exams(user):
    return _visible(ExamBatch, user)


def visible_trainings(user):
    return _visible(Training, user)


def expiring_certificates(user):
    """The workbench's source: valid certificates, by the end of their 有效期."""
    return visible_certificates(user).filter(status=C.VALID)


# --- for the procedures that put officers on their records (enforcement cases) ------------------


def officers_in_scope(user) -> QuerySet:
    """Every officer of the units the user acts for, by unit and name (a form's choices)."""
    rows = Officer.objects.filter(unit_scope_q(user, "unit")).select_related("unit")
    return rows.order_by("unit__path", "name")


def officers_of(unit_id: int) -> QuerySet:
    """The officers of one unit, by name."""
    return Officer.objects.filter(unit_id=unit_id).select_related("unit").order_by("name")


def officers_named(unit_ids: Iterable[int], names: Iterable[str]) -> QuerySet:
    """The officers of those units bearing those names (an import's lookup, one query)."""
    return Officer.objects.filter(unit_id__in=list(unit_ids), name__in=list(names))
