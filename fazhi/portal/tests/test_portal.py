import datetime as dt
import re

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


PART_SIX = '部门{% fig "rec.accepted" %}件，另有{% fig "rec.reviewed" %}。【待填写：原因】'


def issued_report(org, people):
    draft = services.create_report(people["coordinator"], Channel.WEB, org["mile"], 2021)
    part = draft.parts.get(number=6)
    services.update_part(people["coordinator"], Channel.WEB, part, PART_SIX)
    return workflow.sign(draft, people)


def test_the_public_page_is_the_document_alone_under_the_portal_header(org, people, client):
    report = issued_report(org, people)
    page = client.get(reverse("portal:annual_report", args=[report.pk])).content.decode()
    assert "门户首页" in page and "工作人员登录" in page  # the portal's header (base.html)
    assert report.title.partition("关于")[2] in page
    for internal in ("数据来源", "一致性检查", "点击数值", "rec.accepted", "data-figure", "【"):
        assert internal not in page, internal
    text = re.sub(r"<[^>]+>", "", page)
    assert "部门0件，另有0件。" in text  # the unit once; the marker left out
    pdf_url = reverse("portal:annual_report_file", args=[report.pk, "pdf"])
    docx_url = reverse("portal:annual_report_file", args=[report.pk, "docx"])
    assert f'href="{pdf_url}"' in page and f'href="{docx_url}"' in page
    assert "<style" not in page  # the stylesheet is a static file (CSP)
    docx = client.get(docx_url)
    assert docx.content.startswith(b"PK") and "attachment" in docx["Content-Disposition"]


def test_the_public_page_shows_times_in_local_time(org, people, client):
    report = issued_report(org, people)
    issued_at = dt.datetime(2022, 3, 16, 1, 30, tzinfo=dt.UTC)  # 09:30 in Asia/Shanghai
    type(report).objects.filter(pk=report.pk).update(issued_at=issued_at)
    page = client.get(reverse("portal:annual_report", args=[report.pk])).content.decode()
    assert "签发时间：2022年3月16日 09:30" in page and "01:30" not in page
    assert "索引号：000014348/2022-01024" in page and "成文日期：2022年3月16日" in page


def test_the_staff_page_keeps_the_drill_down_from_every_figure(org, people, client):
    report = issued_report(org, people)
    client.force_login(people["coordinator"])
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    document = page.split("<article")[1].split('class="report-appendix"')[0]
    figures = document.count('class="fig"')
    assert figures and figures == document.count('<a href="/figures/')
    assert "数据来源" in page and "一致性检查" in page and "点击数值可查看所计记录" in page
    frozen_at = report.frozen_figures["frozen_at"]
    assert frozen_at[:19] not in page  # the UTC time is shown as local time


def test_the_portal_home_leads_to_every_public_service(org, client):
    """What the procedures publish is reached from the portal's home, not only by its address:
    the 决策 pages, the library of 规范性文件, the draws, the 依申请公开 forms — each answering."""
    page = client.get("/").content.decode()
    for name in ["decisions:portal", "normative:library", "draws:list", "disclosure:apply"]:
        url = reverse(name)
        assert f'href="{url}"' in page, name
        assert client.get(url).status_code == 200, name
