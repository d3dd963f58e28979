"""Fixtures the kernel's tests share."""

import pytest

from fazhi.core.audit import Channel
from fazhi.core.models import Notice, UnitKind
from fazhi.core.services import create_unit


@pytest.fixture
def police_station(org):
    """弥勒市公安局 with a 派出所 under it, each with a record of its own."""
    station = create_unit(
        None,
        Channel.CLI,
        code="532504-gaj-xm",
        name="弥勒市公安局新哨派出所",
        kind=UnitKind.OTHER,
        parent=org["police"],
    )
    for unit in (org["police"], station):
        Notice.objects.create(unit=unit, text=f"{unit.name}的记录", link="/")
    return station
