"""The test city's 任务分工统筹单位: 弥勒市司法局 (the root conftest's `org`, extended)."""

import pytest

from .factories import assign_office


@pytest.fixture
def org(org):
    assign_office(org)
    return org
