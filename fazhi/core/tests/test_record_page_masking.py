"""The record page masks every ID and mobile number typed into a record's free text (its title,
reasons, opinions) until one who handles the record opens it with 查看完整个人信息, an audit row
naming the fields opened (个人信息保护法 第十条、第五十一条). A procedure that declares no personal
data of its own (重大行政决策) is no exception: what its staff typed is masked the same way."""

import pytest
from django.urls import reverse

from fazhi.core import procedures
from fazhi.core.masking import masked_record
from fazhi.core.models import AuditEntry
from fazhi.governance.decisions.tests.factories import listed

ID_NUMBER = "53252619800101001X"
TITLE = f"关于张某(身份证号{ID_NUMBER})宅基地征收补偿的决定"


def _record_and_handler(org, people):
    decision = listed(org, people, title=TITLE)
    procedure = procedures.get("decisions")
    handler = next(u for u in people.values() if procedure.steps.handles(u, decision))
    return decision, handler


def test_a_handler_sees_typed_numbers_masked_until_an_audited_opening(org, people, client):
    decision, handler = _record_and_handler(org, people)
    client.force_login(handler)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert ID_NUMBER not in page and "5325**********001X" in page
    reveal = reverse("decisions:reveal", args=[decision.pk])
    assert f'action="{reveal}"' in page  # offered although the procedure declares no personal data
    assert not AuditEntry.objects.filter(action="查看完整个人信息").exists()

    page = client.post(reveal).content.decode()
    assert ID_NUMBER in page
    entry = AuditEntry.objects.get(action="查看完整个人信息", object_id=str(decision.pk))
    assert entry.after == {"fields": ["title"]} and entry.actor == handler


def test_a_viewer_who_handles_nothing_may_not_open_the_record(org, people, client):
    decision, _ = _record_and_handler(org, people)
    client.force_login(people["leader"])
    page = client.get(decision.get_absolute_url()).content.decode()
    reveal = reverse("decisions:reveal", args=[decision.pk])
    assert ID_NUMBER not in page and reveal not in page
    assert client.post(reveal).status_code == 403
    assert not AuditEntry.objects.filter(action="查看完整个人信息").exists()


def test_the_masked_copy_is_for_display_only(org, people):
    decision, _ = _record_and_handler(org, people)
    shown, masked = masked_record(decision)
    assert masked == ["title"] and ID_NUMBER not in str(shown) and decision.title == TITLE
    with pytest.raises(TypeError):
        shown.save()
    decision.refresh_from_db()
    assert decision.title == TITLE


def test_nothing_to_open_offers_no_opening(org, people, client):
    decision, handler = _record_and_handler(org, people)
    type(decision).objects.filter(pk=decision.pk).update(title="弥勒市城区停车收费管理办法")
    client.force_login(handler)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert reverse("decisions:reveal", args=[decision.pk]) not in page
