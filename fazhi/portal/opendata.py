"""Open data: every figure published in an issued annual report, as frozen when it was issued —
never a live figure (a draft's numbers are not yet the government's word). Each row says what the
figure is (its written definition) and where it comes from (its source and the report that
published it). Figures are counts and rates; no record, name or number of a person is published,
and the typed texts (labels, definitions) are masked like every public text."""

from __future__ import annotations

import csv
import io
import json

from fazhi.core.masking import mask_text
from fazhi.figures.registry import Source
from fazhi.reports.models import AnnualReport, ReportStatus

COLUMNS = [
    ("year", "年度"),
    ("unit_code", "单位代码"),
    ("unit_name", "单位"),
    ("figure_id", "指标编号"),
    ("label", "指标名称"),
    ("section", "报告部分"),
    ("value", "数值"),
    ("unit", "计量单位"),
    ("text", "显示值"),
    ("numerator", "分子"),
    ("denominator", "分母"),
    ("definition", "口径说明"),
    ("source", "数据来源"),
    ("period", "统计期间"),
    ("report_title", "发布报告"),
    ("doc_number", "文号"),
    ("issued_on", "成文日期"),
]


def published_figures() -> list[dict]:
    """One row per figure of each issued report, newest year first (one query)."""
    reports = (
        AnnualReport.objects.filter(status=ReportStatus.ISSUED, frozen_figures__isnull=False)
        .select_related("unit")
        .order_by("-year", "unit__path")
    )
    rows = []
    for report in reports:
        frozen = report.frozen_figures or {}
        period = frozen.get("period") or {}
        for item in frozen.get("figures", []):
            source = item.get("source", "")
            rows.append(
                {
                    "year": report.year,
                    "unit_code": report.unit.code,
                    "unit_name": report.unit.name,
                    "figure_id": item.get("id", ""),
                    "label": mask_text(item.get("label", "")),
                    "section": item.get("section", ""),
                    "value": item.get("value"),
                    "unit": item.get("unit", ""),
                    "text": item.get("text", ""),
                    "numerator": item.get("numerator"),
                    "denominator": item.get("denominator"),
                    "definition": mask_text(item.get("definition", "")),
                    "source": Source(source).label if source in Source.values else source,
                    "period": f"{period.get('start', '')}至{period.get('end', '')}",
                    "report_title": mask_text(report.title),
                    "doc_number": report.doc_number,
                    "issued_on": report.issued_on.isoformat() if report.issued_on else "",
                }
            )
    return rows


def as_csv(rows: list[dict]) -> bytes:
    """UTF-8 with a byte order mark, so that Excel opens the Chinese text as such."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label for _, label in COLUMNS])
    for row in rows:
        writer.writerow(["" if row[key] is None else row[key] for key, _ in COLUMNS])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def as_json(rows: list[dict]) -> bytes:
    payload = {"fields": dict(COLUMNS), "figures": rows}
    return json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")
