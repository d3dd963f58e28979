"""The test city's 证明事项清单管理单位: each county's 司法局 (the root conftest's `org`,
extended)."""

import pytest

from .factories import assign_office


@pytest.fixture
def org(org):
    assign_office(org)
    return org
