"""Which unit of a government holds a duty a procedure needs (its 行政复议机构, its 督查室 …).

Procedures declare the duties they know (fazhi.core.procedures.Duty); the coordinator assigns them
to units of the government. The assignment is a write like any other: checked and audited.
"""

from django.db import transaction

from . import audit
from .authority import acts_for, forget_duties
from .models import OrgUnit, Role, UnitDuty
from .procedures import all_duties, duty_label
from .workflow import Refusal


def assign(actor, channel: str, unit: OrgUnit, duty: str) -> UnitDuty:
    """Give `unit` the duty; the coordinator of its government (or the command line) decides."""
    _check(actor, unit, duty)
    with transaction.atomic():
        held, created = UnitDuty.objects.get_or_create(unit=unit, duty=duty)
        forget_duties(unit)
        if created:
            audit.record(actor, channel, "指定单位职责", unit, None, {"duty": duty_label(duty)})
    return held


def revoke(actor, channel: str, unit: OrgUnit, duty: str) -> None:
    _check(actor, unit, duty)
    with transaction.atomic():
        deleted, _ = UnitDuty.objects.filter(unit=unit, duty=duty).delete()
        forget_duties(unit)
        if deleted:
            audit.record(actor, channel, "撤销单位职责", unit, {"duty": duty_label(duty)}, None)


def holders(government: OrgUnit, duty: str):
    return OrgUnit.objects.filter(path__startswith=government.path, duties__duty=duty).order_by(
        "path"
    )


def _check(actor, unit: OrgUnit, duty: str) -> None:
    if duty not in {d.key for d in all_duties()}:
        raise Refusal(f"未知的职责“{duty}”。")
    if actor is None:  # the command line and the demo build
        return
    if not (actor.role == Role.COORDINATOR and acts_for(actor, unit)):
        raise Refusal("只有本级政府的统筹协调人员可以指定单位职责。")
