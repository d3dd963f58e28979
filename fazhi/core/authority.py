"""Who may take a step: small rules that a procedure's transition table names, and that the kernel
checks for the page, the API, imports and jobs alike (fazhi.core.steps).

A rule answers two questions: does it allow this user on this record, and — when it does not —
what to tell the user, in Chinese. Rules combine with `&` and `|`.

Reach, the two scopes the kernel knows:
- a user *acts for* a unit when the unit lies in the user's scope: an overseer's (coordinator's,
  leader's) government subtree, or the user's own unit and the units under it;
- a unit is *within the government* of a user when it lies under the government the user works
  for: a department may name another department of its own city (as a 被申请人, or as the unit a
  letter is passed to), never a unit of another county. The public (`PublicActor`, through the
  portal's forms) reaches the units of the government whose portal it is.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import OuterRef, Subquery

from .models import OrgUnit, Role, UnitDuty, User
from .permissions import may_change_closed, unit_in_scope

HANDLING_ROLES = (Role.COORDINATOR, Role.REVIEWER, Role.STAFF)


@dataclass(frozen=True)
class PublicActor:
    """Someone of the public acting through a public form of the portal (a 政府信息公开 request, a
    rating): no account and no unit. The audit trail names them by `display_name`; only the rule
    `Public()` admits them; what they submit reaches only the government whose portal it is."""

    display_name: str
    government: OrgUnit
    pk = None
    unit_id = None
    is_authenticated = False

    def __str__(self) -> str:
        return self.display_name


def is_person(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.unit_id)


def acts_for(user, unit: OrgUnit | None) -> bool:
    return is_person(user) and unit_in_scope(user, unit)


def within_government(user, unit: OrgUnit | None) -> bool:
    if unit is None:
        return False
    if isinstance(user, PublicActor):
        return unit.path.startswith(user.government.path)
    if not is_person(user):
        return False
    return unit.path.startswith(user.unit.government().path)


# Where a unit loaded with its user carries the duties it holds (backends.UnitModelBackend).
_DUTIES_HELD = "_duties_held"


class _Joined(models.Aggregate):
    """Texts joined by commas: STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite. A duty's key is a
    dotted name a procedure declares ("reconsideration.office"), never a comma."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = models.CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


@functools.cache
def duties_held(unit_column: str) -> Subquery:
    """The duties of the unit in `unit_column` as one text, to read in the same statement as the
    user: every list page asked in a query of its own whether the user's unit holds its
    procedure's duty (HasDuty, for the registration button and the bulk steps). Built once: a
    query that annotates it resolves a copy."""
    held = UnitDuty.objects.filter(unit=OuterRef(unit_column)).order_by().values("unit")
    return Subquery(held.annotate(joined=_Joined("duty")).values("joined"))


def remember_duties(unit: OrgUnit, joined: str | None) -> None:
    """Keep on `unit` the duties `duties_held` read with it. The unit object lives as long as the
    request's user: a duty given or taken away counts from the next request."""
    setattr(unit, _DUTIES_HELD, frozenset(filter(None, (joined or "").split(","))))


def forget_duties(unit: OrgUnit) -> None:
    """After a change to the unit's duties: the object asks the table again."""
    unit.__dict__.pop(_DUTIES_HELD, None)


def holds_duty(unit: OrgUnit | None, duty: str) -> bool:
    if unit is None:
        return False
    held = getattr(unit, _DUTIES_HELD, None)
    if held is not None:
        return duty in held
    return UnitDuty.objects.filter(unit=unit, duty=duty).exists()


def field_unit(obj, field: str) -> OrgUnit | None:
    """The unit a record names in `field` (a dotted path such as "request.agency" is followed)."""
    value = obj
    for name in field.split("."):
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


class Rule:
    """Whether a user may act on a record; `reason` says why not, in Chinese."""

    reason: str = "您无权办理此事项。"
    # True when the answer depends on the user and the units of `unit_fields()` alone, so that a
    # batch of records naming the same units may be answered once (Steps.check_creation). Off
    # unless a rule declares it: a rule of a procedure's own may read anything of the record.
    reads_units_only = False

    def allows(self, user, obj) -> bool:
        raise NotImplementedError

    def unit_fields(self) -> tuple[str, ...]:
        """The (dotted) unit fields `allows` reads, so that a list of records can load them with
        the records instead of one query each."""
        return ()

    def refusal(self, user, obj) -> str | None:
        return None if self.allows(user, obj) else self.reason

    def __and__(self, other: "Rule") -> "Rule":
        return AllOf((self, other))

    def __or__(self, other: "Rule") -> "Rule":
        return AnyOf((self, other))


@dataclass(frozen=True)
class AllOf(Rule):
    rules: tuple

    def allows(self, user, obj) -> bool:
        return all(rule.allows(user, obj) for rule in self.rules)

    @property
    def reads_units_only(self) -> bool:
        return all(rule.reads_units_only for rule in self.rules)

    def unit_fields(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for rule in self.rules for f in rule.unit_fields()))

    def refusal(self, user, obj) -> str | None:
        for rule in self.rules:
            reason = rule.refusal(user, obj)
            if reason:
                return reason
        return None


@dataclass(frozen=True)
class AnyOf(Rule):
    rules: tuple

    def allows(self, user, obj) -> bool:
        return any(rule.allows(user, obj) for rule in self.rules)

    @property
    def reads_units_only(self) -> bool:
        return all(rule.reads_units_only for rule in self.rules)

    def unit_fields(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for rule in self.rules for f in rule.unit_fields()))

    def refusal(self, user, obj) -> str | None:
        if self.allows(user, obj):
            return None
        return self.rules[0].refusal(user, obj)


@dataclass(frozen=True)
class ActsFor(Rule):
    """Staff (统筹, 审核, 法制员) who act for the unit the record names in `field`."""

    reads_units_only = True
    field: str = "unit"
    roles: tuple = HANDLING_ROLES
    reason: str = "只有承办单位的工作人员可以办理。"

    def allows(self, user, obj) -> bool:
        return acts_for(user, field_unit(obj, self.field)) and user.role in self.roles

    def unit_fields(self) -> tuple[str, ...]:
        return (self.field,)


@dataclass(frozen=True)
class HasRole(Rule):
    reads_units_only = True

    roles: tuple
    reason: str = "您的角色不能办理此事项。"

    def allows(self, user, obj) -> bool:
        return is_person(user) and user.role in self.roles


@dataclass(frozen=True)
class HasDuty(Rule):
    """The user's own unit holds a duty its government assigned (e.g. 行政复议机构)."""

    reads_units_only = True
    duty: str
    reason: str = "您所在单位未承担此项职责。"

    def allows(self, user, obj) -> bool:
        return is_person(user) and holds_duty(user.unit, self.duty)


@dataclass(frozen=True)
class Holds(Rule):
    """A personal authority (a flag on the user, such as 可批准延期), within the government of the
    unit the record names in `field`."""

    reads_units_only = True
    flag: str
    field: str = "unit"
    reason: str = "您没有批准权限。"

    def allows(self, user, obj) -> bool:
        unit = field_unit(obj, self.field)
        return bool(
            is_person(user)
            and getattr(user, self.flag, False)
            and unit is not None
            and within_government(user, unit)
        )

    def unit_fields(self) -> tuple[str, ...]:
        return (self.field,)


@dataclass(frozen=True)
class MayOverride(Rule):
    """Changing a concluded record takes the explicit override (docs/architecture.md, 权限)."""

    reads_units_only = True
    reason: str = "案件已办结，只读；如需更正，请由具有更正权限的人员办理。"

    def allows(self, user, obj) -> bool:
        return is_person(user) and may_change_closed(user)


@dataclass(frozen=True)
class Public(Rule):
    """The public through the portal's own form (a `PublicActor`), never a staff session."""

    reads_units_only = True
    reason: str = "只能由申请人通过门户网站提交。"

    def allows(self, user, obj) -> bool:
        return isinstance(user, PublicActor)


@dataclass(frozen=True)
class System(Rule):
    """Steps the law takes by itself (视为受理 …): only the scheduled job, never a person."""

    reads_units_only = True
    reason: str = "此事项由系统按法定期限自动办理。"

    def allows(self, user, obj) -> bool:
        return user is None


@dataclass(frozen=True)
class Check(Rule):
    """A rule of the procedure's own, written as a function of (user, record)."""

    test: Callable
    reason: str = "您无权办理此事项。"

    def allows(self, user, obj) -> bool:
        return bool(test_result(self.test, user, obj))


def test_result(test: Callable, user, obj) -> bool:
    return test(user, obj) if is_person(user) else False


def display(user: User | None) -> str:
    if user is None:
        return "系统"
    return user.display_name
