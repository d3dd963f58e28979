"""What the inbox's tests share: records changed behind the steps with the open-items table kept
in line, and a coordinator of another county."""

from fazhi.core import openitems
from fazhi.core.audit import Channel
from fazhi.core.models import Role
from fazhi.core.services import create_user


def behind_the_steps(record, **values):
    """Change a record as no step would (its age, a due date), keeping the kernel's open-items
    table in line with it as every step does; returns the record as stored."""
    model = type(record)
    model.objects.filter(pk=record.pk).update(**values)
    stored = model.objects.get(pk=record.pk)
    openitems.sync([stored])
    return stored


def kaiyuan_coordinator(org):
    """开远市's coordinator: another county's overseer."""
    return create_user(
        None,
        Channel.CLI,
        username="kycoord",
        password="pass-Fazhi-2021",
        unit=org["kaiyuan_justice"],
        role=Role.COORDINATOR,
    )
