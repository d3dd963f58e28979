"""The test city's 重大执法决定备案审查机关: 弥勒市司法局, and 开远市司法局 for 开远市."""

import pytest

from .factories import assign_filing


@pytest.fixture
def org(org):
    assign_filing(org)
    return org
