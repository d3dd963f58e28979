"""The page the kernel's ledger does not build: a campaign's results as an Excel file (one row a
评查案卷, as the user may see them: a department only its own)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404

from fazhi.core.exports import Column, xlsx_response

from . import queries

COLUMNS = [
    Column("执法部门", lambda f: f.unit.name),
    Column("案号", lambda f: f.case.number),
    Column("案由(事项)", lambda f: f.case.title),
    Column("评查人", lambda f: f.reviewer.full_name if f.reviewer_id else ""),
    Column("评分日期", lambda f: f.scored_on),
    Column("得分", lambda f: f.total),
    Column("满分", lambda f: f.max_total),
    Column("得分(百分制)", lambda f: f.percent),
    Column("评查等次", lambda f: f.get_grade_display()),
    Column("整改事项", lambda f: f.findings),
    Column("反馈日期", lambda f: f.sent_on),
    Column("整改期限", lambda f: f.rectify_due_on),
    Column("整改情况", lambda f: f.rectification),
    Column("整改完成日期", lambda f: f.rectified_on),
    Column("状态", lambda f: f.get_status_display()),
]


@login_required
def results_export(request, pk: int):
    campaign = get_object_or_404(queries.visible_campaigns(request.user), pk=pk)
    files = (
        queries.visible_files(request.user)
        .filter(campaign=campaign)
        .select_related("reviewer")
        .order_by("unit__path", "id")
    )
    return xlsx_response(files, COLUMNS, f"案卷评查结果-{campaign.year}.xlsx", "评查结果")
