"""An ID number and a mobile number typed into free text (a 依申请公开 request's description, and
the report text a coordinator pasted it into) never reach the public or an export unmasked."""

import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.audit import Channel
from fazhi.oversight.disclosure.tests.factories import received
from fazhi.reports import services
from fazhi.reports.tests import workflow

ID_NUMBER = "53252619800101001X"  # a valid check digit (GB 11643), not a real person's
MOBILE = "13987654321"
DESCRIPTION = f"本人（身份证号{ID_NUMBER}，电话{MOBILE}）申请公开髯翁路拆迁补偿方案"
MASKED = ("5325**********001X", "139****4321")


@pytest.fixture
def request_with_personal_data(org, people):
    return received(org, people["police_staff"], description=DESCRIPTION)


@pytest.fixture
def published_report(org, people):
    """弥勒市's 2021 report, whose part 六 quotes the request, issued and so published."""
    draft = services.create_report(people["coordinator"], Channel.WEB, org["mile"], 2021)
    part = draft.parts.get(number=6)
    services.update_part(people["coordinator"], Channel.WEB, part, f"如：{DESCRIPTION}。")
    return workflow.sign(draft, people)


def assert_masked(text: str) -> None:
    assert ID_NUMBER not in text and MOBILE not in text
    assert all(masked in text for masked in MASKED)


def test_the_staff_export_masks_the_description(request_with_personal_data, people, client):
    client.force_login(people["coordinator"])
    response = client.get(reverse("disclosure:export"))
    rows = list(load_workbook(io.BytesIO(response.getvalue())).active.values)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert_masked(row["所需政府信息的名称、文号或描述"])


def test_the_public_tracking_page_never_shows_it(request_with_personal_data, client):
    request = request_with_personal_data
    page = client.post(
        reverse("disclosure:track"), {"number": request.number, "code": request.check_code}
    ).content.decode()
    assert "办理中" in page
    assert ID_NUMBER not in page and MOBILE not in page and "髯翁路" not in page


def test_the_published_report_masks_it_on_the_portal(published_report, client):
    page = client.get(reverse("portal:annual_report", args=[published_report.pk]))
    assert_masked(page.content.decode())
    home = client.get(reverse("portal:home")).content.decode()
    assert published_report.title in home


def test_the_published_reports_pdf_masks_it(published_report, client, tmp_path):
    pdf = client.get(reverse("portal:annual_report_file", args=[published_report.pk, "pdf"]))
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert_masked("".join(text.split()))  # pdftotext breaks lines inside the text


def test_every_download_of_the_issued_report_masks_it(published_report, people, client):
    from docx import Document

    client.force_login(people["coordinator"])
    docx = client.get(reverse("reports:download", args=[published_report.pk, "docx"]))
    document = Document(io.BytesIO(docx.content))
    assert_masked("".join(p.text for p in document.paragraphs))
    html = client.get(reverse("reports:download", args=[published_report.pk, "html"]))
    assert_masked(html.content.decode())
