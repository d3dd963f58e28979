"""An ID number or a mobile number typed into a record's free text (a 案由, a reason, a summary)
is masked on the record's page and on its ledger for a viewer who has not opened the record
(查看完整信息, itself an audit row): 个人信息保护法 — personal data shown only where it is needed.
A sweep over every procedure's declaration, one example record each, seen by the city's leader
(who may see the records, and may open none)."""

import html
from importlib import import_module

import pytest

from fazhi.core.procedures import all_procedures
from fazhi.testing.typed_text import free_text_fields, inject, leaks_in

PROCEDURES = all_procedures()


@pytest.mark.parametrize("procedure", PROCEDURES, ids=[p.key for p in PROCEDURES])
def test_an_id_or_phone_typed_into_free_text_is_masked(procedure, org, people, client):
    app = procedure.model.__module__.rsplit(".", 1)[0]
    record = import_module(f"{app}.tests.factories").example(org, people, procedure.key)
    if not free_text_fields(type(record)):
        pytest.skip(f"{type(record)._meta.label} has no free text")
    inject(record)
    client.force_login(people["leader"])
    leaks = []
    for url in (f"/{procedure.url_prefix}{record.pk}/", f"/{procedure.url_prefix}"):
        response = client.get(url)
        if response.status_code != 200:
            continue
        page = response.content.decode()
        leaks += [f"{url}: {leak}" for leak in leaks_in(html.unescape(page))]
    assert not leaks, leaks
