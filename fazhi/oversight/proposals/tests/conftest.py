"""The test city's 建议提案交办机构: 弥勒市司法局 (the root conftest's `org`, extended), so that
its staff (`reviewer`, `coordinator`) register, 交办, merge and record ratings."""

import pytest

from .factories import assign_office


@pytest.fixture
def org(org):
    assign_office(org)
    return org
