"""The test city's 合法性审核机构: 弥勒市司法局, and 开远市司法局 for 开远市 (the root conftest's
`org`, extended), so that their `reviewer` and `coordinator` give opinions."""

import pytest

from .factories import assign_office


@pytest.fixture
def org(org):
    assign_office(org)
    return org
