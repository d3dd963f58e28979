"""The test city's 合法性审核机构 and 备案审查机构: 弥勒市司法局 (and 开远市司法局)."""

import pytest

from .factories import assign_offices


@pytest.fixture
def org(org):
    assign_offices(org)
    return org
