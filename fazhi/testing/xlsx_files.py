"""Hand-made XLSX files for the import tests: openpyxl cannot write what a hostile file holds
(a sheet declaring A1:XFD1048576, rows out of order, a part that lies about its size)."""

import io
import struct
import zipfile

_CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
_PACKAGE_RELATIONS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_RELATIONS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_STRINGS_START = (
    '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
_SHEET_START = (
    '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main"><dimension ref="{dimension}"/><sheetData>'
)
_SHEET_END = "</sheetData></worksheet>"


def inline(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def workbook_bytes(sheet_parts, dimension="A1:B2", strings=()) -> bytes:
    """A minimal XLSX whose sheet (and shared-string table) are the given XML pieces, written
    as they come."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _PACKAGE_RELATIONS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _RELATIONS)
        start = _SHEET_START.format(dimension=dimension)
        _write_part(archive, "xl/worksheets/sheet1.xml", [start, *sheet_parts, _SHEET_END])
        _write_part(archive, "xl/sharedStrings.xml", [_STRINGS_START, *strings, "</sst>"])
    return buffer.getvalue()


def _write_part(archive: zipfile.ZipFile, name: str, parts) -> None:
    with archive.open(name, "w", force_zip64=True) as part:
        for piece in parts:  # a lone surrogate or a control character goes in as it is
            part.write(piece.encode("utf-8", "surrogatepass") if isinstance(piece, str) else piece)


def with_declared_size(content: bytes, part: str, size: int) -> bytes:
    """The zip with `part`'s uncompressed size rewritten (local header and central directory)."""
    data = bytearray(content)
    name = part.encode()
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, start + size_at, size)
            start += 4
    return bytes(data)
