"""An issued report freezes the audit chain's head and prints it (审计链锚点), so a published
report fixes the chain up to its issue: `fazhi audit verify --count N --hash H` checks it."""

import io
import subprocess

import pytest
from django.core.management import CommandError, call_command

from fazhi.core import audit
from fazhi.core.audit import Channel
from fazhi.core.models import AuditEntry, AuditHead
from fazhi.reports import render, services
from fazhi.reports.tests import workflow


@pytest.fixture
def issued(org, people):
    draft = services.create_report(people["coordinator"], Channel.WEB, org["mile"], 2021)
    approved = workflow.approve(draft, people)
    head = audit.snapshot_head()
    return workflow.sign(approved, people), head


def test_issuing_freezes_the_head_and_every_output_prints_it(issued, tmp_path):
    report, (count, head_hash) = issued
    assert report.frozen_figures["audit_anchor"]["count"] == count
    assert report.frozen_figures["audit_anchor"]["hash"] == head_hash
    line = f"审计链锚点：第 {count} 条 {head_hash}"

    assert line in render.to_html(report)

    from docx import Document

    document = Document(io.BytesIO(render.to_docx(report)))
    assert line in [p.text for p in document.paragraphs]

    path = tmp_path / "report.pdf"
    path.write_bytes(render.to_pdf(report))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    compact = "".join(text.split())
    assert f"审计链锚点：第{count}条" in compact and head_hash[:32] in compact


def test_a_draft_prints_no_anchor(org, people):
    draft = services.create_report(people["coordinator"], Channel.WEB, org["mile"], 2021)
    assert "审计链锚点" not in render.to_html(draft)


def test_the_published_anchor_finds_a_tail_deleted_after_the_issue(issued, people):
    report, _ = issued
    anchor = report.frozen_figures["audit_anchor"]
    published = ["--count", str(anchor["count"]), "--hash", anchor["hash"]]
    call_command("audit", "anchor", stdout=io.StringIO())
    call_command("audit", "verify", *published, stdout=io.StringIO())

    # someone deletes every row from the report's anchor on, rewinds the head, re-anchors
    cut = AuditEntry.objects.order_by("id")[anchor["count"] - 2]
    AuditEntry.objects.filter(id__gte=cut.pk).delete()
    last = AuditEntry.objects.order_by("id").last()
    AuditHead.objects.update(count=AuditEntry.objects.count(), last_hash=last.hash)
    audit.anchor_path().unlink()
    call_command("audit", "anchor", stdout=io.StringIO())

    err = io.StringIO()
    with pytest.raises(CommandError, match="审计链校验失败"):
        call_command("audit", "verify", *published, stdout=io.StringIO(), stderr=err)
    assert "命令行给出" in err.getvalue() and "链尾被删除" in err.getvalue()
