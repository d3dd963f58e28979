"""Two small kernel pieces procedures build on: the public as an actor (a portal form's
submitter: no account, reaching only the portal's own government), and exports that mask the
fields a procedure declares personal (free text a requester typed)."""

from types import SimpleNamespace

from fazhi.core.authority import ActsFor, Holds, Public, PublicActor, within_government
from fazhi.core.exports import model_columns
from fazhi.core.masking import mask_text
from fazhi.core.models import OrgUnit


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


def test_an_export_masks_the_fields_it_is_told_are_personal(org):
    OrgUnit.objects.filter(pk=org["police"].pk).update(short_name="联系13987654321")
    unit = OrgUnit.objects.get(pk=org["police"].pk)
    plain = {c.header: c.value(unit) for c in model_columns(OrgUnit)}
    masked = {
        c.header: c.value(unit) for c in model_columns(OrgUnit, masks={"short_name": mask_text})
    }
    assert plain["简称"] == "联系13987654321"
    assert masked["简称"] == "联系139****4321" and masked["单位名称"] == "弥勒市公安局"
