"""Loading: every encoding a government office produces, newline styles, and clean errors."""

from __future__ import annotations

import codecs

import pytest

from govlint.errors import InputError
from govlint.load import decode, load, normalise_newlines

TEXT = "某镇2023年度法治政府建设情况报告\n一、依法全面履行政府职能\n全年共举行听证会2次。\n"


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (TEXT.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8", True),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", True),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", True),
        (TEXT.encode("gb18030"), "gb18030", False),
        (TEXT.encode("gbk"), "gb18030", False),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "gb18030", "gbk"],
)
def test_decodes_every_office_encoding(data: bytes, encoding: str, bom: bool) -> None:
    text, found, had_bom = decode(data, "r.txt")
    assert text == TEXT
    assert (found, had_bom) == (encoding, bom)


@pytest.mark.parametrize(("raw", "style"), [("a\r\nb\r\n", "\r\n"), ("a\rb\r", "\r"), ("a\nb\n", "\n")])
def test_newlines_are_normalised_and_remembered(raw: str, style: str) -> None:
    assert normalise_newlines(raw) == ("a\nb\n", style)


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"", "文件为空"),
        (b"  \n\n ", "文件为空"),
        (bytes(range(256)) * 8, "二进制"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "二进制"),
    ],
    ids=["empty", "blank", "random-binary", "png"],
)
def test_bad_input_is_one_clear_error(tmp_path, data: bytes, needle: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        load(str(path))
    assert needle in str(info.value)
    assert str(path) in str(info.value)


def test_missing_file_and_directory(tmp_path) -> None:
    with pytest.raises(InputError, match="文件不存在"):
        load(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="目录"):
        load(str(tmp_path))


def test_oversized_file_is_refused(tmp_path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(TEXT.encode() * 10)
    with pytest.raises(InputError, match="文件过大"):
        load(str(path), max_bytes=100)


def test_unknown_extension_is_sniffed_as_text(tmp_path) -> None:
    path = tmp_path / "report.report"
    path.write_text(TEXT, encoding="utf-8")
    assert load(str(path)).text == TEXT


def test_markdown_headings_are_marked(tmp_path) -> None:
    path = tmp_path / "r.md"
    path.write_text("# 标题\n\n```\n# 不是标题\n```\n## 依法全面履行政府职能\n", encoding="utf-8")
    assert load(str(path)).heading_lines == {0: 1, 5: 2}
