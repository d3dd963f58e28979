import datetime as dt

from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.disputes.reconsideration.tests.factories import accepted
from fazhi.reports import services
from fazhi.reports.tests import workflow


def test_issued_report_is_published_with_frozen_figures_and_no_record_links(org, people, client):
    accepted(
        org,
        people["reviewer"],
        submitted_on=dt.date(2021, 3, 1),
        applicant_id_number="11010519491231002X",
    )
    draft = services.create_report(people["coordinator"], Channel.WEB, org["mile"], 2021)
    assert draft.title not in client.get(reverse("portal:home")).content.decode()
    assert client.get(reverse("portal:annual_report", args=[draft.pk])).status_code == 404

    report = workflow.sign(draft, people, index_number="11532504MB0000000X/2022-00001")
    home = client.get(reverse("portal:home")).content.decode()
    assert report.title in home and "弥政报〔2022〕5号" in home
    page = client.get(reverse("portal:annual_report", args=[report.pk])).content.decode()
    assert "受理" in page and "/figures/" not in page  # staff-only record links are not published
    assert "11010519491231002X" not in page
    pdf = client.get(reverse("portal:annual_report_file", args=[report.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
