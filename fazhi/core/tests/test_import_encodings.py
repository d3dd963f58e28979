"""One encoding per CSV file, decided on the whole file (issue 6, imports).

The reader that was here decided on the first 64 KB: a file that turned from GBK to UTF-8 after
them was imported as mojibake, and a GBK file whose first 64 KB were ASCII was refused.
"""

import io
from typing import ClassVar

import pytest

from fazhi.core.audit import Channel
from fazhi.core.imports import Column, Importer, register, run_import, text, unregister

FILLER = 70 * 1024  # past the 64 KB the encoding used to be guessed from


class NamesImporter(Importer):
    kind, label = "test-names", "测试名单"
    columns = [Column("编号", "number", text(20)), Column("名称", "name", text(100))]
    written: ClassVar[list[dict]] = []

    def write(self, rows, actor):
        if not self.trial:
            self.written.extend(rows)
        return len(rows)


@pytest.fixture(autouse=True)
def names():
    register(NamesImporter)
    NamesImporter.written.clear()
    yield NamesImporter
    unregister(NamesImporter.kind)


def lines(start: int, count: int, name: str) -> str:
    return "".join(f"{number},{name}\n" for number in range(start, start + count))


def import_names(content: bytes):
    return run_import("test-names", io.BytesIO(content), "名单.csv", None, Channel.IMPORT)


def ascii_filler() -> str:
    """ASCII rows (numbers and Latin names) filling the first 70 KB."""
    return lines(1, FILLER // 12, "name")


def test_a_file_that_turns_from_gbk_to_utf8_is_refused_naming_the_line(db):
    first = ("编号,名称\n" + lines(1, 8000, "弥勒市司法局")).encode("gbk")
    assert len(first) > FILLER
    then = lines(9000, 3, "弥勒市公安局").encode("utf-8")

    result = import_names(first + then)

    assert [str(e) for e in result.errors] == [
        "文件：文件混用了两种字符编码：第8002行是 UTF-8 编码，而第1行起是 GBK(GB18030) 编码。"
        "请将整个文件另存为“CSV UTF-8(逗号分隔)”后再导入"
    ]
    assert NamesImporter.written == []


def test_a_file_that_turns_from_utf8_to_gbk_is_refused_naming_the_line(db):
    first = ("编号,名称\n" + lines(1, 10, "弥勒市司法局")).encode("utf-8")
    then = lines(100, 2, "弥勒市公安局").encode("gbk")

    [error] = import_names(first + then).errors

    assert error.reason.startswith("文件混用了两种字符编码：第12行是 GBK(GB18030) 编码")


def test_a_gbk_file_whose_first_64_kb_are_ascii_imports(db):
    content = ("编号,名称\n" + ascii_filler() + lines(90000, 2, "弥勒市司法局")).encode("gbk")

    result = import_names(content)

    assert result.ok, result.errors
    assert [row["name"] for row in NamesImporter.written[-2:]] == ["弥勒市司法局"] * 2


def test_a_utf8_file_whose_first_64_kb_are_ascii_imports(db):
    content = ("编号,名称\n" + ascii_filler() + lines(90000, 2, "弥勒市司法局")).encode("utf-8")

    result = import_names(content)

    assert result.ok, result.errors
    assert NamesImporter.written[-1]["name"] == "弥勒市司法局"


def test_a_line_in_neither_encoding_is_named(db):
    content = "编号,名称\n1,弥勒\n".encode() + b"2,\xff\xfe\x80\n"

    [error] = import_names(content).errors

    assert error.reason.startswith("文件第3行含有无法识别的字符(既不是 UTF-8 也不是 GBK 编码)")


def test_a_utf16_file_with_a_broken_character_is_refused(db):
    content = "编号\t名称\n1\t弥勒\n".encode("utf-16") + b"\x00\xd8\x41\x00"  # lone surrogate

    [error] = import_names(content).errors

    assert "不是有效的 UTF-16 编码" in error.reason


def test_a_utf8_bom_file_with_a_gbk_line_is_refused(db):
    content = "\ufeff编号,名称\n1,弥勒\n".encode() + "2,开远\n".encode("gbk")

    [error] = import_names(content).errors

    assert error.reason.startswith(
        "文件混用了两种字符编码：第3行是 GBK(GB18030) 编码，而第1行起是 UTF-8"
    )
