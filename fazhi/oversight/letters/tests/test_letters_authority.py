"""Who may pass a letter on, and where to (issue 6, writes): a letter is received, passed on,
moved and closed only by its registrar unit (or the coordinator of its government), and passed
only to units of the government that received it — whatever the path: page, API, import or a
direct call of the service."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.core.workflow import Refusal
from fazhi.oversight.letters import services
from fazhi.oversight.letters.models import Letter, LetterStatus

from .factories import assigned, received

D = dt.date


def _unchanged(letter, call, message):
    before = Letter.objects.filter(pk=letter.pk).values().get()
    rows = AuditEntry.objects.count()
    with pytest.raises(Refusal, match=message):
        call()
    assert Letter.objects.filter(pk=letter.pk).values().get() == before
    assert AuditEntry.objects.count() == rows


def test_only_the_registrar_passes_a_letter_on(org, people):
    letter = received(org, people["coordinator"])  # received by 司法局 for 弥勒市
    for outsider in (people["police_staff"], people["kaiyuan_staff"]):
        _unchanged(
            letter,
            lambda user=outsider: services.assign(
                user, Channel.IMPORT, letter, unit=org["land"], on=D(2021, 3, 2)
            ),
            "登记交办该信件的单位",
        )
    letter = services.assign(
        people["reviewer"], Channel.WEB, letter, unit=org["police"], on=D(2021, 3, 2)
    )
    # The unit it was passed to answers it; it cannot pass it on to a third unit itself.
    _unchanged(
        letter,
        lambda: services.reassign(
            people["police_staff"],
            Channel.API,
            letter,
            unit=org["land"],
            on=D(2021, 3, 3),
            reason="非本单位职责",
        ),
        "登记交办该信件的单位",
    )
    _unchanged(
        letter,
        lambda: services.reply(
            people["land_staff"], Channel.WEB, letter, on=D(2021, 3, 3), summary="已答复"
        ),
        "承办单位",
    )


def test_a_letter_goes_only_to_units_of_the_government_that_received_it(org, people, client):
    letter = received(org, people["coordinator"])
    _unchanged(
        letter,
        lambda: services.assign(
            people["coordinator"],
            Channel.WEB,
            letter,
            unit=org["kaiyuan_justice"],
            on=D(2021, 3, 2),
        ),
        "不属于",
    )
    client.force_login(people["coordinator"])
    page = client.get(letter.get_absolute_url()).content.decode()
    form = page[page.index('name="assign-unit"') :]
    offered = set(re.findall(r'<option value="(\d+)"', form[: form.index("</select>")]))
    government = {org[k].pk for k in ("justice", "police", "land", "miyang")}
    assert offered == {str(pk) for pk in government}
    api = client.post(
        f"/api/letters/records/{letter.pk}/assign",
        {"on": "2021-03-02", "unit": "532502-sfj"},
        content_type="application/json",
    )
    assert api.status_code == 422 and "承办单位" in api.json()["detail"]
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.RECEIVED


def test_a_letter_is_received_only_for_the_actors_own_unit(org, people):
    with pytest.raises(Refusal, match="只能为您所在单位"):
        services.receive(
            people["kaiyuan_staff"],
            Channel.API,
            organ=org["mile"],
            registrar=org["justice"],
            letter=services.Incoming("HH2021-X", D(2021, 3, 1), "王五", "建议", "suggestion"),
        )
    assert not Letter.objects.exists()


def test_a_unit_without_the_mailbox_cannot_open_one_by_naming_itself_registrar(org, people):
    """Before, any staff user registered letters naming their own department as registrar."""
    with pytest.raises(Refusal, match="信箱信件登记交办单位"):
        services.receive(
            people["police_staff"],
            Channel.WEB,
            organ=org["mile"],
            registrar=org["police"],
            letter=services.Incoming("HH2021-Y", D(2021, 3, 1), "王五", "建议", "suggestion"),
        )
    assert not Letter.objects.exists()


def test_the_page_offers_each_unit_only_its_own_steps(org, people, client):
    letter = assigned(org, people["coordinator"])
    client.force_login(people["police_staff"])
    page = client.get(letter.get_absolute_url()).content.decode()
    assert "<summary>答复</summary>" in page and "<summary>退回改派</summary>" not in page
    response = client.post(
        reverse("letters:step", args=[letter.pk, "reassign"]),
        {"reassign-unit": org["land"].pk, "reassign-on": "2021-03-02", "reassign-reason": "x"},
    )
    assert response.status_code == 403
    assert Letter.objects.get(pk=letter.pk).unit_id == org["police"].pk
