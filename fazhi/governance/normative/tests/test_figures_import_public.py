"""The figures on a small built dataset; the history import (all or nothing, errors by row and
column); the public library; the report paragraphs."""

import io

import pytest
from django.core.management.base import CommandError
from django.urls import reverse

from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry
from fazhi.figures.registry import Period
from fazhi.figures.services import compute_all
from fazhi.governance.normative import services
from fazhi.governance.normative.imports import DocumentImporter
from fazhi.governance.normative.models import DocStatus, NormativeDocument
from fazhi.testing.import_files import run_import_command, xlsx_for

from .factories import D, existing, published


def _values(scope, year=2021) -> dict:
    return {
        c.figure.id: c.result
        for c in compute_all(scope, Period.year(year))
        if c.figure.id.startswith("doc.")
    }


def test_figures_count_the_records_of_the_scope_and_year(org, people, settings):
    coordinator = people["coordinator"]
    a = existing(org, coordinator, number=1)
    b = existing(org, coordinator, number=2)
    c = existing(org, coordinator, number=3, organ=org["land"])
    existing(org, people["kaiyuan_staff"], organ=org["kaiyuan_justice"], number=4)
    campaign = services.open_campaign(
        coordinator,
        Channel.WEB,
        government=org["mile"],
        office=org["justice"],
        title="清理",
        cutoff_on=D(2021, 2, 28),
        opened_on=D(2021, 3, 1),
    )
    for doc, decision in ((a, "abolish"), (b, "amend"), (c, "keep")):
        services.decide(
            coordinator,
            Channel.WEB,
            campaign,
            document=doc,
            decision=decision,
            reason="理由",
            on=D(2021, 4, 1),
        )
    services.close_campaign(coordinator, Channel.WEB, campaign, on=D(2021, 6, 30))
    new = published(org, people, on=D(2021, 9, 1))  # reviewed, not yet filed
    services.file_document(people["police_staff"], Channel.WEB, new, on=D(2021, 10, 20))  # late
    review = services.receive_filing(
        people["reviewer"],
        Channel.WEB,
        office=org["justice"],
        document=c,
        received_on=D(2021, 5, 1),
    )
    services.conclude(
        people["reviewer"], Channel.WEB, review, on=D(2021, 5, 20), outcome="registered"
    )
    got = _values(org["mile"])
    counts = {k: v.value for k, v in got.items()}
    assert counts["doc.cleanup.abolished"] == 1 and counts["doc.cleanup.amended"] == 1
    assert counts["doc.filing_reviews"] == 1
    assert (counts["doc.issued"], counts["doc.abolished"], counts["doc.effective"]) == (1, 1, 3)
    assert counts["doc.review_rate"] == 100
    # versions published in 2021: the new one (filed late) and b's amendment (not filed yet)
    assert (got["doc.filing_rate"].numerator, got["doc.filing_rate"].denominator) == (1, 2)
    assert (
        got["doc.filing_on_time_rate"].numerator,
        got["doc.filing_on_time_rate"].denominator,
    ) == (0, 2)
    # a department's scope counts its own; another county's and another year's count nothing
    assert _values(org["land"])["doc.effective"].value == 1
    assert _values(org["kaiyuan"])["doc.effective"].value == 1
    assert _values(org["mile"], 2020)["doc.cleanup.abolished"].value == 0


GOOD = {
    "制定机关代码": "532504",
    "起草单位代码": "532504-gaj",
    "标题": "弥勒市人民政府关于禁止在重点区域内道路上停车的通告",
    "文号": "弥政通〔2021〕2号",
    "公布日期": "2021-04-06",
    "合法性审核意见日期": "2021-03-17",
    "报送备案日期": "2021-04-20",
}


def test_the_import_replays_the_history_through_the_services(org, people, tmp_path):
    path = tmp_path / "docs.xlsx"
    gone = GOOD | {
        "文号": "弥政发〔2018〕9号",
        "标题": "旧规定",
        "公布日期": "2018-03-01",
        "合法性审核意见日期": "",
        "报送备案日期": "2018-03-20",
        "废止日期": "2021-06-30",
        "废止理由": "清理废止",
    }
    path.write_bytes(xlsx_for(DocumentImporter, [GOOD, gone]))
    run_import_command("normative", path, "coord")
    doc = NormativeDocument.objects.get(doc_number="弥政通〔2021〕2号")
    assert (doc.status, doc.organ, doc.unit, doc.filed_on) == (
        DocStatus.EFFECTIVE,
        org["mile"],
        org["police"],
        D(2021, 4, 20),
    )
    assert doc.versions.count() == 1
    old = NormativeDocument.objects.get(doc_number="弥政发〔2018〕9号")
    assert (old.status, old.abolished_on) == (DocStatus.ABOLISHED, D(2021, 6, 30))
    assert AuditEntry.objects.filter(channel="import", action="登记已公布的规范性文件").count() == 2


def test_an_import_with_bad_rows_writes_nothing_and_names_row_and_column(org, people, tmp_path):
    path, errors = tmp_path / "docs.xlsx", io.StringIO()
    rows = [
        GOOD,
        GOOD | {"制定机关代码": "532502-sfj", "文号": "x1"},  # another county's unit
        GOOD | {"公布日期": "2021-02-30", "文号": "x2"},  # no such date
        GOOD | {"暂行或试行": "也许", "文号": "x3"},  # not a choice
        GOOD | {"起草单位代码": "532504-nowhere", "文号": "x4"},  # unknown unit
        GOOD | {"废止日期": "2021-05-01", "文号": "x5"},  # 废止 without a reason
    ]
    path.write_bytes(xlsx_for(DocumentImporter, rows))
    with pytest.raises(CommandError):
        run_import_command("normative", path, "coord", errors)
    text = errors.getvalue()
    assert not NormativeDocument.objects.exists()
    assert not AuditEntry.objects.filter(channel="import").exists()
    for row, column in (
        (3, "制定机关代码"),
        (4, "公布日期"),
        (5, "暂行或试行"),
        (6, "起草单位代码"),
        (7, "废止理由"),
    ):
        assert f"第{row}行" in text and column in text, (row, column, text)
    assert "不属于弥勒市人民政府" in text


def test_the_public_library_lists_published_documents_with_their_history(
    org, people, client, settings
):
    settings.FAZHI_GOVERNMENT_CODE = "532504"
    coordinator = people["coordinator"]
    kept = existing(org, coordinator, number=1, title="弥勒市公安局户外广告设置管理办法")
    amended = existing(org, coordinator, number=2, title="弥勒市公安局停车管理规定")
    services.amend(coordinator, Channel.WEB, amended, on=D(2021, 5, 6), reason="上位法修改")
    gone = existing(org, coordinator, number=3, title="弥勒市公安局犬只管理规定")
    services.abolish(coordinator, Channel.WEB, gone, on=D(2021, 6, 1), reason="清理废止")
    draft = NormativeDocument.objects.create(
        organ=org["police"], unit=org["police"], title="未公布的草案", drafted_on=D(2021, 1, 1)
    )
    existing(org, people["kaiyuan_staff"], organ=org["kaiyuan_justice"], title="开远市文件")
    page = client.get(reverse("normative:library")).content.decode()
    assert kept.title in page and amended.title in page and gone.title in page
    assert draft.title not in page and "开远市文件" not in page
    found = client.get(reverse("normative:library"), {"q": "弥公发〔2019〕2号"}).content.decode()
    assert amended.title in found and kept.title not in found
    by_unit = client.get(reverse("normative:library"), {"q": "公安局", "state": "ended"})
    assert gone.title in by_unit.content.decode() and kept.title not in by_unit.content.decode()
    history = client.get(reverse("normative:library_document", args=[amended.pk])).content.decode()
    assert (
        "第2版" in history
        and "第1版" in history
        and "已修改" in history
        and "上位法修改" in history
    )
    ended = client.get(reverse("normative:library_document", args=[gone.pk])).content.decode()
    assert "废止" in ended and "2021-06-01" in ended
    assert client.get(reverse("normative:library_document", args=[draft.pk])).status_code == 404


def test_the_report_states_the_seed_sentences(org):
    from fazhi.core.procedures import get

    texts = [r.text for r in get("normative").report]
    assert any('共废止{% fig "doc.cleanup.abolished" %}规范性文件' in t for t in texts)
    assert any('{% fig "doc.filing_reviews" %}' in t for t in texts)
    assert {r.part for r in get("normative").report} == {1, 2}
