"""Scope sweep: 行政规范性文件 (文件, 清理, 备案审查, 附带审查, 公开文库).

Another unit of the same county, the other county (开远市), an anonymous visitor and the public
portal against every page, step, approval, attachment, 文书, export, import and public page; what
each refusal asserts is in fazhi.testing.scope_sweep."""

import datetime as dt

import pytest

from fazhi.core.audit import Channel
from fazhi.governance.normative import services
from fazhi.governance.normative.imports import DocumentImporter
from fazhi.governance.normative.models import (
    CleanupCampaign,
    FilingReview,
    IncidentalReview,
    NormativeDocument,
)
from fazhi.testing import scope_sweep as scope

from . import factories as f

W = Channel.WEB
D = dt.date


@pytest.fixture
def kaiyuan_coord(org):
    return scope.kaiyuan_coordinator(org)


@pytest.fixture
def document(org, people):
    """公安局's own 规范性文件, through 合法性审核 and 集体审议, published, with an attachment."""
    doc = f.published(org, people, title="弥勒市公安局关于停车秩序的通告（扫描）")
    scope.attach_file(doc, people["police_staff"])
    return NormativeDocument.objects.get(pk=doc.pk)


def test_document_is_invisible_outside_its_units(client, org, people, document, kaiyuan_coord):
    for user in scope.outsiders(people, kaiyuan_coord):
        scope.sweep_reads(client, document, user, unit=org["police"], marker=document.title)


def test_outsiders_take_no_step_of_a_document(client, org, people, document, kaiyuan_coord):
    for user in scope.outsiders(people, kaiyuan_coord):
        scope.sweep_steps(client, document, user, visible=False, maker=people["police_staff"])
    scope.sweep_steps(
        client, document, people["leader"], visible=True, maker=people["police_staff"]
    )
    scope.sweep_viewer(client, document, people["leader"])


def test_a_department_takes_no_step_of_its_governments_document(client, org, people):
    """A document 公安局 drafted for the government (制定机关 弥勒市人民政府) is carried by 公安局
    and the government's coordinator; 自然资源局 neither sees nor acts on it."""
    doc = f.drafted(org, people["police_staff"], organ=org["mile"], title="弥勒市人民政府通告")
    scope.sweep_reads(client, doc, people["land_staff"], unit=org["mile"], marker=doc.title)
    scope.sweep_steps(
        client, doc, people["land_staff"], visible=False, maker=people["police_staff"]
    )


def test_campaign_is_the_coordinators_alone(client, org, people, kaiyuan_coord):
    campaign = f.example(org, people, "normative_cleanup")
    for user in [*scope.outsiders(people, kaiyuan_coord), people["police_staff"]]:
        scope.sweep_reads(client, campaign, user)
        scope.sweep_steps(client, campaign, user, visible=False, maker=people["coordinator"])
    # 司法局's reviewer sees the campaign its unit leads; only a coordinator decides it
    for user in (people["reviewer"], people["leader"]):
        scope.sweep_steps(client, campaign, user, visible=True, maker=people["coordinator"])


def test_filing_review_steps(client, org, people, kaiyuan_coord):
    filing = f.example(org, people, "normative_filing")  # 公安局's document, 司法局 examines
    for user in scope.outsiders(people, kaiyuan_coord):
        scope.sweep_reads(client, filing, user, unit=org["police"])
        scope.sweep_steps(client, filing, user, visible=False, maker=people["reviewer"])
    # the organ (公安局) reports its correction and nothing else; the leader takes nothing
    scope.sweep_steps(
        client,
        filing,
        people["police_staff"],
        visible=True,
        maker=people["reviewer"],
        skip=("report",),
    )
    scope.sweep_steps(client, filing, people["leader"], visible=True, maker=people["reviewer"])


def test_incidental_review_steps(client, org, people, kaiyuan_coord):
    review = f.example(org, people, "normative_incidental")  # 司法局's 复议 case, 公安局's document
    for user in scope.outsiders(people, kaiyuan_coord):
        scope.sweep_reads(client, review, user)
        scope.sweep_steps(client, review, user, visible=False, maker=people["reviewer"])
    # the maker (公安局) answers and takes no other step
    scope.sweep_steps(
        client,
        review,
        people["police_staff"],
        visible=True,
        maker=people["reviewer"],
        skip=("answer",),
    )


def test_registrations_naming_another_county_are_refused(client, org, people, kaiyuan_coord):
    doc = f.existing(org, people["coordinator"], number=5)  # 弥勒公安局's, in force
    case_review = f.example(org, people, "normative_incidental")
    before = (
        FilingReview.objects.count(),
        CleanupCampaign.objects.count(),
        IncidentalReview.objects.count(),
        NormativeDocument.objects.count(),
        scope.counts(),
    )
    for user in (people["kaiyuan_staff"], kaiyuan_coord):
        scope.login(client, user)
        filed = client.post(
            "/api/normative/filing/records",
            {"document": str(doc.pk), "received_on": "2024-05-20"},
            "application/json",
        )
        assert filed.status_code in (403, 422), filed.content
        incidental = client.post(
            "/api/normative/incidental/records",
            {"case": str(case_review.case_id), "document_title": "x", "requested_on": "2024-05-10"},
            "application/json",
        )
        assert incidental.status_code in (403, 422), incidental.content
        drafted = client.post(
            "/api/normative/records",
            {"title": "借名起草", "organ": "532504-gaj", "drafted_on": "2024-05-10"},
            "application/json",
        )
        assert drafted.status_code in (403, 422), drafted.content
    scope.login(client, kaiyuan_coord)
    campaign = client.post(
        "/api/normative/cleanup/records",
        {
            "title": "越界清理",
            "units": ["532504-gaj"],
            "cutoff_on": "2024-01-01",
            "opened_on": "2024-02-01",
        },
        "application/json",
    )
    assert campaign.status_code in (403, 422), campaign.content
    # 公安局's staff, in the name of the government of another county or of 自然资源局
    scope.login(client, people["police_staff"])
    for organ in ("532502", "532504-zrzyj"):
        drafted = client.post(
            "/api/normative/records",
            {"title": "借名起草", "organ": organ, "drafted_on": "2024-05-10"},
            "application/json",
        )
        assert drafted.status_code in (403, 422), drafted.content
    after = (
        FilingReview.objects.count(),
        CleanupCampaign.objects.count(),
        IncidentalReview.objects.count(),
        NormativeDocument.objects.count(),
        scope.counts(),
    )
    assert after == before


def test_imports_naming_another_unit_or_county_write_nothing(client, org, people, kaiyuan_coord):
    row_ = {
        "制定机关代码": "532504-zrzyj",
        "起草单位代码": "532504-zrzyj",
        "标题": "导入的文件",
        "文号": "弥自然通〔2021〕3号",
        "公布日期": "2021-04-12",
    }
    before, imported = NormativeDocument.objects.count(), scope.imported_rows()
    scope.upload_import(client, people["police_staff"], DocumentImporter, [row_])
    scope.upload_import(client, kaiyuan_coord, DocumentImporter, [row_])
    scope.upload_import(
        client,
        kaiyuan_coord,
        DocumentImporter,
        [row_ | {"制定机关代码": "532504", "起草单位代码": "532504-gaj"}],
    )
    assert NormativeDocument.objects.count() == before and scope.imported_rows() == imported
    # the control: 弥勒's coordinator imports the 自然资源局 row
    scope.upload_import(client, people["coordinator"], DocumentImporter, [row_])
    assert NormativeDocument.objects.count() == before + 1


def test_the_public_library_shows_no_draft_and_no_other_county(
    client, org, people, settings, kaiyuan_coord
):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    draft = f.drafted(org, people["police_staff"], title="尚未公布的草案")
    theirs = services.record_existing(
        kaiyuan_coord,
        W,
        organ=org["kaiyuan_justice"],
        unit=org["kaiyuan_justice"],
        title="开远市司法局的规定",
        doc_number="开司发〔2021〕1号",
        published_on=D(2021, 5, 6),
    )
    client.logout()
    for doc in (draft, theirs):
        assert client.get(f"/guifan/wenku/{doc.pk}/").status_code == 404
    library = client.get("/guifan/wenku/").content.decode()
    assert "尚未公布的草案" not in library and "开远市司法局的规定" not in library
