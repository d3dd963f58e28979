"""The public as an actor: someone submitting a portal form (a 政府信息公开 request) has no
account and no unit, is admitted by no staff rule, and reaches only the portal's government."""

from types import SimpleNamespace

from fazhi.core.authority import ActsFor, Holds, Public, PublicActor, within_government


def test_the_public_is_admitted_only_by_the_public_rule_and_within_its_government(org, people):
    applicant = PublicActor("申请人(门户网站)", org["mile"])
    record = SimpleNamespace(unit=org["police"])
    assert Public().allows(applicant, record)
    assert not Public().allows(people["police_staff"], record)
    assert not Public().allows(None, record)
    # No staff rule ever admits the public (and none fails on it).
    assert not ActsFor().allows(applicant, record)
    assert not Holds("can_approve_extension").allows(applicant, record)
    assert within_government(applicant, org["police"])
    assert not within_government(applicant, org["kaiyuan_justice"])
    assert (applicant.pk, str(applicant)) == (None, "申请人(门户网站)")
