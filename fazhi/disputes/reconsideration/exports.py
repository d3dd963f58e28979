"""The case ledger as XLSX, written row by row (openpyxl write-only) so memory stays flat."""

import io

from openpyxl import Workbook

from fazhi.core.masking import mask_id_number, mask_phone

HEADERS = [
    "案号",
    "申请人",
    "申请人类型",
    "身份证号码",
    "联系电话",
    "被申请人",
    "被申请复议的行政行为",
    "案件类别",
    "申请方式",
    "收到申请日期",
    "适用法律",
    "状态",
    "受理日期",
    "审理程序",
    "决定期限",
    "结案日期",
    "结果",
]


def row(case) -> list:
    return [
        case.number,
        case.applicant_name,
        case.get_applicant_type_display(),
        mask_id_number(case.applicant_id_number),
        mask_phone(case.applicant_phone),
        case.respondent.name,
        case.act,
        case.get_category_display(),
        case.get_receipt_channel_display(),
        case.received_on,
        case.get_law_display(),
        case.get_status_display(),
        case.accepted_on,
        case.get_procedure_display(),
        case.decision_due_on,
        case.closed_on,
        case.get_outcome_display(),
    ]


def workbook_bytes(cases) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("行政复议案件")
    sheet.append(HEADERS)
    for case in cases.iterator(chunk_size=2000):
        sheet.append(row(case))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def stream_xlsx(cases):
    """openpyxl writes the zip at save time, so the response is produced in one piece, but the
    rows are read from the database in chunks."""
    yield workbook_bytes(cases)
