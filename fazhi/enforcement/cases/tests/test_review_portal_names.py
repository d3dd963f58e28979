"""Review: the 执法公示 masks a natural person's name wherever the published row carries it. The
执法对象 column showed "张**" while the 案由 beside it (and the 执法结论, and the reason a
decision was taken down) printed "张三丰" in full: 案由 are commonly written with the party's
name ("张三丰无证经营案")."""

import datetime as dt

from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.enforcement.cases import services
from fazhi.enforcement.cases.models import Outcome

from .factories import opened

D = dt.date
W = Channel.WEB


def _published(org, people, *, person=True):
    staff = people["police_staff"]
    name = "张三丰" if person else "弥勒市三丰超市有限公司"
    case = opened(
        org,
        staff,
        title=f"{name}无证经营案",
        party_kind="person" if person else "organisation",
        party_name=name,
        party_id_number="53252619800101001X" if person else "",
    )
    case = services.investigate(staff, W, case, on=D(2025, 6, 4))
    case = services.conclude(staff, W, case, on=D(2025, 6, 10))
    case = services.notify(staff, W, case, on=D(2025, 6, 11))
    case = services.decide(
        staff, W, case, outcome=Outcome.PENALTY, on=D(2025, 6, 18), conclusion=f"对{name}罚款5000元"
    )
    return services.publish(staff, W, case, on=D(2025, 6, 20))


def test_a_persons_name_in_the_title_and_conclusion_is_masked_on_the_portal(org, people, client):
    _published(org, people)
    page = client.get(reverse("enforcement:portal")).content.decode()
    assert "张三丰" not in page
    assert "张**无证经营案" in page and "对张**罚款5000元" in page


def test_the_name_stays_masked_after_the_decision_is_taken_down(org, people, client):
    case = _published(org, people)
    staff = people["police_staff"]
    case = services.revoke(
        staff, W, case, on=D(2025, 7, 1), revocation="revoked", reason="张三丰申请复议，决定被撤销"
    )
    services.withdraw(staff, W, case, on=D(2025, 7, 2))
    page = client.get(reverse("enforcement:portal")).content.decode()
    assert "张三丰" not in page and "张**无证经营案" in page


def test_an_organisations_name_is_public(org, people, client):
    _published(org, people, person=False)
    page = client.get(reverse("enforcement:portal")).content.decode()
    assert "弥勒市三丰超市有限公司无证经营案" in page
